// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Drivers.Simulation
{
    /// <summary>Normally distributed noise from a seeded generator, so every emulator's noise is reproducible.</summary>
    public static class GaussianNoise
    {
        /// <summary>One standard-normal sample (Box–Muller).</summary>
        public static double NextStandard(Random random)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
    }
}
