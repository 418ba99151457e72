// SPDX-License-Identifier: MIT

namespace Balancer.DeviceCost
{
    /// <summary>Why nanoCLR takes a block from its managed heap (docs/device-cost.md gives the source of each rule).</summary>
    public enum AllocationKind
    {
        /// <summary>A local of a struct type, allocated at every method entry (<c>CLR_RT_ExecutionEngine::InitializeLocals</c>).</summary>
        StructLocal = 0,

        /// <summary>A struct value loaded onto the evaluation stack and cloned (<c>Execute_LoadAndPromote</c>, <c>LoadFromReference</c>).</summary>
        StructCopy = 1,

        /// <summary><c>newobj</c>: the object, and one block per struct field it holds.</summary>
        NewObject = 2,

        /// <summary><c>newarr</c>: the array, and one block per element of a struct array.</summary>
        NewArray = 3,

        /// <summary><c>box</c>.</summary>
        Box = 4,

        /// <summary><c>ldstr</c>: a string block pointing at the literal.</summary>
        String = 5,

        /// <summary><c>ldftn</c>/<c>ldvirtftn</c>: the delegate.</summary>
        Delegate = 6,
    }
}
