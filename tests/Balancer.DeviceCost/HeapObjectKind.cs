// SPDX-License-Identifier: MIT

namespace Balancer.DeviceCost
{
    /// <summary>What a boot-heap object is, by the instruction that made it (docs/device-cost.md, "The boot heap").</summary>
    public enum HeapObjectKind
    {
        /// <summary>A class instance made by <c>newobj</c>, or by the board layer for the device types it builds.</summary>
        ClassInstance = 0,

        /// <summary>An array made by <c>newarr</c>, with the struct objects of a struct array.</summary>
        Array = 1,

        /// <summary>A value boxed by <c>box</c>.</summary>
        Box = 2,

        /// <summary>A string made by <c>ldstr</c>: one block pointing at the literal.</summary>
        LiteralString = 3,

        /// <summary>A string returned by a class-library call (concatenation, formatting): its UTF-8 text is on the heap.</summary>
        RuntimeString = 4,
    }
}
