// SPDX-License-Identifier: MIT

using Balancer.Drivers;

namespace Balancer.Core.Control
{
    /// <summary>
    /// How long each charge pulse lasts (spec §3, "approaches the target in shorter pulses"): it learns the group's
    /// rested-voltage rise per mAh from each pulse and its rest, and sizes the next pulse to a share of the charge still
    /// missing, so the rested voltage approaches the target from below.
    /// </summary>
    public sealed class PulsePlanner
    {
        /// <summary>Shortest charge pulse, ms: shorter pulses drown in relay and settle time.</summary>
        public const int MinimumPulseMilliseconds = 2_000;

        /// <summary>Pulse when the voltage-per-charge slope is not yet known after the first pulse, ms.</summary>
        public const int UnknownSlopePulseMilliseconds = 60_000;

        /// <summary>
        /// Share of the estimated remaining charge a pulse delivers, percent: approach from below. The cell curve can
        /// steepen by half again between one pulse and the next (NMC, 50–60 % to 60–70 %), so 70 % stays under.
        /// </summary>
        public const int ApproachPercent = 70;

        /// <summary>Smallest rise of the rested voltage over a pulse that the slope is learned from, mV.</summary>
        public const int SlopeMinimumRiseMillivolts = 3;

        /// <summary>The current a pulse is sized with when the last pulse's average is lower (or unknown), µA.</summary>
        public const long MinimumSizingMicroamperes = ContactProbe.MinimumMilliamperes * 1000L;

        private long _chargeAtStart;
        private int _ocvBeforeMillivolts;
        private bool _hasOcvBefore;

        /// <summary>When the current pulse began, clock ms.</summary>
        public long StartedAtMilliseconds { get; private set; }

        /// <summary>How long the current pulse may last, ms.</summary>
        public long LimitMilliseconds { get; private set; }

        /// <summary>Pulses begun this session.</summary>
        public int Count { get; private set; }

        /// <summary>The learned rise of the rested voltage per mAh, µV/mAh; 0 while unknown.</summary>
        public long SlopeMicrovoltsPerMilliampereHour { get; private set; }

        /// <summary>The charge delivered when the last pulse began, µA·ms: the rested voltage it started from was measured there.</summary>
        public long ChargeAtStartMicroampereMilliseconds => _chargeAtStart;

        /// <summary>The last finished pulse's average current, µA; 0 before the first.</summary>
        public long AverageMicroamperes { get; private set; }

        /// <summary>Whether the current pulse was sized from a learned slope (it then ends on its timer).</summary>
        public bool IsSlopeTimed { get; private set; }

        /// <summary>Forgets the slope and every pulse: a new session.</summary>
        public void Reset()
        {
            Count = 0;
            AverageMicroamperes = 0;
            SlopeMicrovoltsPerMilliampereHour = 0;
            IsSlopeTimed = false;
            LimitMilliseconds = 0;
        }

        /// <summary>
        /// Begins a pulse and sizes it: the full <paramref name="longestMilliseconds"/> while the slope is unknown (the
        /// near-target check ends it; after the first pulse at most <see cref="UnknownSlopePulseMilliseconds"/>),
        /// afterwards <see cref="ApproachPercent"/> of the charge the slope says is still missing (all of it within half
        /// a tolerance), at the last pulse's average current.
        /// </summary>
        /// <param name="now">Clock ms.</param>
        /// <param name="deliveredMicroampereMilliseconds">The session's charge so far, µA·ms.</param>
        /// <param name="hasOcv">Whether a rested voltage is known.</param>
        /// <param name="ocvMillivolts">The rested voltage the pulse starts from, mV.</param>
        /// <param name="missingMillivolts">Target less the rested voltage the decision used, mV; meaningful with a target.</param>
        /// <param name="hasTarget">Whether a target is known.</param>
        /// <param name="toleranceMillivolts">The balance tolerance, mV.</param>
        /// <param name="longestMilliseconds">The configured longest pulse, ms.</param>
        public void Begin(long now, long deliveredMicroampereMilliseconds, bool hasOcv, int ocvMillivolts, int missingMillivolts, bool hasTarget, int toleranceMillivolts, long longestMilliseconds)
        {
            StartedAtMilliseconds = now;
            _chargeAtStart = deliveredMicroampereMilliseconds;
            _ocvBeforeMillivolts = ocvMillivolts;
            _hasOcvBefore = hasOcv;
            IsSlopeTimed = SlopeMicrovoltsPerMilliampereHour > 0;
            Count++;
            LimitMilliseconds = Size(hasOcv && hasTarget, missingMillivolts, toleranceMillivolts, longestMilliseconds);
        }

        /// <summary>
        /// Learns from the pulse that ended at <paramref name="endedAtMilliseconds"/> and the rested voltage after it:
        /// its average current, and the slope. A rise of a few mV is mostly noise and leftover polarisation, too little
        /// to learn from; a flatter slope means longer pulses, so it is believed only halfway at a time, a steeper one
        /// at once.
        /// </summary>
        public void Learn(long endedAtMilliseconds, long deliveredMicroampereMilliseconds, int ocvAfterMillivolts)
        {
            var delivered = deliveredMicroampereMilliseconds - _chargeAtStart;
            var pulseMilliseconds = endedAtMilliseconds - StartedAtMilliseconds;
            if (pulseMilliseconds > 0 && delivered > 0)
            {
                AverageMicroamperes = delivered / pulseMilliseconds;
            }

            if (!_hasOcvBefore || delivered <= 0)
            {
                return;
            }

            var risenMicrovolts = (ocvAfterMillivolts - _ocvBeforeMillivolts) * 1000L;
            var deliveredMicroampereHours = delivered / 3_600_000L;
            if (risenMicrovolts >= SlopeMinimumRiseMillivolts * 1000L && deliveredMicroampereHours > 0)
            {
                var slope = risenMicrovolts * 1000 / deliveredMicroampereHours;
                SlopeMicrovoltsPerMilliampereHour = IntegerMath.Max(slope, SlopeMicrovoltsPerMilliampereHour / 2);
            }
        }

        private long Size(bool hasTargetAndOcv, int missingMillivolts, int toleranceMillivolts, long longest)
        {
            if (!hasTargetAndOcv)
            {
                return longest;
            }

            if (SlopeMicrovoltsPerMilliampereHour <= 0)
            {
                return Count <= 1 ? longest : IntegerMath.Min(longest, UnknownSlopePulseMilliseconds);
            }

            // Charge still missing, µA·ms = ΔV ÷ slope; time = charge ÷ current (µA·ms ÷ µA = ms).
            var missingMicroampereMilliseconds = missingMillivolts * 1000L * ChannelAccount.MicroampereMillisecondsPerMilliampereHour
                / SlopeMicrovoltsPerMilliampereHour;
            // The last pulse's average current: in the charger's CV phase it is well below the programmed current.
            var currentMicroamperes = IntegerMath.Max(MinimumSizingMicroamperes, AverageMicroamperes);
            // Within half a tolerance of the target the whole of it: a steeper curve can then overshoot by a quarter of
            // a tolerance at most, and a pulse too short to matter would cost a rest for nothing.
            var share = missingMillivolts <= toleranceMillivolts / 2 ? 100 : ApproachPercent;
            var milliseconds = missingMicroampereMilliseconds * share / 100 / currentMicroamperes;
            return IntegerMath.Clamp(milliseconds, MinimumPulseMilliseconds, longest);
        }
    }
}
