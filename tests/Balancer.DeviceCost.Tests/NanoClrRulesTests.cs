// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.DeviceCost;
using Mono.Cecil;
using Mono.Cecil.Rocks;
using Xunit;

namespace Balancer.DeviceCost.Tests
{
    /// <summary>
    /// nanoCLR's allocation rules (docs/device-cost.md) on small methods of this assembly: a struct is a heap object,
    /// and so is each struct field inside it; primitives and enums live inline.
    /// </summary>
    public sealed class NanoClrRulesTests
    {
        private static readonly ModuleDefinition Module = ModuleDefinition.ReadModule(typeof(NanoClrRulesTests).Assembly.Location);
        private readonly NanoClrRules _rules = new NanoClrRules();

        [Fact]
        public void A_Struct_Takes_One_Block_And_One_More_Per_Struct_Field()
        {
            Assert.Equal(1, _rules.StructBlocks(Type(nameof(Inner))));
            Assert.Equal(2, _rules.StructBlocks(Type(nameof(Outer))));
            Assert.Equal(0, _rules.StructBlocks(Type(nameof(Level))));
            Assert.Equal(0, _rules.StructBlocks(Module.TypeSystem.Int64));
            Assert.Equal(0, _rules.StructBlocks(Type(nameof(Holder))));
        }

        [Fact]
        public void A_Class_With_A_Struct_Field_Takes_The_Object_And_The_Struct()
        {
            var constructor = Type(nameof(Holder)).Methods.Single(m => m.IsConstructor && !m.IsStatic);

            Assert.Equal(3, _rules.NewObjectBlocks(constructor));
        }

        [Fact]
        public void Struct_Locals_Are_Allocated_At_Entry_And_Enum_Locals_Are_Not()
        {
            Assert.Equal(2, _rules.LocalBlocks(Method(nameof(Samples.StructLocal)).Body));
            Assert.Equal(0, _rules.LocalBlocks(Method(nameof(Samples.EnumAndNumberLocals)).Body));
        }

        [Fact]
        public void Reading_A_Field_Of_A_Struct_Argument_Clones_The_Argument()
        {
            var method = Method(nameof(Samples.ReadArgumentField));
            method.Body.SimplifyMacros();

            Assert.Equal(2, method.Body.Instructions.Sum(i => _rules.InstructionBlocks(method, i, out _)));
        }

        [Fact]
        public void Reading_A_Volatile_Bool_Field_Clones_Nothing()
        {
            // The field's type is bool behind a modreq(IsVolatile): still a primitive, stored inline.
            var method = Type(nameof(Flagged)).Methods.Single(m => m.Name == nameof(Flagged.IsSet));
            method.Body.SimplifyMacros();

            Assert.Equal(0, method.Body.Instructions.Sum(i => _rules.InstructionBlocks(method, i, out _)));
        }

        private static TypeDefinition Type(string name) => Module.GetTypes().Single(t => t.Name == name);

        private static MethodDefinition Method(string name) => Type(nameof(Samples)).Methods.Single(m => m.Name == name);

        public enum Level
        {
            None = 0,
            High = 1,
        }

        public struct Inner
        {
            public int Value;
        }

        public struct Outer
        {
            public Inner Inner;
            public int Value;
        }

        public sealed class Flagged
        {
            private volatile bool _flag;

            public bool IsSet() => _flag;

            public void Set() => _flag = true;
        }

        public sealed class Holder
        {
            public Outer Outer;
            public int Count;
        }

        public static class Samples
        {
            public static int StructLocal(int value)
            {
                var outer = default(Outer);
                outer.Value = value;
                Modify(ref outer);
                return value;
            }

            public static long EnumAndNumberLocals(int value)
            {
                var level = value > 0 ? Level.High : Level.None;
                long wide = value;
                Modify(ref level);
                return wide;
            }

            public static int ReadArgumentField(Outer outer) => outer.Value;

            private static void Modify(ref Outer outer) => outer.Value++;

            private static void Modify(ref Level level) => level = Level.None;
        }
    }
}
