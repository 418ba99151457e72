// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Drivers.Simulation
{
    /// <summary>
    /// Simulated time in microseconds. Nothing moves unless the simulation advances it, so hours of charging run in
    /// seconds and every run with the same inputs is identical.
    /// </summary>
    public sealed class SimulatedClock : IClock
    {
        /// <summary>Microseconds since start.</summary>
        public long NowMicroseconds { get; private set; }

        /// <inheritdoc />
        public long NowMilliseconds => NowMicroseconds / 1000;

        /// <summary>Moves time forward.</summary>
        public void Advance(long microseconds)
        {
            if (microseconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(microseconds), "time does not run backwards");
            }

            NowMicroseconds += microseconds;
        }

        /// <summary>Moves time forward to a deadline (no effect if it has passed).</summary>
        public void AdvanceTo(long microseconds) => NowMicroseconds = Math.Max(NowMicroseconds, microseconds);

        /// <inheritdoc />
        public void SleepUntil(long deadlineMilliseconds) => AdvanceTo(deadlineMilliseconds * 1000);
    }
}
