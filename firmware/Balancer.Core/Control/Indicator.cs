// SPDX-License-Identifier: MIT

namespace Balancer.Core.Control
{
    /// <summary>What the status LED shows, most urgent first. Fixed values.</summary>
    public enum IndicatorPattern
    {
        /// <summary>Nothing working: a 100 ms flash every 3 s (the adapter is alive).</summary>
        Idle = 0,

        /// <summary>The session ended and no channel faulted: steady on.</summary>
        Done = 1,

        /// <summary>A channel is working (checking, charging, resting, holding): 1 Hz, half on.</summary>
        Working = 2,

        /// <summary>The pairing window is open: two 100 ms flashes a second.</summary>
        Pairing = 3,

        /// <summary>A channel is faulted: 5 Hz.</summary>
        Fault = 4,
    }

    /// <summary>
    /// The status LED and the buzzer, driven once a tick from the status (README, "The LED and the buzzer"):
    /// <list type="bullet">
    /// <item>the LED shows the most urgent <see cref="IndicatorPattern"/>;</item>
    /// <item>the buzzer gives three short beeps when a fault latches and one every 30 s while a fault stands, sounds half of
    /// every second while a guardrail that cuts the supplies is tripped (over-temperature, a welded relay: the alarm),
    /// gives two short beeps when a session ends with no fault and one long one at an emergency stop;</item>
    /// <item>a short press of the button acknowledges: the beeps stop until the next fault latches.</item>
    /// </list>
    /// Integer time arithmetic on the loop's clock; allocates nothing.
    /// </summary>
    public sealed class Indicator
    {
        /// <summary>A short beep, and the gap after it, ms.</summary>
        public const long BeepMilliseconds = 100;

        /// <summary>While a fault stands unacknowledged, one beep this often, ms.</summary>
        public const long FaultReminderMilliseconds = 30_000;

        /// <summary>The long beep of an emergency stop, ms.</summary>
        public const long StopBeepMilliseconds = 1_000;

        private int _faulted;
        private bool _wasWorking;
        private bool _isAcknowledged;
        private long _beepsFrom;
        private int _beeps;
        private long _longBeepUntil;
        private long _nextReminder;

        /// <summary>The LED's pattern now.</summary>
        public IndicatorPattern Pattern { get; private set; }

        /// <summary>Whether the LED is lit now.</summary>
        public bool IsLedOn { get; private set; }

        /// <summary>Whether the buzzer sounds now.</summary>
        public bool IsBuzzerOn { get; private set; }

        /// <summary>Silences the beeps until the next fault latches (the button's short press).</summary>
        public void Acknowledge()
        {
            _isAcknowledged = true;
            _beeps = 0;
            _longBeepUntil = 0;
        }

        /// <summary>The long beep of an emergency stop, from <paramref name="now"/>.</summary>
        public void SignalStop(long now) => _longBeepUntil = now + StopBeepMilliseconds;

        /// <summary>Works out the LED and the buzzer for this tick.</summary>
        public void Update(BalancerStatus status, bool isPairingOpen, long now)
        {
            var faulted = 0;
            var working = false;
            var done = false;
            for (var i = 0; i < status.Channels.Length; i++)
            {
                var state = status.Channels[i].State;
                faulted += state == ChannelState.Fault ? 1 : 0;
                done |= state == ChannelState.Done;
                working |= ChannelStates.IsWorking(state) && status.Channels[i].Mode == ChannelMode.Charge;
            }

            if (faulted > _faulted)
            {
                // A new fault: three beeps now, and the reminders, even if an earlier one was acknowledged.
                _isAcknowledged = false;
                Beeps(now, 3);
                _nextReminder = now + FaultReminderMilliseconds;
            }
            else if (faulted > 0 && !_isAcknowledged && now >= _nextReminder)
            {
                Beeps(now, 1);
                _nextReminder = now + FaultReminderMilliseconds;
            }
            else if (_wasWorking && !working && faulted == 0 && done)
            {
                Beeps(now, 2);
            }

            _faulted = faulted;
            _wasWorking = working;

            Pattern = faulted > 0 ? IndicatorPattern.Fault
                : isPairingOpen ? IndicatorPattern.Pairing
                : working ? IndicatorPattern.Working
                : done ? IndicatorPattern.Done
                : IndicatorPattern.Idle;
            IsLedOn = IsLit(Pattern, now);
            IsBuzzerOn = now < _longBeepUntil || IsBeeping(now) || (status.IsAlarmSounding && !_isAcknowledged && now % 1_000 < 500);
        }

        private static bool IsLit(IndicatorPattern pattern, long now)
        {
            switch (pattern)
            {
                case IndicatorPattern.Fault:
                    return now % 200 < 100;
                case IndicatorPattern.Pairing:
                    var phase = now % 1_000;
                    return phase < 100 || (phase >= 200 && phase < 300);
                case IndicatorPattern.Working:
                    return now % 1_000 < 500;
                case IndicatorPattern.Done:
                    return true;
                default:
                    return now % 3_000 < 100;
            }
        }

        private void Beeps(long now, int count)
        {
            _beepsFrom = now;
            _beeps = count;
        }

        private bool IsBeeping(long now)
        {
            var since = now - _beepsFrom;
            if (_beeps == 0 || since >= _beeps * 2 * BeepMilliseconds)
            {
                return false;
            }

            return since % (2 * BeepMilliseconds) < BeepMilliseconds;
        }
    }
}
