// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Simulation
{
    /// <summary>
    /// The board's dead-man: a retriggerable monostable clocked by the heartbeat pin (spec §1). Its output enables
    /// the relay coil supply while the heartbeat has changed within the last period.
    /// </summary>
    public sealed class DeadManMonostable
    {
        /// <summary>The monostable's period: a hung firmware drops every relay within this time.</summary>
        public const long PeriodMicroseconds = 500_000;

        private readonly SimulatedPin _heartbeat;
        private readonly SimulatedClock _clock;

        /// <summary>Watches a heartbeat pin.</summary>
        public DeadManMonostable(SimulatedPin heartbeat, SimulatedClock clock)
        {
            _heartbeat = heartbeat;
            _clock = clock;
        }

        /// <summary>When the supply last went off by itself (the last heartbeat plus the period), in µs.</summary>
        public long ExpiredAtMicroseconds => _heartbeat.LastChangeMicroseconds + PeriodMicroseconds;

        /// <summary>Whether the coil supply is on now: the heartbeat has toggled at least once, recently.</summary>
        public bool IsCoilSupplyEnabled =>
            _heartbeat.TransitionCount > 0
            && _clock.NowMicroseconds - _heartbeat.LastChangeMicroseconds < PeriodMicroseconds;

        /// <summary>
        /// The read-back's shortest lag behind the coil supply going off with no coil on: C13 (10 µF) discharges through
        /// R18 + R19 (3 kΩ, τ = 30 ms), and GPIO14 may read Low once COIL_5V falls below 3.7 V (the ESP32's V_IH of 2.48 V
        /// through the 2/3 divider): 0.03 s × ln(5 / 3.7) ≈ 9 ms (hardware/README.md, the read-back).
        /// </summary>
        public const long ShortestSenseLagMicroseconds = 9_000;

        /// <summary>The longest: GPIO14 reads Low for certain once COIL_5V is below 1.24 V (V_IL, 0.83 V): 0.03 s × ln(5 / 1.24) ≈ 42 ms.</summary>
        public const long LongestSenseLagMicroseconds = 42_000;

        /// <summary>Where in that range this board's pin lets go; the longest by default (the check's worst case).</summary>
        public long SenseLagMicroseconds { get; set; } = LongestSenseLagMicroseconds;

        /// <summary>What GPIO14 reads through the read-back divider: the supply, held up <see cref="SenseLagMicroseconds"/> past its end.</summary>
        public bool IsCoilSenseHigh =>
            _heartbeat.TransitionCount > 0
            && _clock.NowMicroseconds - _heartbeat.LastChangeMicroseconds < PeriodMicroseconds + SenseLagMicroseconds;
    }

    /// <summary>
    /// A relay's contact, as the coil drive, the coil supply and time make it: it closes after the operate time with
    /// the coil energised, and opens after the release time without. A welded contact stays closed.
    /// </summary>
    public sealed class RelayEmulator
    {
        /// <summary>Operate time (Omron G5V-2: 7 ms max; SRD-05VDC: 10 ms max).</summary>
        public const long OperateMicroseconds = 7_000;

        /// <summary>Release time (Omron G5V-2: 3 ms max).</summary>
        public const long ReleaseMicroseconds = 3_000;

        private readonly SimulatedPin _coilDrive;
        private readonly DeadManMonostable _deadMan;
        private readonly SimulatedClock _clock;
        private bool _wasEnergised;
        private long _energyChangedMicroseconds;
        private bool _contactClosed;

        /// <summary>A relay whose coil is driven by a pin through the dead-man-enabled supply.</summary>
        public RelayEmulator(SimulatedPin coilDrive, DeadManMonostable deadMan, SimulatedClock clock)
        {
            _coilDrive = coilDrive;
            _deadMan = deadMan;
            _clock = clock;
            _coilDrive.BeforeChange += Update;
        }

        /// <summary>Fault: the contact welded the next time it closed, and stays closed whatever the coil does.</summary>
        public bool IsWelded { get; set; }

        /// <summary>Whether current can flow through the contact now.</summary>
        public bool IsContactClosed
        {
            get
            {
                Update();
                return _contactClosed;
            }
        }

        /// <summary>Whether the coil carries current now.</summary>
        public bool IsCoilEnergised => _coilDrive.IsHigh && _deadMan.IsCoilSupplyEnabled;

        private void Update()
        {
            var energised = IsCoilEnergised;
            var now = _clock.NowMicroseconds;
            if (energised != _wasEnergised)
            {
                // The change happened when its cause did: the coil pin moving, or the monostable running out.
                var changedAt = energised || !_coilDrive.IsHigh
                    ? System.Math.Min(now, _coilDrive.LastChangeMicroseconds)
                    : System.Math.Min(now, _deadMan.ExpiredAtMicroseconds);
                if (_wasEnergised && changedAt - _energyChangedMicroseconds >= OperateMicroseconds)
                {
                    _contactClosed = true; // it closed during the energised span, whether or not anyone looked
                }

                _wasEnergised = energised;
                _energyChangedMicroseconds = changedAt;
            }

            var since = now - _energyChangedMicroseconds;
            if (energised && since >= OperateMicroseconds)
            {
                _contactClosed = true;
            }
            else if (!energised && since >= ReleaseMicroseconds && !(IsWelded && _contactClosed))
            {
                _contactClosed = false;
            }
        }
    }
}
