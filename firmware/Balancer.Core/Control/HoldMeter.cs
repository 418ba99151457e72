// SPDX-License-Identifier: MIT

using System;
using Balancer.Drivers;

namespace Balancer.Core.Control
{
    /// <summary>
    /// The self-discharge hold's arithmetic (spec §4): the rested voltage averaged over each minute, and a fit through the
    /// minute means that come after the settle time which tells a leak from the relaxation's tail.
    /// <para>
    /// A group that was just charged still relaxes for hours, at a few mV/h when the hold begins; a leak worth reporting is
    /// 0.5–1 mV/h. A line through the means would call every freshly charged group leaky, and subtracting the modelled
    /// relaxation only moves the error into the model's. So each mean is fitted by a + b·t + c·g(t): b is the leak, g the
    /// relaxation's shape and c its size, free. The shape is the channel's own model at the hold's start (the three
    /// branches' hidden voltages, <see cref="RelaxationTracker"/>) with every time constant scaled by one factor s; the
    /// fit tries s from 0.35 to 2.8 in steps of √2 and keeps the best. The uncertainty of b is three standard errors of
    /// the best fit plus how far b moves across every s the data cannot rule out (residual within 4σ² of the best), so a
    /// hold too short to tell the tail from a leak says so with a wide uncertainty instead of a verdict.
    /// </para>
    /// <para>
    /// The fit keeps running sums, not the points: 6 shared and 4 per scale, in one array made with the meter. Preallocated
    /// with its channel; a hold reuses it; a minute costs 14 exponentials.
    /// </para>
    /// </summary>
    public sealed class HoldMeter
    {
        /// <summary>One point of the fit per this many ms of hold.</summary>
        public const int SampleMilliseconds = 60_000;

        /// <summary>
        /// The least scatter assumed for a minute mean, µV: the INA219's 4 mV steps are not all equally wide, so even a
        /// dithered mean is not trusted closer than this, however quiet the fit's residuals.
        /// </summary>
        public const int LeastPointScatterMicrovolts = 100;

        /// <summary>
        /// How far a minute mean of dithered 4 mV codes can sit from the voltage, µV: with the noise of one bus conversion at
        /// a quarter of a step (what the on-board test checks), the mean of the codes follows the voltage with a ripple of
        /// one step/π × e^(−2π²σ²/step²) = 0.37 mV that repeats every step. The ripple is not noise: it does not average
        /// away, and over a hold whose voltage crosses a step or two it bends the fit. The uncertainty carries its worst case.
        /// </summary>
        public const int DitheredMeanErrorMicrovolts = 370;

        /// <summary>A modelled relaxation smaller than this at the hold's start, µV, is no relaxation: the fit is a line.</summary>
        public const int LeastModelledRelaxationMicrovolts = 50;

        /// <summary>The time-constant scales tried, in % of the model's.</summary>
        private static readonly int[] ScalePercents = { 35, 50, 70, 100, 140, 200, 280 };

        private const int SharedSums = 6;
        private const int SumsPerScale = 4;
        private const int Count = 0;
        private const int SumT = 1;
        private const int SumTT = 2;
        private const int SumY = 3;
        private const int SumTY = 4;
        private const int SumYY = 5;
        private const int SumG = 0;
        private const int SumGG = 1;
        private const int SumTG = 2;
        private const int SumGY = 3;

        private readonly double[] _sums = new double[SharedSums + (SumsPerScale * ScalePercents.Length)];
        private long _startedAtMilliseconds;
        private int _minute;
        private long _minuteSumMillivolts;
        private int _minuteCount;
        private int _firstPointMicrovolts;

        // The slow branch's share of the modelled relaxation, ‰; −1 when there is too little relaxation to fit.
        private int _slowSharePermille;

        /// <summary>Points in the fit so far.</summary>
        public int Points => (int)_sums[Count];

