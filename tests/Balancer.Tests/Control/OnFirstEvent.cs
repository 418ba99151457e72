// SPDX-License-Identifier: MIT

using System;
using Balancer.Core.Events;

namespace Balancer.Tests.Control
{
    /// <summary>
    /// Runs its action once, on the first event the controller publishes after it subscribed: a test's way to act from
    /// inside a tick (the loop's thread, the tick's lock held). Shared with the emulated device tests.
    /// </summary>
    internal sealed class OnFirstEvent : IEventSink
    {
        private Action _action;

        public OnFirstEvent(Action action) => _action = action;

        public void OnEvent(ref BalancerEvent e)
        {
            var action = _action;
            _action = null;
            action?.Invoke();
        }
    }
}
