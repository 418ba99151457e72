// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Balancer.DeviceCost
{
    /// <summary>The rewritten device assemblies and the static cost of every block they report passes through.</summary>
    public sealed class InstrumentedAssemblies
    {
        internal InstrumentedAssemblies(
            IReadOnlyDictionary<string, byte[]> images,
            IReadOnlyList<BlockCost> blocks,
            IReadOnlyList<string> methodNames,
            string configuration,
            IReadOnlyList<AllocationSite> sites,
            IReadOnlyDictionary<string, int> classBlocks,
            IReadOnlyDictionary<string, int> staticBlocks)
        {
            Images = images;
            Blocks = blocks;
            MethodNames = methodNames;
            Configuration = configuration;
            Sites = sites;
            ClassBlocks = classBlocks;
            StaticBlocks = staticBlocks;
        }

        /// <summary>The instrumented images by assembly name.</summary>
        public IReadOnlyDictionary<string, byte[]> Images { get; }

        /// <summary>Every block, indexed by the number its probe reports.</summary>
        public IReadOnlyList<BlockCost> Blocks { get; }

        /// <summary>Every instrumented method, "Type::Name".</summary>
        public IReadOnlyList<string> MethodNames { get; }

        /// <summary>The build configuration of the measured assemblies (Release or Debug: Debug IL has more instructions).</summary>
        public string Configuration { get; }

        /// <summary>Every instruction that makes a heap object, indexed by the number its hook reports.</summary>
        public IReadOnlyList<AllocationSite> Sites { get; }

        /// <summary>Blocks of one instance of each class of the device assemblies, by its full name (nested types with '+').</summary>
        public IReadOnlyDictionary<string, int> ClassBlocks { get; }

        /// <summary>Blocks of the static storage of each device type that has static fields, by its full name.</summary>
        public IReadOnlyDictionary<string, int> StaticBlocks { get; }
    }

    /// <summary>
    /// Rewrites the host builds of the device assemblies with Mono.Cecil: a probe at the start of every basic block and
    /// at every method entry, the byte counts before each I²C transfer, the element count before each struct
    /// <c>newarr</c>, and the object made after each <c>newobj</c> of a class, <c>newarr</c>, <c>box</c>, <c>ldstr</c>
    /// and class-library call that returns a string. The probes' own instructions are not counted; the blocks' costs
    /// come from the original IL.
    /// </summary>
    public static class Instrumenter
    {
        /// <summary>The device assemblies: the ones nanoFramework runs (Balancer.Drivers.nfproj, Balancer.Core.nfproj).</summary>
        public static readonly string[] DeviceAssemblies = { "Balancer.Drivers", "Balancer.Core" };

        private static readonly Dictionary<string, NativeCallKind> NativeCalls = new Dictionary<string, NativeCallKind>
        {
            ["Balancer.Drivers.II2cDevice::Write"] = NativeCallKind.I2cWrite,
            ["Balancer.Drivers.II2cDevice::WriteRead"] = NativeCallKind.I2cWriteRead,
            ["Balancer.Drivers.IAdcChannel::ReadCode"] = NativeCallKind.AdcRead,
            ["Balancer.Drivers.IDigitalOutput::Write"] = NativeCallKind.GpioWrite,
            ["Balancer.Drivers.IDigitalInput::get_IsHigh"] = NativeCallKind.GpioRead,
            ["Balancer.Drivers.IClock::get_NowMilliseconds"] = NativeCallKind.ClockRead,
            ["Balancer.Drivers.IClock::SleepUntil"] = NativeCallKind.ClockSleep,
        };

        /// <summary>The bus interfaces: their other members (<c>MaxCode</c>, <c>Address</c>) run in the board layer.</summary>
        private static readonly HashSet<string> BoardInterfaces = new HashSet<string>
        {
            "Balancer.Drivers.II2cDevice",
            "Balancer.Drivers.IAdcChannel",
            "Balancer.Drivers.IDigitalOutput",
            "Balancer.Drivers.IDigitalInput",
            "Balancer.Drivers.IClock",
        };

        /// <summary>Instruments the device assemblies found in <paramref name="directory"/> (a host build output).</summary>
        public static InstrumentedAssemblies Instrument(string directory)
        {
            using var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(directory);
            resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location));
            var rules = new NanoClrRules();
            var sizes = new NanoClrHeapSizes();
            var sites = new List<AllocationSite>();
            var classBlocks = new Dictionary<string, int>();
            var staticBlocks = new Dictionary<string, int>();
            var blocks = new List<BlockCost>();
            var methodNames = new List<string>();
            var images = new Dictionary<string, byte[]>();
            var configuration = "unknown";
            foreach (var name in DeviceAssemblies)
            {
                var path = Path.Combine(directory, name + ".dll");
                using var assembly = AssemblyDefinition.ReadAssembly(
                    new MemoryStream(File.ReadAllBytes(path)),
                    new ReaderParameters { AssemblyResolver = resolver });
                configuration = ConfigurationOf(assembly) ?? configuration;
                var probes = new Probes(assembly.MainModule);
                foreach (var type in assembly.MainModule.GetTypes())
                {
                    if (!type.IsValueType && !type.IsInterface && !type.HasGenericParameters)
                    {
                        classBlocks[RuntimeName(type)] = sizes.ObjectBlocks(type);
                    }

                    var statics = sizes.StaticBlocks(type);
                    if (statics > 0)
                    {
                        staticBlocks[RuntimeName(type)] = statics;
                    }

                    foreach (var method in type.Methods.Where(m => m.HasBody))
                    {
                        methodNames.Add(type.FullName + "::" + method.Name);
                        InstrumentMethod(method, methodNames.Count - 1, rules, sizes, probes, blocks, sites);
                    }
                }

                var image = new MemoryStream();
                assembly.Write(image);
                images[name] = image.ToArray();
            }

            return new InstrumentedAssemblies(images, blocks, methodNames, configuration, sites, classBlocks, staticBlocks);
        }

        private static string ConfigurationOf(AssemblyDefinition assembly)
        {
            var attribute = assembly.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == "System.Reflection.AssemblyConfigurationAttribute");
            return attribute?.ConstructorArguments[0].Value as string;
        }

        /// <summary>A type's name as reflection spells it: nested types joined with '+'.</summary>
        internal static string RuntimeName(TypeReference type) => type.FullName.Replace('/', '+');

        private static void InstrumentMethod(
            MethodDefinition method,
            int methodIndex,
            NanoClrRules rules,
            NanoClrHeapSizes sizes,
            Probes probes,
            List<BlockCost> blocks,
            List<AllocationSite> sites)
        {
            var body = method.Body;
            body.SimplifyMacros();
            var original = body.Instructions.ToArray();
            var leaders = Leaders(body);
            var il = body.GetILProcessor();

            var entry = new BlockCost(methodIndex, isEntry: true);
            entry.Allocations[(int)AllocationKind.StructLocal] = rules.LocalBlocks(body);
            blocks.Add(entry);
            var entryId = blocks.Count - 1;

            BlockCost block = null;
            var blockStarts = new List<(Instruction Leader, int Id)>();
            var hooks = new List<(Instruction At, Instruction[] Code)>();
            var objectHooks = new List<(Instruction At, int Site)>();
            var methodName = method.DeclaringType.FullName + "::" + method.Name;
            foreach (var instruction in original)
            {
                var site = Site(instruction, methodName, sizes);
                if (site != null)
                {
                    sites.Add(site);
                    objectHooks.Add((instruction, sites.Count - 1));
                }

                if (block == null || leaders.Contains(instruction))
                {
                    block = new BlockCost(methodIndex, isEntry: false);
                    blocks.Add(block);
                    blockStarts.Add((instruction, blocks.Count - 1));
                }

                block.Instructions++;
                var allocated = rules.InstructionBlocks(method, instruction, out var kind);
                block.Allocations[(int)kind] += allocated;
                var code = instruction.OpCode.Code;
                if (code == Code.Call || code == Code.Callvirt || code == Code.Newobj)
                {
                    block.Calls++;
                    var target = (MethodReference)instruction.Operand;
                    var key = target.DeclaringType.FullName + "::" + target.Name;
                    if (NativeCalls.TryGetValue(key, out var native))
                    {
                        block.NativeCalls[(int)native]++;
                        var hook = probes.Hook(native, body);
                        if (hook != null)
                        {
                            hooks.Add((instruction, hook));
                        }
                    }
                    else if (!IsDeviceCode(target) || BoardInterfaces.Contains(target.DeclaringType.FullName))
                    {
                        block.ExternalCalls++;
                    }
                }
                else if (code == Code.Newarr)
                {
                    var elementBlocks = rules.StructBlocks((TypeReference)instruction.Operand);
                    if (elementBlocks > 0)
                    {
                        hooks.Add((instruction, new[] { il.Create(OpCodes.Dup), il.Create(OpCodes.Ldc_I4, elementBlocks), il.Create(OpCodes.Call, probes.StructArray) }));
                    }
                }
            }

            // The object hooks go right behind their instruction before anything is put in front of it: code put in
            // front moves the original instruction to just behind that code, so it stays in front of its object hook.
            foreach (var (at, site) in objectHooks)
            {
                var dup = il.Create(OpCodes.Dup);
                var number = il.Create(OpCodes.Ldc_I4, site);
                il.InsertAfter(at, dup);
                il.InsertAfter(dup, number);
                il.InsertAfter(number, il.Create(OpCodes.Call, probes.Allocated));
            }

            // Hooks first, then the block probes in front of them: every branch and handler that named an original
            // instruction now lands on the probe, which runs before the hook and the instruction itself.
            foreach (var (at, code) in hooks)
            {
                InsertInFront(il, at, code);
            }

            foreach (var (leader, id) in blockStarts)
            {
                InsertInFront(il, leader, new[] { il.Create(OpCodes.Ldc_I4, id), il.Create(OpCodes.Call, probes.Pass) });
            }

            // The entry probe goes before everything without taking over the first instruction's label: a loop back to
            // the method's first instruction is a block pass, not a call.
            var first = body.Instructions[0];
            il.InsertBefore(first, il.Create(OpCodes.Ldc_I4, entryId));
            il.InsertBefore(first, il.Create(OpCodes.Call, probes.Pass));
            body.OptimizeMacros();
        }

        /// <summary>The heap object the instruction makes, if it makes one this model sizes; null otherwise.</summary>
        private static AllocationSite Site(Instruction instruction, string method, NanoClrHeapSizes sizes)
        {
            switch (instruction.OpCode.Code)
            {
                case Code.Newobj:
                    var type = ((MethodReference)instruction.Operand).DeclaringType;
                    var definition = type.Resolve();
                    // A struct's newobj makes a value, copied into its destination; a delegate is made by ldftn.
                    if (definition == null || definition.IsValueType || definition.BaseType?.FullName == "System.MulticastDelegate")
                    {
                        return null;
                    }

                    return new AllocationSite(HeapObjectKind.ClassInstance, RuntimeName(type), method, sizes.ObjectBlocks(type));
                case Code.Newarr:
                    var element = (TypeReference)instruction.Operand;
                    return new AllocationSite(HeapObjectKind.Array, RuntimeName(element) + "[]", method, 0, sizes.ElementBytes(element), sizes.StructObjectBlocks(element));
                case Code.Box:
                    var boxed = (TypeReference)instruction.Operand;
                    return new AllocationSite(HeapObjectKind.Box, RuntimeName(boxed), method, sizes.BoxBlocks(boxed));
                case Code.Ldstr:
                    return new AllocationSite(HeapObjectKind.LiteralString, "System.String", method, NanoClrHeapSizes.LiteralStringBlocks);
                case Code.Call:
                case Code.Callvirt:
                    var target = (MethodReference)instruction.Operand;
                    return target.ReturnType.MetadataType == MetadataType.String && !IsDeviceCode(target)
                        ? new AllocationSite(HeapObjectKind.RuntimeString, "System.String", method, 0)
                        : null;
                default:
                    return null;
            }
        }

        private static bool IsDeviceCode(MethodReference target)
        {
            var scope = target.DeclaringType.Scope;
            return scope is ModuleDefinition
                || (scope is AssemblyNameReference reference && DeviceAssemblies.Contains(reference.Name));
        }

        /// <summary>Puts <paramref name="code"/> in front of <paramref name="at"/> so that whatever jumped to it runs the code first.</summary>
        private static void InsertInFront(ILProcessor il, Instruction at, Instruction[] code)
        {
            // The original instruction moves to a new object behind the code; 'at' itself becomes the code's first
            // instruction, so branch targets, switch tables and handler boundaries follow without being rewritten.
            var moved = il.Create(OpCodes.Nop);
            moved.OpCode = at.OpCode;
            moved.Operand = at.Operand;
            at.OpCode = code[0].OpCode;
            at.Operand = code[0].Operand;
            var last = at;
            for (var i = 1; i < code.Length; i++)
            {
                il.InsertAfter(last, code[i]);
                last = code[i];
            }

            il.InsertAfter(last, moved);
        }

        private static HashSet<Instruction> Leaders(MethodBody body)
        {
            var leaders = new HashSet<Instruction>();
            if (body.Instructions.Count > 0)
            {
                leaders.Add(body.Instructions[0]);
            }

            foreach (var instruction in body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case Instruction target:
                        leaders.Add(target);
                        break;
                    case Instruction[] targets:
                        leaders.UnionWith(targets);
                        break;
                }

                var flow = instruction.OpCode.FlowControl;
                if ((flow == FlowControl.Branch || flow == FlowControl.Cond_Branch || flow == FlowControl.Return || flow == FlowControl.Throw)
                    && instruction.Next != null)
                {
                    leaders.Add(instruction.Next);
                }
            }

            foreach (var handler in body.ExceptionHandlers)
            {
                foreach (var boundary in new[] { handler.TryStart, handler.TryEnd, handler.HandlerStart, handler.HandlerEnd, handler.FilterStart })
                {
                    if (boundary != null)
                    {
                        leaders.Add(boundary);
                    }
                }
            }

            return leaders;
        }

        /// <summary>References from the device module to <see cref="DeviceCostProbe"/>, and the spill code of the I²C hooks.</summary>
        private sealed class Probes
        {
            private readonly ModuleDefinition _module;
            private readonly MethodReference _i2cWrite;
            private readonly MethodReference _i2cWriteRead;

            public Probes(ModuleDefinition module)
            {
                _module = module;
                var probeAssembly = typeof(DeviceCostProbe).Assembly.GetName();
                var scope = new AssemblyNameReference(probeAssembly.Name, probeAssembly.Version);
                module.AssemblyReferences.Add(scope);
                var probeType = new TypeReference(typeof(DeviceCostProbe).Namespace, nameof(DeviceCostProbe), module, scope);
                Pass = Method(probeType, nameof(DeviceCostProbe.Pass), 1);
                _i2cWrite = Method(probeType, nameof(DeviceCostProbe.I2cWrite), 1);
                _i2cWriteRead = Method(probeType, nameof(DeviceCostProbe.I2cWriteRead), 2);
                StructArray = Method(probeType, nameof(DeviceCostProbe.StructArray), 2);
                Allocated = new MethodReference(nameof(DeviceCostProbe.Allocated), module.TypeSystem.Void, probeType);
                Allocated.Parameters.Add(new ParameterDefinition(module.TypeSystem.Object));
                Allocated.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
            }

            public MethodReference Pass { get; }

            public MethodReference Allocated { get; }

            public MethodReference StructArray { get; }

            /// <summary>Code that reports the byte counts of an I²C call with its arguments on the stack, leaving them there.</summary>
            public Instruction[] Hook(NativeCallKind kind, MethodBody body)
            {
                var il = body.GetILProcessor();
                switch (kind)
                {
                    case NativeCallKind.I2cWrite:
                        // ... device, buffer, length
                        return new[] { il.Create(OpCodes.Dup), il.Create(OpCodes.Call, _i2cWrite) };
                    case NativeCallKind.I2cWriteRead:
                        // ... device, writeBuffer, writeLength, readBuffer, readLength
                        var readLength = new VariableDefinition(_module.TypeSystem.Int32);
                        var readBuffer = new VariableDefinition(new ArrayType(_module.TypeSystem.Byte));
                        body.Variables.Add(readLength);
                        body.Variables.Add(readBuffer);
                        return new[]
                        {
                            il.Create(OpCodes.Stloc, readLength),
                            il.Create(OpCodes.Stloc, readBuffer),
                            il.Create(OpCodes.Dup),
                            il.Create(OpCodes.Ldloc, readLength),
                            il.Create(OpCodes.Call, _i2cWriteRead),
                            il.Create(OpCodes.Ldloc, readBuffer),
                            il.Create(OpCodes.Ldloc, readLength),
                        };
                    default:
                        return null;
                }
            }

            private MethodReference Method(TypeReference probeType, string name, int intParameters)
            {
                var method = new MethodReference(name, _module.TypeSystem.Void, probeType);
                for (var i = 0; i < intParameters; i++)
                {
                    method.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Int32));
                }

                return method;
            }
        }
    }
}
