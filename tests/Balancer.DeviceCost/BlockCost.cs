// SPDX-License-Identifier: MIT

namespace Balancer.DeviceCost
{
    /// <summary>
    /// What one pass through a basic block of a device method costs, read from its IL once at instrumentation: every
    /// instruction in the block runs once per pass. A method's entry is a block of its own (its struct locals).
    /// </summary>
    public sealed class BlockCost
    {
        /// <summary>Creates an empty block of a method.</summary>
        public BlockCost(int methodIndex, bool isEntry)
        {
            MethodIndex = methodIndex;
            IsEntry = isEntry;
        }

        /// <summary>Index into <see cref="InstrumentedAssemblies.MethodNames"/>.</summary>
        public int MethodIndex { get; }

        /// <summary>Whether this is the method's entry (one pass per call) rather than code.</summary>
        public bool IsEntry { get; }

        /// <summary>IL instructions in the block.</summary>
        public int Instructions { get; set; }

        /// <summary><c>call</c>, <c>callvirt</c> and <c>newobj</c> instructions in the block.</summary>
        public int Calls { get; set; }

        /// <summary>Calls whose target is outside the device assemblies (board layer, class libraries), native calls excluded.</summary>
        public int ExternalCalls { get; set; }

        /// <summary>Native calls by <see cref="NativeCallKind"/>.</summary>
        public int[] NativeCalls { get; } = new int[DeviceCostProbe.NativeKindCount];

        /// <summary>Heap allocations known from the IL alone, by <see cref="AllocationKind"/> (struct arrays add theirs at run time).</summary>
        public int[] Allocations { get; } = new int[DeviceCostProbe.AllocationKindCount];
    }
}
