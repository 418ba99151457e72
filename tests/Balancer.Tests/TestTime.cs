// SPDX-License-Identifier: MIT

namespace Balancer.Tests
{
    /// <summary>Simulated time spans the tests count in, ms.</summary>
    internal static class TestTime
    {
        /// <summary>One minute, ms.</summary>
        public const int Minute = 60_000;
    }
}