        /// <summary>
        /// Starts a hold: forgets every sample and point, and takes the relaxation's shape from what the medium and slow
        /// branches of the channel's model hide now, µV (any common scale: only the ratio counts). The fast branch is left
        /// out: its 20 s, even at 2.8 times, is over long before the shortest settle (10 min) lets a point in.
        /// </summary>
        public void Begin(long nowMilliseconds, int mediumMicrovolts, int slowMicrovolts)
        {
            _startedAtMilliseconds = nowMilliseconds;
            _minute = 0;
            _minuteSumMillivolts = 0;
            _minuteCount = 0;
            _firstPointMicrovolts = 0;
            long medium = mediumMicrovolts > 0 ? mediumMicrovolts : 0;
            long slow = slowMicrovolts > 0 ? slowMicrovolts : 0;
            _slowSharePermille = medium + slow >= LeastModelledRelaxationMicrovolts ? (int)(slow * 1000 / (medium + slow)) : -1;
            for (var i = 0; i < _sums.Length; i++)
            {
                _sums[i] = 0;
            }
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
        /// <paramref name="settleMilliseconds"/>, the mean becomes a point of the fit.
        /// </summary>
        public bool TryCloseMinute(long nowMilliseconds, long settleMilliseconds, out int microvolts)
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
                    AddPoint(elapsed - (SampleMilliseconds / 2), microvolts);
                }
            }

