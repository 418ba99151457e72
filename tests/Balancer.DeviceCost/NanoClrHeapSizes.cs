// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using Mono.Cecil;

namespace Balancer.DeviceCost
{
    /// <summary>
    /// How many 12-byte managed-heap blocks a nanoCLR object occupies, as nf-interpreter@a3e8139 sizes it
    /// (docs/device-cost.md, "The boot heap"). <see cref="NanoClrRules"/> counts allocations (one per object made);
    /// this class counts their size.
    /// </summary>
    /// <remarks>
    /// A class instance or a struct value is one header block plus one block per instance field, inherited fields
    /// included (<c>CLR_RT_ExecutionEngine::NewObject</c>: <c>ExtractHeapBlocksForClassOrValueTypes</c> with
    /// <c>totalFields + 1</c>); a field of a struct type holds a reference to a struct object of its own, sized the same
    /// way. An array is a 20-byte <c>CLR_RT_HeapBlock_Array</c> header followed by its elements at the size
    /// <c>c_CLR_RT_DataTypeLookup</c> gives them, rounded up to whole blocks (<c>ExtractHeapBlocksForArray</c>); a struct
    /// array also makes one struct object per element (<c>ClearElements</c>). A boxed primitive or enum is 2 blocks
    /// (<c>PerformBoxing</c>). A string made from a literal is one block pointing at the assembly's text; a string
    /// built at run time holds its UTF-8 bytes and a terminator after a one-block header
    /// (<c>CLR_RT_HeapBlock_String::CreateInstance</c>).
    /// </remarks>
    public sealed class NanoClrHeapSizes
    {
        /// <summary>Bytes in a <c>CLR_RT_HeapBlock</c> (compile-time assert in src/CLR/Include/nanoCLR_Runtime.h).</summary>
        public const int BlockBytes = 12;

        /// <summary>Bytes in a <c>CLR_RT_HeapBlock_Array</c> before the first element: the block, the length, four type bytes.</summary>
        public const int ArrayHeaderBytes = 20;

        /// <summary>Blocks of a boxed primitive, enum, <c>DateTime</c> or <c>TimeSpan</c>: the header and the value.</summary>
        public const int BoxedPrimitiveBlocks = 2;

        /// <summary>Blocks of a string made by <c>ldstr</c>: it points at the literal in the assembly.</summary>
        public const int LiteralStringBlocks = 1;

        private readonly Dictionary<string, int> _objectBlocks = new Dictionary<string, int>();

        /// <summary>Whole blocks that hold <paramref name="bytes"/> bytes (<c>CONVERTFROMSIZETOHEAPBLOCKS</c>).</summary>
        public static int BlocksForBytes(long bytes) => (int)((bytes + BlockBytes - 1) / BlockBytes);

        /// <summary>Blocks of an array of <paramref name="length"/> elements of <paramref name="elementBytes"/> bytes, with
        /// <paramref name="elementObjectBlocks"/> more blocks per element for a struct array.</summary>
        public static int ArrayBlocks(int elementBytes, int elementObjectBlocks, int length) =>
            BlocksForBytes(ArrayHeaderBytes + ((long)length * elementBytes)) + (length * elementObjectBlocks);

        /// <summary>Blocks of a string built at run time with <paramref name="utf8Bytes"/> bytes of UTF-8 text.</summary>
        public static int RuntimeStringBlocks(int utf8Bytes) => BlocksForBytes(BlockBytes + utf8Bytes + 1);

        /// <summary>
        /// Blocks one object of the type takes: a class instance or a struct value, its header, one block per instance
        /// field (inherited ones included) and the struct object behind each struct field.
        /// </summary>
        public int ObjectBlocks(TypeReference type)
        {
            var key = type.FullName;
            if (_objectBlocks.TryGetValue(key, out var known))
            {
                return known;
            }

            _objectBlocks[key] = 1; // a struct cannot contain itself; guards the recursion
            var blocks = 1;
            for (var current = type.Resolve(); current != null && current.FullName != "System.Object"; current = current.BaseType?.Resolve())
            {
                foreach (var field in current.Fields)
                {
                    if (!field.IsStatic)
                    {
                        blocks += 1 + StructObjectBlocks(field.FieldType);
                    }
                }
            }

            _objectBlocks[key] = blocks;
            return blocks;
        }

