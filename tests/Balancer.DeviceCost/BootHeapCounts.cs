// SPDX-License-Identifier: MIT

using System.Collections.Generic;

namespace Balancer.DeviceCost
{
    /// <summary>
    /// The managed heap the device assemblies' objects hold once the board has booted and every channel is charging, in
    /// nanoCLR's blocks (docs/device-cost.md, "The boot heap"). The board layer's own objects and nanoFramework's
    /// libraries are not in it.
    /// </summary>
    public sealed class BootHeapCounts
    {
        /// <summary>Channels on the board.</summary>
        public int Channels { get; init; }

        /// <summary>The build configuration of the measured device assemblies.</summary>
        public string Configuration { get; init; }

        /// <summary>Whether every channel reached Charging (the boot ran through to a steady tick).</summary>
        public bool ReachedCharging { get; init; }

        /// <summary>Held objects that are not arrays: class instances, boxes, strings.</summary>
        public int Objects { get; init; }

        /// <summary>Held arrays.</summary>
        public int Arrays { get; init; }

        /// <summary>Blocks of the static storage of the device assemblies' types (one per static field, and each static struct).</summary>
        public int StaticBlocks { get; init; }

        /// <summary>Blocks held: the objects, the arrays and the static storage.</summary>
        public int Blocks { get; init; }

        /// <summary>Bytes held: <see cref="Blocks"/> × <see cref="NanoClrHeapSizes.BlockBytes"/>.</summary>
        public long Bytes => (long)Blocks * NanoClrHeapSizes.BlockBytes;

        /// <summary>
        /// Objects and arrays made from the start of boot to the first steady tick, held or not: those the device code
        /// and its static constructors made, and the board layer's settings, relay bank and controller.
        /// </summary>
        public int MadeObjects { get; init; }

        /// <summary>Blocks of <see cref="MadeObjects"/> and the static storage: what <see cref="Blocks"/> would be if nothing made were dropped.</summary>
        public int MadeBlocks { get; init; }

        /// <summary>What the held blocks are, by type, most bytes first; the static storage is one entry.</summary>
        public IReadOnlyList<HeapTypeShare> Types { get; init; }

        /// <summary>What the held blocks are, by type and the method that made them ("T in Type::Method"), most bytes first.</summary>
        public IReadOnlyList<HeapTypeShare> Sites { get; init; }
    }

    /// <summary>One type's share of the boot heap.</summary>
    public sealed class HeapTypeShare
    {
        /// <summary>The type ("T[]" for arrays of T).</summary>
        public string TypeName { get; init; }

        /// <summary>Held objects of the type.</summary>
        public int Objects { get; init; }

        /// <summary>Their blocks.</summary>
        public int Blocks { get; init; }

        /// <summary>Their bytes.</summary>
        public long Bytes => (long)Blocks * NanoClrHeapSizes.BlockBytes;
    }
}
