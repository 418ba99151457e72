// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.DeviceCost;
using Mono.Cecil;
using Xunit;

namespace Balancer.DeviceCost.Tests
{
    /// <summary>
    /// nanoCLR's object sizes (docs/device-cost.md, "The boot heap") on small types of this assembly, so the byte rules
    /// cannot change unnoticed: 12-byte blocks, a header block plus one per field, a 20-byte array header with the
    /// elements packed at their size.
    /// </summary>
    public sealed class NanoClrHeapSizesTests
    {
        private static readonly ModuleDefinition Module = ModuleDefinition.ReadModule(typeof(NanoClrHeapSizesTests).Assembly.Location);
        private readonly NanoClrHeapSizes _sizes = new NanoClrHeapSizes();

        [Fact]
        public void A_Block_Is_Twelve_Bytes_And_An_Array_Header_Twenty()
        {
            Assert.Equal(12, NanoClrHeapSizes.BlockBytes);
            Assert.Equal(20, NanoClrHeapSizes.ArrayHeaderBytes);
        }

        [Fact]
        public void An_Array_Of_Ten_Ints_Takes_Five_Blocks_Sixty_Bytes()
        {
            // ceil((20 + 10 × 4) / 12) = 5
            Assert.Equal(5, _sizes.ArrayBlocks(Module.TypeSystem.Int32, 10));
            Assert.Equal(60, _sizes.ArrayBlocks(Module.TypeSystem.Int32, 10) * NanoClrHeapSizes.BlockBytes);
        }

        [Fact]
        public void Array_Elements_Are_Packed_At_Their_Size_And_References_Take_A_Block()
        {
            Assert.Equal(3, _sizes.ArrayBlocks(Module.TypeSystem.Boolean, 10)); // ceil(30 / 12)
            Assert.Equal(2, _sizes.ArrayBlocks(Module.TypeSystem.Byte, 4)); // ceil(24 / 12)
            Assert.Equal(4, _sizes.ArrayBlocks(Module.TypeSystem.Int16, 10)); // ceil(40 / 12)
            Assert.Equal(9, _sizes.ArrayBlocks(Module.TypeSystem.Int64, 10)); // ceil(100 / 12)
            Assert.Equal(5, _sizes.ArrayBlocks(Type(nameof(ThreeInts)), 3)); // ceil((20 + 3 × 12) / 12)
            Assert.Equal(5, _sizes.ArrayBlocks(Module.TypeSystem.String, 3));
            Assert.Equal(2, _sizes.ArrayBlocks(Module.TypeSystem.Int32, 0)); // the header alone
        }

        [Fact]
        public void An_Enum_Array_Packs_The_Underlying_Type()
        {
            Assert.Equal(2, _sizes.ArrayBlocks(Type(nameof(SmallLevel)), 4)); // byte enum: ceil(24 / 12)
            Assert.Equal(4, _sizes.ArrayBlocks(Type(nameof(NanoClrRulesTests.Level)), 7)); // int enum: ceil(48 / 12)
        }

        [Fact]
        public void A_Struct_Array_Makes_One_Object_Per_Element()
        {
            // ceil((20 + 4 × 12) / 12) = 6 for the array, then 4 × (header + 2 fields)
            Assert.Equal(6 + (4 * 3), _sizes.ArrayBlocks(Type(nameof(Pair)), 4));
        }

        [Fact]
        public void A_Class_With_Three_Int_Fields_Takes_Four_Blocks_Forty_Eight_Bytes()
        {
            Assert.Equal(4, _sizes.ObjectBlocks(Type(nameof(ThreeInts))));
            Assert.Equal(48, _sizes.ObjectBlocks(Type(nameof(ThreeInts))) * NanoClrHeapSizes.BlockBytes);
        }

        [Fact]
        public void A_Struct_Field_Adds_Its_Own_Object_And_Inherited_Fields_Count()
        {
            // header + 2 fields + the Pair object (header + 2 fields)
            Assert.Equal(3 + 3, _sizes.ObjectBlocks(Type(nameof(WithPair))));
            // ThreeInts' 3 fields + 1 of its own + header
            Assert.Equal(5, _sizes.ObjectBlocks(Type(nameof(MoreInts))));
            // enum, long, DateTime, reference and array fields live in their block
            Assert.Equal(6, _sizes.ObjectBlocks(Type(nameof(Inline))));
        }

        [Fact]
        public void A_Boxed_Int_Takes_Two_Blocks_And_A_Boxed_Struct_Its_Object()
        {
            Assert.Equal(2, _sizes.BoxBlocks(Module.TypeSystem.Int32));
            Assert.Equal(2, _sizes.BoxBlocks(Type(nameof(SmallLevel))));
            Assert.Equal(3, _sizes.BoxBlocks(Type(nameof(Pair))));
        }

        [Fact]
        public void A_Built_String_Holds_Its_Text_And_A_Literal_Does_Not()
        {
            Assert.Equal(1, NanoClrHeapSizes.LiteralStringBlocks);
            Assert.Equal(2, NanoClrHeapSizes.RuntimeStringBlocks(3)); // ceil((12 + 3 + 1) / 12)
            Assert.Equal(3, NanoClrHeapSizes.RuntimeStringBlocks(12)); // ceil(25 / 12)
        }

        [Fact]
        public void Static_Fields_Take_A_Block_Each_And_Constants_None()
        {
            // two static slots, the static Pair's object (3 blocks); the constant is in the metadata
            Assert.Equal(2 + 3, _sizes.StaticBlocks(Type(nameof(Statics))));
        }

        private static TypeDefinition Type(string name) => Module.GetTypes().Single(t => t.Name == name);

        public enum SmallLevel : byte
        {
            Low = 0,
            High = 1,
        }

        public struct Pair
        {
            public int First;
            public int Second;
        }

        public class ThreeInts
        {
            public int A;
            public int B;
            public int C;
        }

        public sealed class MoreInts : ThreeInts
        {
            public int D;
        }

        public sealed class WithPair
        {
            public Pair Pair;
            public int Count;
        }

        public sealed class Inline
        {
            public NanoClrRulesTests.Level Level;
            public long Wide;
            public System.DateTime When;
            public string Name;
            public int[] Values;
        }

        public static class Statics
        {
            public const int Constant = 1;
            public static readonly int[] Table = new int[2];
            public static readonly Pair Origin = default(Pair);
        }
    }
}
