// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Relays
{
    /// <summary>
    /// The one owner of every channel relay, every channel's charger-supply switch and the dead-man heartbeat
    /// (spec §1). Nothing else drives those pins.
    /// </summary>
    /// <remarks>
    /// Two interlocks stand between a caller and a closed relay: the channel must be armed first, and a disarm or
    /// <see cref="OpenAll"/> opens and disarms at once. The relay coils are powered only while the heartbeat keeps
    /// the board's retriggerable monostable fed, so a firmware that stops ticking drops every relay within 0.5 s.
    /// <see cref="EmergencyOpen"/> may be called from any thread: it opens everything at once and locks the bank out, so
    /// nothing can arm or close until the loop has handled the stop and a new start releases it.
    /// </remarks>
    public sealed class RelayBank
    {
        /// <summary>Time after a relay switches before a measurement counts (spec §2; bounce is not specified, design choice).</summary>
        public const int SettleTimeMilliseconds = 50;

        private readonly IDigitalOutput[] _relays;
        private readonly IDigitalOutput[] _chargerSupplies;
        private readonly IDigitalOutput _heartbeat;
        private readonly IClock _clock;
        private readonly bool[] _armed;
        private readonly bool[] _closed;
        private readonly bool[] _supplyOn;
        private readonly long[] _switchedAtMilliseconds;
        private readonly object _sync = new object();
        private bool _heartbeatHigh;
        private bool _isLockedOut;

        /// <summary>Takes the pins and opens every relay and supply at once: the boot state is safe.</summary>
        /// <param name="relays">One coil driver per channel; high closes the relay.</param>
        /// <param name="chargerSupplies">One primary-side supply switch per channel; high powers the charger.</param>
        /// <param name="heartbeat">The dead-man heartbeat pin.</param>
        /// <param name="clock">Time for the settle windows.</param>
        public RelayBank(IDigitalOutput[] relays, IDigitalOutput[] chargerSupplies, IDigitalOutput heartbeat, IClock clock)
        {
            if (relays == null || chargerSupplies == null || relays.Length != chargerSupplies.Length || relays.Length == 0)
            {
                throw new System.ArgumentException("one relay and one charger supply per channel are required");
            }

            _relays = relays;
            _chargerSupplies = chargerSupplies;
            _heartbeat = heartbeat;
            _clock = clock;
            _armed = new bool[relays.Length];
            _closed = new bool[relays.Length];
            _supplyOn = new bool[relays.Length];
            _switchedAtMilliseconds = new long[relays.Length];
            for (var channel = 0; channel < _relays.Length; channel++)
            {
                _relays[channel].Write(false);
                _chargerSupplies[channel].Write(false);
            }

            _heartbeat.Write(false);
        }

        /// <summary>The number of channels.</summary>
        public int ChannelCount => _relays.Length;

        /// <summary>Opens and disarms every relay. Called at boot, on every fault and on any doubt.</summary>
        public void OpenAll()
        {
            lock (_sync)
            {
                for (var channel = 0; channel < _relays.Length; channel++)
                {
                    _armed[channel] = false;
                    Drive(channel, false);
                }
            }
        }

        /// <summary>
        /// The emergency stop, from any thread: every relay open and every charger supply off at once, and the bank locked
        /// out until <see cref="ReleaseLockOut"/>, so a tick running on the loop's thread cannot close a relay again.
        /// </summary>
        public void EmergencyOpen()
        {
            lock (_sync)
            {
                _isLockedOut = true;
                for (var channel = 0; channel < _relays.Length; channel++)
                {
                    _armed[channel] = false;
                    Drive(channel, false);
                    _supplyOn[channel] = false;
                    _chargerSupplies[channel].Write(false);
                }
            }
        }

        /// <summary>Whether an emergency stop holds every relay open.</summary>
        public bool IsLockedOut => _isLockedOut;

        /// <summary>Lifts the emergency stop's lock-out: only for a new start, on the loop's thread.</summary>
        public void ReleaseLockOut()
        {
            lock (_sync)
            {
                _isLockedOut = false;
            }
        }

        /// <summary>Allows <see cref="TryClose"/> on a channel. Arming does not close anything; it is refused while locked out.</summary>
        public void Arm(int channel)
        {
            lock (_sync)
            {
                _armed[channel] = !_isLockedOut;
            }
        }

        /// <summary>Opens the channel's relay and withdraws its permission to close.</summary>
        public void Open(int channel)
        {
            lock (_sync)
            {
                _armed[channel] = false;
                Drive(channel, false);
            }
        }

        /// <summary>Closes the channel's relay if it was armed; refuses (and keeps it open) otherwise.</summary>
        /// <returns>True when the relay is commanded closed.</returns>
        public bool TryClose(int channel)
        {
            lock (_sync)
            {
                var allowed = _armed[channel] && !_isLockedOut;
                Drive(channel, allowed);
                return allowed;
            }
        }

        /// <summary>Whether the channel may close.</summary>
        public bool IsArmed(int channel) => _armed[channel];

        /// <summary>The coil drive as last written: true when the relay is commanded closed.</summary>
        public bool IsClosed(int channel) => _closed[channel];

        /// <summary>Whether the settle time has passed since the channel's relay last switched.</summary>
        public bool IsSettled(int channel) =>
            _clock.NowMilliseconds - _switchedAtMilliseconds[channel] >= SettleTimeMilliseconds;

        /// <summary>When the channel's relay last changed state, in clock milliseconds.</summary>
        public long SwitchedAtMilliseconds(int channel) => _switchedAtMilliseconds[channel];

        /// <summary>Powers or cuts the channel's isolated charger supply (the independent second disconnect).</summary>
        public void SetChargerSupply(int channel, bool on)
        {
            lock (_sync)
            {
                var allowed = on && !_isLockedOut;
                _supplyOn[channel] = allowed;
                _chargerSupplies[channel].Write(allowed);
            }
        }

        /// <summary>Whether the channel's charger supply is switched on, as last written.</summary>
        public bool IsChargerSupplyOn(int channel) => _supplyOn[channel];

        /// <summary>The heartbeat level as last written.</summary>
        public bool IsHeartbeatHigh => _heartbeatHigh;

        /// <summary>
        /// Toggles the heartbeat. Call it only from a tick that completed healthy: a missing toggle is how the board's
        /// monostable learns the firmware is stuck.
        /// </summary>
        public void ToggleHeartbeat()
        {
            _heartbeatHigh = !_heartbeatHigh;
            _heartbeat.Write(_heartbeatHigh);
        }

        private void Drive(int channel, bool closed)
        {
            if (_closed[channel] != closed)
            {
                _closed[channel] = closed;
                _switchedAtMilliseconds[channel] = _clock.NowMilliseconds;
            }

            _relays[channel].Write(closed);
        }
    }
}
