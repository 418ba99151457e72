// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Balancer.DeviceCost
{
    /// <summary>
    /// How many managed-heap blocks nanoCLR takes for an IL instruction or a method entry, as nf-interpreter's source
    /// has it (src/CLR/Core/Execution.cpp, Interpreter.cpp, CLR_RT_HeapBlock.cpp, CLR_RT_HeapBlock_Array.cpp; the rules and
    /// their functions are listed in docs/device-cost.md). Primitives, enums, <c>DateTime</c> and <c>TimeSpan</c> live
    /// inside a heap block and cost nothing; a struct is a heap object of its own, and so is each struct field in it.
    /// </summary>
    public sealed class NanoClrRules
    {
        private readonly Dictionary<string, int> _structBlocks = new Dictionary<string, int>();

        /// <summary>
        /// Blocks one value of the type takes: 0 for primitives, enums, references, arrays and by-refs; for a struct 1
        /// plus the blocks of its struct fields (<c>NewObject</c> runs <c>InitializeReference</c> on every field).
        /// </summary>
        public int StructBlocks(TypeReference type)
        {
            // A volatile field's type is its element type behind a modifier (modreq IsVolatile): a bool is still a bool.
            while (type is IModifierType modified)
            {
                type = modified.ElementType;
            }

            if (type == null || type.IsByReference || type.IsPointer || type.IsArray || type.IsGenericParameter || type.IsPrimitive)
            {
                return 0;
            }

            var key = type.FullName;
            if (_structBlocks.TryGetValue(key, out var known))
            {
                return known;
            }

            _structBlocks[key] = 0; // a struct cannot contain itself; guards the recursion
            var blocks = 0;
            var definition = type.Resolve();
            if (definition == null)
            {
                blocks = type.IsValueType ? 1 : 0;
            }
            else if (definition.IsValueType && !definition.IsEnum && !IsOptimizedValueType(definition))
            {
                blocks = 1 + FieldBlocks(definition);
            }

            _structBlocks[key] = blocks;
            return blocks;
        }

        /// <summary>Blocks a <c>newobj</c> takes: delegates 0 (made by <c>ldftn</c>), structs their blocks, classes 1 plus struct fields.</summary>
        public int NewObjectBlocks(MethodReference constructor)
        {
            var type = constructor.DeclaringType;
            var definition = type.Resolve();
            if (definition == null)
            {
                return 1;
            }

            if (IsDelegate(definition))
            {
                return 0;
            }

            if (definition.IsValueType)
            {
                return System.Math.Max(1, StructBlocks(type));
            }

            var blocks = 1;
            for (var current = definition; current != null; current = current.BaseType?.Resolve())
            {
                blocks += FieldBlocks(current);
            }

            return blocks;
        }

        /// <summary>Blocks the struct locals of a method take at every entry.</summary>
        public int LocalBlocks(MethodBody body)
        {
            var blocks = 0;
            foreach (var variable in body.Variables)
            {
                blocks += StructBlocks(variable.VariableType);
            }

            return blocks;
        }

        /// <summary>
        /// Blocks an instruction takes every time it runs, and what kind they are; struct arrays add their elements at
        /// run time (<see cref="DeviceCostProbe.StructArray"/>). The body must have its macros expanded
        /// (<c>SimplifyMacros</c>: <c>ldarg.1</c> read as <c>ldarg</c>).
        /// </summary>
        public int InstructionBlocks(MethodDefinition method, Instruction instruction, out AllocationKind kind)
        {
            kind = AllocationKind.StructCopy;
            var code = instruction.OpCode.Code;
            switch (code)
            {
                case Code.Ldloc:
                    return StructBlocks(((VariableDefinition)instruction.Operand).VariableType);
                case Code.Ldarg:
                    return StructBlocks(ArgumentType(method, (ParameterDefinition)instruction.Operand));
                case Code.Ldfld:
                case Code.Ldsfld:
                    return StructBlocks(((FieldReference)instruction.Operand).FieldType);
                case Code.Ldobj:
                case Code.Ldelem_Any:
                case Code.Unbox_Any:
                    // LoadFromReference clones the struct, then Execute_LoadAndPromote clones the clone.
                    return 2 * StructBlocks((TypeReference)instruction.Operand);
                case Code.Newobj:
                    kind = AllocationKind.NewObject;
                    return NewObjectBlocks((MethodReference)instruction.Operand);
                case Code.Newarr:
                    kind = AllocationKind.NewArray;
                    return 1;
                case Code.Box:
                    kind = AllocationKind.Box;
                    return System.Math.Max(1, StructBlocks((TypeReference)instruction.Operand));
                case Code.Ldstr:
                    kind = AllocationKind.String;
                    return 1;
                case Code.Ldftn:
                case Code.Ldvirtftn:
                    kind = AllocationKind.Delegate;
                    return 1;
                default:
                    return 0;
            }
        }

        /// <summary>The type <c>ldarg</c> loads: <c>this</c> is a reference (class) or a by-ref (struct), never a struct value.</summary>
        private static TypeReference ArgumentType(MethodDefinition method, ParameterDefinition parameter) =>
            method.HasThis && parameter == method.Body.ThisParameter ? null : parameter.ParameterType;

        private int FieldBlocks(TypeDefinition definition)
        {
            var blocks = 0;
            foreach (var field in definition.Fields)
            {
                if (!field.IsStatic)
                {
                    blocks += StructBlocks(field.FieldType);
                }
            }

            return blocks;
        }

        /// <summary><c>DateTime</c> and <c>TimeSpan</c> are nanoCLR built-ins (DATATYPE_DATETIME, DATATYPE_TIMESPAN) held inline.</summary>
        private static bool IsOptimizedValueType(TypeDefinition definition) =>
            definition.FullName == "System.DateTime" || definition.FullName == "System.TimeSpan";

        private static bool IsDelegate(TypeDefinition definition)
        {
            var baseType = definition.BaseType;
            return baseType != null && (baseType.FullName == "System.MulticastDelegate" || baseType.FullName == "System.Delegate");
        }
    }
}
