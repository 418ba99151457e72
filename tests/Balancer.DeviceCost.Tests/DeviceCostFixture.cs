// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using Balancer.DeviceCost;
using Xunit;

namespace Balancer.DeviceCost.Tests
{
    /// <summary>Measures each channel count's steady tick and boot heap once for every test of the collection.</summary>
    public sealed class DeviceCostFixture : IDisposable
    {
        private const int Ticks = 50;
        private readonly DeviceCostMeter _meter = new DeviceCostMeter();
        private readonly Dictionary<int, TickCounts> _counts = new Dictionary<int, TickCounts>();
        private readonly Dictionary<int, BootHeapCounts> _bootHeaps = new Dictionary<int, BootHeapCounts>();

        /// <summary>The instrumented assemblies and their size tables.</summary>
        public InstrumentedAssemblies Instrumented => _meter.Instrumented;

        /// <summary>The meter itself, for a measurement the fixture does not cache.</summary>
        public DeviceCostMeter Meter => _meter;

        /// <summary>The counts of a steady tick with <paramref name="channels"/> charging channels.</summary>
        public TickCounts At(int channels)
        {
            lock (_counts)
            {
                if (!_counts.TryGetValue(channels, out var counts))
                {
                    counts = _meter.Measure(channels, Ticks);
                    _counts[channels] = counts;
                }

                return counts;
            }
        }

        /// <summary>The boot heap of <paramref name="channels"/> with the recovery journal attached as the device app boots it.</summary>
        public BootHeapCounts AppBootHeapAt(int channels)
        {
            lock (_bootHeaps)
            {
                if (!_bootHeaps.TryGetValue(-channels, out var counts))
                {
                    counts = _meter.MeasureBootHeap(channels, withJournal: true);
                    _bootHeaps[-channels] = counts;
                }

                return counts;
            }
        }

        /// <summary>The boot heap of a board with <paramref name="channels"/> channels, once every channel charges.</summary>
        public BootHeapCounts BootHeapAt(int channels)
        {
            lock (_bootHeaps)
            {
                if (!_bootHeaps.TryGetValue(channels, out var counts))
                {
                    counts = _meter.MeasureBootHeap(channels);
                    _bootHeaps[channels] = counts;
                }

                return counts;
            }
        }

        /// <inheritdoc />
        public void Dispose() => _meter.Dispose();
    }

    /// <summary>The tests that share one instrumented load context.</summary>
    [CollectionDefinition(Name)]
    public sealed class DeviceCostCollection : ICollectionFixture<DeviceCostFixture>
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "device cost";
    }
}
