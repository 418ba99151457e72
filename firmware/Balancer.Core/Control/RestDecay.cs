// SPDX-License-Identifier: MIT

namespace Balancer.Core.Control
{
    /// <summary>
    /// How much of the relaxation prior a group really shows, measured on every rest: the rested voltage falls from its
    /// first half-second (the ohmic drop is gone, the polarisation is all still there) to the reading the rest ends on,
    /// and the prior (<see cref="RelaxationTracker"/>) says how far it would fall at scale one. The ratio of the two is
    /// this rest's sample of the scale. Averaging 10 readings of single conversions dithers the INA219's 4 mV step
    /// (docs/control-core.md), which is what makes a fall of a few mV measurable at all. Preallocated with its channel.
    /// </summary>
    public sealed class RestDecay
    {
        /// <summary>How long after the relay opened a sample still counts as the rest's start, ms.</summary>
        public const int EarlyWindowMilliseconds = 600;

        /// <summary>Settled samples needed in that window.</summary>
        public const int EarlySamples = 3;

        /// <summary>The least fall the prior must predict before the ratio means anything, µV.</summary>
        public const int MinimumPredictedFallMicrovolts = 1_000;

        private long _sumMillivolts;
        private long _sumHiddenMicrovolts;
        private int _count;
        private bool _isOpen;

        /// <summary>The relay just opened: a new rest begins.</summary>
        public void Begin()
        {
            _sumMillivolts = 0;
            _sumHiddenMicrovolts = 0;
            _count = 0;
            _isOpen = true;
        }

        /// <summary>Nothing to measure (the rest was cut short, or the session ended).</summary>
        public void Cancel() => _isOpen = false;

        /// <summary>Adds a settled sample of the rest's first <see cref="EarlyWindowMilliseconds"/> and the prior's hidden voltage then.</summary>
        public void AddEarly(int millivolts, int hiddenMicrovolts)
        {
            if (!_isOpen)
            {
                return;
            }

            _sumMillivolts += millivolts;
            _sumHiddenMicrovolts += hiddenMicrovolts;
            _count++;
        }

        /// <summary>
        /// The rest ends on <paramref name="restedMicrovolts"/> with the prior's hidden voltage at
        /// <paramref name="hiddenMicrovolts"/>: the measured fall and the predicted one, both µV; false (and nothing to learn)
        /// without enough early samples or with too small a predicted fall. A rest gives one sample at most.
        /// </summary>
        public bool TryFinish(int restedMicrovolts, int hiddenMicrovolts, out long measuredFallMicrovolts, out long predictedFallMicrovolts)
        {
            measuredFallMicrovolts = 0;
            predictedFallMicrovolts = 0;
            if (!_isOpen || _count < EarlySamples)
            {
                _isOpen = false;
                return false;
            }

            _isOpen = false;
            measuredFallMicrovolts = (_sumMillivolts * 1_000 / _count) - restedMicrovolts;
            predictedFallMicrovolts = (_sumHiddenMicrovolts / _count) - hiddenMicrovolts;
            return predictedFallMicrovolts >= MinimumPredictedFallMicrovolts;
        }
    }
}
