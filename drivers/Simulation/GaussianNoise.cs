// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Drivers.Simulation
{
    /// <summary>
    /// Normally distributed noise from a seeded generator, so every emulator's noise is reproducible. Box–Muller gives
    /// two independent samples per draw; an instance keeps the second for the next call.
    /// </summary>
    public sealed class GaussianNoise
    {
        private readonly Random _random;
        private double _spare;
        private bool _hasSpare;

        /// <summary>A source seeded for one emulator.</summary>
        public GaussianNoise(int seed) => _random = new Random(seed);

        /// <summary>One standard-normal sample.</summary>
        public double Next()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }

            var (first, second) = Pair(_random);
            _spare = second;
            _hasSpare = true;
            return first;
        }

        /// <summary>One standard-normal sample from any generator (the second of the pair is dropped).</summary>
        public static double NextStandard(Random random) => Pair(random).First;

        private static (double First, double Second) Pair(Random random)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1));
            var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
            return (radius * cos, radius * sin);
        }
    }
}
