// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using Balancer.DeviceCost;
using Xunit;

namespace Balancer.DeviceCost.Tests
{
    /// <summary>Measures 4 and 16 channels once for every test of the collection.</summary>
    public sealed class DeviceCostFixture : IDisposable
    {
        private const int Ticks = 50;
        private readonly DeviceCostMeter _meter = new DeviceCostMeter();
        private readonly Dictionary<int, TickCounts> _counts = new Dictionary<int, TickCounts>();

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