            _minuteSumMillivolts = 0;
            _minuteCount = 0;
            return hasSamples;
        }

        /// <summary>
        /// The fitted self-discharge, µV/h (positive: the voltage fell), and its uncertainty, µV/h. False with too few
        /// points for the fit and its scatter: three for a line, five with a relaxation to fit.
        /// </summary>
        public bool TrySelfDischarge(out int microvoltsPerHour, out int uncertaintyMicrovoltsPerHour)
        {
            microvoltsPerHour = 0;
            uncertaintyMicrovoltsPerHour = 0;
            var n = _sums[Count];
            if (!HasRelaxation)
            {
                return n >= 3 && TryLine(out microvoltsPerHour, out uncertaintyMicrovoltsPerHour);
            }

            if (n < 5)
            {
                return false;
            }

            var best = -1;
            double bestResidual = 0, bestSlope = 0, bestSlopeVariance = 0;
            for (var k = 0; k < ScalePercents.Length; k++)
            {
                if (TryFit(k, out var slope, out var residual, out var slopeVariance) && (best < 0 || residual < bestResidual))
                {
                    best = k;
                    bestResidual = residual;
                    bestSlope = slope;
                    bestSlopeVariance = slopeVariance;
                }
            }

            if (best < 0)
            {
                return n >= 3 && TryLine(out microvoltsPerHour, out uncertaintyMicrovoltsPerHour);
            }

            var scatter = Scatter(bestResidual, n - 3);
            var spread = 0.0;
            for (var k = 0; k < ScalePercents.Length; k++)
            {
                if (k != best && TryFit(k, out var slope, out var residual, out _) && residual <= bestResidual + (4 * scatter))
                {
                    var distance = slope > bestSlope ? slope - bestSlope : bestSlope - slope;
                    spread = distance > spread ? distance : spread;
                }
            }

            microvoltsPerHour = IntegerMath.RoundToInt(-bestSlope);
            uncertaintyMicrovoltsPerHour = IntegerMath.RoundToInt(Uncertainty(scatter, bestSlopeVariance, n) + spread);
            return true;
        }

        /// <summary>Whether the model left enough relaxation at the hold's start to fit.</summary>
        private bool HasRelaxation => _slowSharePermille >= 0;

        private void AddPoint(long atMilliseconds, int microvolts)
        {
            if (_sums[Count] == 0)
            {
                _firstPointMicrovolts = microvolts;
            }

            // Hours from the hold's start, and µV from the first point, keep every sum small enough for a double's digits.
            var t = atMilliseconds / 3_600_000.0;
            double y = microvolts - _firstPointMicrovolts;
            _sums[Count] += 1;
            _sums[SumT] += t;
            _sums[SumTT] += t * t;
            _sums[SumY] += y;
            _sums[SumTY] += t * y;
            _sums[SumYY] += y * y;
            if (!HasRelaxation)
            {
                return;
            }

            var slowShare = _slowSharePermille / 1000.0;
            var seconds = atMilliseconds / 1000.0;
            for (var k = 0; k < ScalePercents.Length; k++)
            {
                var scale = ScalePercents[k] / 100.0;
                var g = ((1 - slowShare) * Math.Exp(-seconds / (RelaxationTracker.MediumSeconds * scale)))
                    + (slowShare * Math.Exp(-seconds / (RelaxationTracker.SlowSeconds * scale)));
                var at = SharedSums + (k * SumsPerScale);
                _sums[at + SumG] += g;
                _sums[at + SumGG] += g * g;
                _sums[at + SumTG] += t * g;
                _sums[at + SumGY] += g * y;
            }
        }

        /// <summary>The line a + b·t alone: for a hold whose group has nothing left to relax.</summary>
        private bool TryLine(out int microvoltsPerHour, out int uncertaintyMicrovoltsPerHour)
        {
            microvoltsPerHour = 0;
            uncertaintyMicrovoltsPerHour = 0;
            var n = _sums[Count];
            var denominator = (n * _sums[SumTT]) - (_sums[SumT] * _sums[SumT]);
            if (denominator <= 0)
            {
                return false;
            }

            var slope = ((n * _sums[SumTY]) - (_sums[SumT] * _sums[SumY])) / denominator;
            var intercept = (_sums[SumY] - (slope * _sums[SumT])) / n;
            var residual = _sums[SumYY] - (intercept * _sums[SumY]) - (slope * _sums[SumTY]);
            var scatter = Scatter(residual, n - 2);
            microvoltsPerHour = IntegerMath.RoundToInt(-slope);
            uncertaintyMicrovoltsPerHour = IntegerMath.RoundToInt(Uncertainty(scatter, n / denominator, n));
            return true;
        }

        /// <summary>
        /// Least squares of a + b·t + c·g(t) at the <paramref name="k"/>th scale: the slope b, the residual sum of squares
        /// and b's variance per unit scatter. False when the three are not independent over the points (a shape that is
        /// flat or straight where the points are).
        /// </summary>
        private bool TryFit(int k, out double slope, out double residual, out double slopeVariance)
        {
            slope = 0;
            residual = 0;
            slopeVariance = 0;
            var at = SharedSums + (k * SumsPerScale);

            // The normal equations N·β = r, N symmetric: [n Σt Σg; Σt Σt² Σtg; Σg Σtg Σg²], r = [Σy Σty Σgy].
            var a11 = _sums[Count];
            var a12 = _sums[SumT];
            var a13 = _sums[at + SumG];
            var a22 = _sums[SumTT];
            var a23 = _sums[at + SumTG];
            var a33 = _sums[at + SumGG];
            var c11 = (a22 * a33) - (a23 * a23);
            var c12 = (a13 * a23) - (a12 * a33);
            var c13 = (a12 * a23) - (a13 * a22);
            var c22 = (a11 * a33) - (a13 * a13);
            var c23 = (a12 * a13) - (a11 * a23);
            var c33 = (a11 * a22) - (a12 * a12);
            var determinant = (a11 * c11) + (a12 * c12) + (a13 * c13);
            if (!(determinant > 1e-9 * a11 * a22 * a33))
            {
                return false;
            }

            var r1 = _sums[SumY];
            var r2 = _sums[SumTY];
            var r3 = _sums[at + SumGY];
            var intercept = ((c11 * r1) + (c12 * r2) + (c13 * r3)) / determinant;
            slope = ((c12 * r1) + (c22 * r2) + (c23 * r3)) / determinant;
            var size = ((c13 * r1) + (c23 * r2) + (c33 * r3)) / determinant;
            residual = _sums[SumYY] - (intercept * r1) - (slope * r2) - (size * r3);
            slopeVariance = c22 / determinant;
            return true;
        }

        /// <summary>
        /// A slope's uncertainty, µV/h: three standard errors of its scatter, and the most the dithered means' ripple can
        /// move it. The slope is Σwᵢyᵢ with Σwᵢ² = its variance per unit scatter, so an error of at most e on every point
        /// moves it by at most e·Σ|wᵢ| ≤ e·√(n·Σwᵢ²).
        /// </summary>
        private static double Uncertainty(double scatter, double slopeVariance, double n) =>
            (3 * Math.Sqrt(scatter * slopeVariance)) + (DitheredMeanErrorMicrovolts * Math.Sqrt(n * slopeVariance));

        /// <summary>The scatter of a point, µV², from a fit's residual over its degrees of freedom, never below the floor.</summary>
        private static double Scatter(double residual, double freedom)
        {
            var scatter = freedom > 0 ? residual / freedom : 0;
            var floor = (double)LeastPointScatterMicrovolts * LeastPointScatterMicrovolts;
            return scatter > floor ? scatter : floor;
        }
    }
}
