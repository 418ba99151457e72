// SPDX-License-Identifier: MIT

using System.Collections.Generic;

namespace Balancer.DeviceCost
{
    /// <summary>What the device code did per steady tick, averaged over the measured ticks.</summary>
    public sealed class TickCounts
    {
        /// <summary>Channels on the board, all charging.</summary>
        public int Channels { get; init; }

        /// <summary>Ticks averaged.</summary>
        public int Ticks { get; init; }

        /// <summary>Whether every channel was still charging after the last measured tick.</summary>
        public bool StayedCharging { get; init; }

        /// <summary>The build configuration of the measured device assemblies.</summary>
        public string Configuration { get; init; }

        /// <summary>IL instructions of the device assemblies executed per tick.</summary>
        public double Instructions { get; init; }

        /// <summary><c>call</c>, <c>callvirt</c> and <c>newobj</c> executed per tick (native calls included).</summary>
        public double Calls { get; init; }

        /// <summary>Calls per tick whose target runs outside the device assemblies and is not a native call below.</summary>
        public double ExternalCalls { get; init; }

        /// <summary>Native calls per tick by <see cref="NativeCallKind"/>.</summary>
        public double[] NativeCalls { get; init; }

        /// <summary>Bytes written to I²C devices per tick (register pointers and data; address bytes not included).</summary>
        public double I2cBytesWritten { get; init; }

        /// <summary>Bytes read from I²C devices per tick.</summary>
        public double I2cBytesRead { get; init; }

        /// <summary>nanoCLR heap allocations per tick by <see cref="AllocationKind"/>, in the device assemblies.</summary>
        public double[] Allocations { get; init; }

        /// <summary>Method calls per tick, IL per tick and allocations per tick of each method that ran, most IL first.</summary>
        public IReadOnlyList<MethodCounts> Methods { get; init; }

        /// <summary>Native calls per tick of one kind.</summary>
        public double Native(NativeCallKind kind) => NativeCalls[(int)kind];

        /// <summary>I²C transactions per tick.</summary>
        public double I2cTransactions => Native(NativeCallKind.I2cWrite) + Native(NativeCallKind.I2cWriteRead);

        /// <summary>All nanoCLR heap allocations per tick in the device assemblies.</summary>
        public double TotalAllocations
        {
            get
            {
                var total = 0.0;
                foreach (var count in Allocations)
                {
                    total += count;
                }

                return total;
            }
        }
    }

    /// <summary>One method's share of a tick.</summary>
    public sealed class MethodCounts
    {
        /// <summary>"Type::Name".</summary>
        public string Name { get; init; }

        /// <summary>Entries per tick.</summary>
        public double Entries { get; init; }

        /// <summary>IL instructions per tick.</summary>
        public double Instructions { get; init; }

        /// <summary>Heap allocations per tick.</summary>
        public double Allocations { get; init; }
    }
}
