// SPDX-License-Identifier: MIT

namespace Balancer.Drivers
{
    /// <summary>
    /// The one source of time for drivers and the control loop: monotonic milliseconds since start-up. On the device it
    /// is the CPU tick counter; in the simulator it is simulated time, so hours of charging run in seconds.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since start-up; never goes backwards.</summary>
        long NowMilliseconds { get; }

        /// <summary>Blocks (or, in simulation, advances time) until <see cref="NowMilliseconds"/> reaches the deadline.</summary>
        void SleepUntil(long deadlineMilliseconds);
    }
}