        /// <summary>
        /// Blocks of the struct object a slot of the type points at: 0 for primitives, enums, <c>DateTime</c>,
        /// <c>TimeSpan</c>, references, arrays and by-refs, which live inside the slot; <see cref="ObjectBlocks"/> for a struct.
        /// </summary>
        public int StructObjectBlocks(TypeReference type) => IsStruct(type) ? ObjectBlocks(Unmodified(type)) : 0;

        /// <summary>Bytes one element of an array of the type takes: the primitive's size, the enum's underlying size, or a whole block.</summary>
        public int ElementBytes(TypeReference type)
        {
            type = Unmodified(type);
            switch (type.MetadataType)
            {
                case MetadataType.Boolean:
                case MetadataType.SByte:
                case MetadataType.Byte:
                    return 1;
                case MetadataType.Char:
                case MetadataType.Int16:
                case MetadataType.UInt16:
                    return 2;
                case MetadataType.Int32:
                case MetadataType.UInt32:
                case MetadataType.Single:
                    return 4;
                case MetadataType.Int64:
                case MetadataType.UInt64:
                case MetadataType.Double:
                    return 8;
            }

            var definition = type.IsArray || type.IsGenericParameter ? null : type.Resolve();
            if (definition != null && definition.IsEnum)
            {
                foreach (var field in definition.Fields)
                {
                    if (!field.IsStatic)
                    {
                        return ElementBytes(field.FieldType); // value__, the underlying type
                    }
                }
            }

            // References, structs (each element a block pointing at its object), DateTime and TimeSpan.
            return BlockBytes;
        }

        /// <summary>Blocks of an array of <paramref name="length"/> elements of the type.</summary>
        public int ArrayBlocks(TypeReference elementType, int length) =>
            ArrayBlocks(ElementBytes(elementType), StructObjectBlocks(elementType), length);

        /// <summary>Blocks of a <c>box</c> of the type: 2 for a primitive or an enum, the struct object for a struct.</summary>
        public int BoxBlocks(TypeReference type) => IsStruct(type) ? ObjectBlocks(Unmodified(type)) : BoxedPrimitiveBlocks;

        /// <summary>
        /// Blocks the type's static fields take in its assembly's static storage: one per static field (constants have
        /// none), and the struct object behind a static struct field.
        /// </summary>
        public int StaticBlocks(TypeDefinition type)
        {
            var blocks = 0;
            foreach (var field in type.Fields)
            {
                if (field.IsStatic && !field.IsLiteral)
                {
                    blocks += 1 + StructObjectBlocks(field.FieldType);
                }
            }

            return blocks;
        }

        /// <summary>Whether values of the type are struct objects on nanoCLR's heap (not a primitive, enum, DateTime or TimeSpan).</summary>
        private static bool IsStruct(TypeReference type)
        {
            type = Unmodified(type);
            if (type == null || type.IsByReference || type.IsPointer || type.IsArray || type.IsGenericParameter || type.IsPrimitive)
            {
                return false;
            }

            var definition = type.Resolve();
            return definition != null
                && definition.IsValueType
                && !definition.IsEnum
                && definition.FullName != "System.DateTime"
                && definition.FullName != "System.TimeSpan";
        }

        /// <summary>A volatile field's type is its element type behind a modifier (modreq IsVolatile).</summary>
        private static TypeReference Unmodified(TypeReference type)
        {
            while (type is IModifierType modified)
            {
                type = modified.ElementType;
            }

            return type;
        }
    }
}
