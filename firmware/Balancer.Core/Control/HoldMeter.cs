// SPDX-License-Identifier: MIT

using Balancer.Drivers;

namespace Balancer.Core.Control
{
    /// <summary>
    /// The self-discharge hold's arithmetic (spec §4): the rested voltage averaged over each minute, and a least-squares
    /// line through the minute averages that come after the settle time. Its slope, negated, is the self-discharge in
    /// µV/h. Preallocated with its channel; a hold reuses it.
    /// </summary>
    public sealed class HoldMeter
    {
        /// <summary>One point of the line per this many ms of hold.</summary>
        public const int SampleMilliseconds = 60_000;

        private long _startedAtMilliseconds;
        private int _minute;
        private long _minuteSumMillivolts;
        private int _minuteCount;
        private double _sumT;
        private double _sumV;
        private double _sumTT;
        private double _sumTV;
        private int _points;

        /// <summary>Starts a hold: forgets every sample and point.</summary>
        public void Begin(long nowMilliseconds)
        {
            _startedAtMilliseconds = nowMilliseconds;
            _minute = 0;
            _minuteSumMillivolts = 0;
            _minuteCount = 0;
            _sumT = 0;
            _sumV = 0;
            _sumTT = 0;
            _sumTV = 0;
            _points = 0;
        }

        /// <summary>Time since the hold began, ms.</summary>
        public long ElapsedMilliseconds(long nowMilliseconds) => nowMilliseconds - _startedAtMilliseconds;

        /// <summary>Adds a settled rested sample to the current minute.</summary>
        public void Add(int millivolts)
        {
            _minuteSumMillivolts += millivolts;
            _minuteCount++;
        }

        /// <summary>
        /// Closes the minute if it is over. True, with the minute's mean in µV, when it had samples; once the hold is past
        /// <paramref name="settleMilliseconds"/>, the mean less <paramref name="relaxationMicrovolts"/>, what the group's
        /// relaxation still holds (<see cref="RelaxationTracker"/>), becomes a point of the line, so the line's slope is the
        /// leak and not the relaxation's tail.
        /// </summary>
        public bool TryCloseMinute(long nowMilliseconds, long settleMilliseconds, int relaxationMicrovolts, out int microvolts)
        {
            microvolts = 0;
            var elapsed = ElapsedMilliseconds(nowMilliseconds);
            if (elapsed < (long)(_minute + 1) * SampleMilliseconds)
            {
                return false;
            }

            _minute++;
            var hasSamples = _minuteCount > 0;
            if (hasSamples)
            {
                microvolts = (int)IntegerMath.DivideRounded(_minuteSumMillivolts * 1000, _minuteCount);
                if (elapsed > settleMilliseconds)
                {
                    var hours = (elapsed - (SampleMilliseconds / 2)) / 3_600_000.0;
                    var relaxed = microvolts - relaxationMicrovolts;
                    _sumT += hours;
                    _sumV += relaxed;
                    _sumTT += hours * hours;
                    _sumTV += hours * relaxed;
                    _points++;
                }
            }

            _minuteSumMillivolts = 0;
            _minuteCount = 0;
            return hasSamples;
        }

        /// <summary>The fitted self-discharge, µV/h (positive: the voltage fell); false with fewer than two points.</summary>
        public bool TrySelfDischarge(out int microvoltsPerHour)
        {
            microvoltsPerHour = 0;
            var denominator = (_points * _sumTT) - (_sumT * _sumT);
            if (_points < 2 || denominator <= 0)
            {
                return false;
            }

            var slope = ((_points * _sumTV) - (_sumT * _sumV)) / denominator;
            microvoltsPerHour = IntegerMath.RoundToInt(-slope);
            return true;
        }
    }
}
