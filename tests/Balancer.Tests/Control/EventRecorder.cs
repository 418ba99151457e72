// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Linq;
using Balancer.Core;
using Balancer.Core.Events;

namespace Balancer.Tests.Control
{
    /// <summary>Keeps every event, for assertions.</summary>
    internal sealed class EventRecorder : IEventSink
    {
        public List<BalancerEvent> Events { get; } = new();

        public void OnEvent(ref BalancerEvent e) => Events.Add(e);

        public IEnumerable<BalancerEvent> Of(EventKind kind, int channel) => Events.Where(e => e.Kind == kind && e.Channel == channel);

        public IEnumerable<BalancerEvent> Of(EventKind kind) => Events.Where(e => e.Kind == kind);

        public IEnumerable<(ChannelState From, ChannelState To, TransitionReason Reason)> Transitions(int channel) =>
            Of(EventKind.StateChanged, channel).Select(e => (e.From, e.To, e.Reason));
    }
}
