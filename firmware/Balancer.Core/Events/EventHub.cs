// SPDX-License-Identifier: MIT

namespace Balancer.Core.Events
{
    /// <summary>Delivers events to a fixed set of subscribers registered at start-up; publishing allocates nothing.</summary>
    public sealed class EventHub
    {
        /// <summary>How many subscribers fit (log, BLE, display, one spare).</summary>
        public const int Capacity = 4;

        private readonly IEventSink[] _sinks = new IEventSink[Capacity];
        private int _count;

        /// <summary>Events published since start-up.</summary>
        public long PublishedCount { get; private set; }

        /// <summary>Adds a subscriber; false when all places are taken.</summary>
        public bool Subscribe(IEventSink sink)
        {
            if (sink == null || _count == Capacity)
            {
                return false;
            }

            _sinks[_count++] = sink;
            return true;
        }

        /// <summary>Hands the event to every subscriber in order of subscription.</summary>
        public void Publish(ref BalancerEvent e)
        {
            PublishedCount++;
            for (var i = 0; i < _count; i++)
            {
                _sinks[i].OnEvent(ref e);
            }
        }
    }
}
