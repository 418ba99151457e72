// SPDX-License-Identifier: MIT

using System;
using System.Threading;
using Balancer.Drivers;

namespace Balancer.Device.Board
{
    /// <summary>The nanoFramework adapter for <see cref="IClock"/>: the CPU's millisecond tick counter.</summary>
    internal sealed class NanoClock : IClock
    {
        public long NowMilliseconds => Environment.TickCount64;

        public void SleepUntil(long deadlineMilliseconds)
        {
            var remaining = deadlineMilliseconds - Environment.TickCount64;
            if (remaining > 0)
            {
                Thread.Sleep((int)remaining);
            }
        }
    }
}
