// SPDX-License-Identifier: MIT

using System;
using System.Text;

namespace Balancer.DeviceCost
{
    /// <summary>
    /// One instruction of the device assemblies that makes a heap object, with the object's size by
    /// <see cref="NanoClrHeapSizes"/>, read from the type definitions at instrumentation.
    /// </summary>
    public sealed class AllocationSite
    {
        /// <summary>Creates a site.</summary>
        public AllocationSite(HeapObjectKind kind, string typeName, string method, int blocks, int elementBytes = 0, int elementObjectBlocks = 0)
        {
            Kind = kind;
            TypeName = typeName;
            Method = method;
            Blocks = blocks;
            ElementBytes = elementBytes;
            ElementObjectBlocks = elementObjectBlocks;
        }

        /// <summary>What the instruction makes.</summary>
        public HeapObjectKind Kind { get; }

        /// <summary>The type of the object made ("T[]" for an array of T).</summary>
        public string TypeName { get; }

        /// <summary>The method the instruction is in, "Type::Name" ("board layer" for the objects the board layer builds).</summary>
        public string Method { get; }

        /// <summary>Blocks of the object, for every kind but arrays and run-time strings, whose size depends on the object.</summary>
        public int Blocks { get; }

        /// <summary>Bytes per element of an array.</summary>
        public int ElementBytes { get; }

        /// <summary>Blocks of the struct object behind each element of a struct array; 0 otherwise.</summary>
        public int ElementObjectBlocks { get; }

        /// <summary>Blocks of <paramref name="value"/>, an object this site made.</summary>
        public int BlocksOf(object value)
        {
            switch (Kind)
            {
                case HeapObjectKind.Array:
                    return NanoClrHeapSizes.ArrayBlocks(ElementBytes, ElementObjectBlocks, ((Array)value).Length);
                case HeapObjectKind.RuntimeString:
                    return NanoClrHeapSizes.RuntimeStringBlocks(Encoding.UTF8.GetByteCount((string)value));
                default:
                    return Blocks;
            }
        }
    }
}
