// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Balancer.DeviceCost
{
    /// <summary>
    /// Runs the instrumented device code on the emulated reference board with every channel charging, as
    /// tests/Balancer.Benchmarks' TickBenchmarks sets it up, and counts what a steady tick does.
    /// </summary>
    public sealed class DeviceCostMeter : IDisposable
    {
        /// <summary>Where the build put the Release build of the simulator and the device assemblies (see the project file).</summary>
        public static readonly string DeviceDirectory = System.IO.Path.Combine(AppContext.BaseDirectory, "device");

        private static readonly Lazy<InstrumentedAssemblies> Shared =
            new Lazy<InstrumentedAssemblies>(() => Instrumenter.Instrument(DeviceDirectory));

        private readonly InstrumentedAssemblies _instrumented;
        private readonly DeviceLoadContext _context;
        private readonly Assembly _core;
        private readonly Assembly _simulator;
        private readonly Type[] _deviceTypes;
        private readonly List<(object Value, int Site)> _staticObjects;

        /// <summary>
        /// Instruments the Release device assemblies beside this process's build output (once per process), loads them
        /// and runs every static constructor of the device types, as nanoCLR does at start-up, keeping what they make.
        /// </summary>
        public DeviceCostMeter()
        {
            _instrumented = Shared.Value;
            _context = new DeviceLoadContext(_instrumented, DeviceDirectory);
            _core = _context.LoadFromAssemblyName(new AssemblyName("Balancer.Core"));
            _simulator = _context.LoadFromAssemblyName(new AssemblyName("Balancer.Simulator"));
            _deviceTypes = Instrumenter.DeviceAssemblies
                .SelectMany(name => _context.LoadFromAssemblyName(new AssemblyName(name)).GetTypes())
                .Where(t => !t.IsGenericTypeDefinition)
                .ToArray();
            lock (DeviceCostProbe.Gate)
            {
                // nanoCLR runs every static constructor of every assembly before Main (SpawnStaticConstructor).
                DeviceCostProbe.Reset(_instrumented.Blocks.Count);
                DeviceCostProbe.BeginObjects();
                foreach (var type in _deviceTypes)
                {
                    System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(type.TypeHandle);
                }

                _staticObjects = DeviceCostProbe.EndObjects();
            }
        }

        /// <summary>The instrumented assemblies and their block table.</summary>
        public InstrumentedAssemblies Instrumented => _instrumented;

        /// <summary>
        /// Builds the board with <paramref name="channels"/> channels, brings every channel to Charging, runs
        /// <paramref name="warmupTicks"/> more ticks, then counts <paramref name="ticks"/> ticks.
        /// </summary>
        public TickCounts Measure(int channels, int ticks = 100, int warmupTicks = 20)
        {
            lock (DeviceCostProbe.Gate)
            {
                DeviceCostProbe.Reset(_instrumented.Blocks.Count);
                var board = new ChargingBoard(_core, _simulator, channels);
                board.BringToCharging();
                for (var t = 0; t < warmupTicks; t++)
                {
                    board.Tick();
                }

                DeviceCostProbe.Reset(_instrumented.Blocks.Count);
                for (var t = 0; t < ticks; t++)
                {
                    board.Tick();
                }

                var passes = (long[])DeviceCostProbe.BlockPasses.Clone();
                return Summarise(channels, ticks, board.AllCharging(), passes);
            }
        }

        /// <summary>
        /// Builds the board with <paramref name="channels"/> channels as <see cref="Measure"/> does, brings every channel
        /// to Charging and runs <paramref name="warmupTicks"/> more ticks, then sizes what the device assemblies' objects
        /// hold: the objects the device code made, and the board layer's settings, relay bank and controller, that are
        /// still reachable, and the static storage with what the static constructors made.
        /// </summary>
        public BootHeapCounts MeasureBootHeap(int channels, int warmupTicks = 20) => MeasureBootHeap(channels, false, warmupTicks);

        /// <summary>
        /// As <see cref="MeasureBootHeap(int, int)"/>; with <paramref name="withJournal"/> the board boots as the device app
        /// does, its settings from flash and the recovery journal (settings store, log, writer, pager) attached and held, the
        /// last session's reader let go after the boot report as the app does.
        /// </summary>
        public BootHeapCounts MeasureBootHeap(int channels, bool withJournal, int warmupTicks = 20)
        {
            lock (DeviceCostProbe.Gate)
            {
                DeviceCostProbe.Reset(_instrumented.Blocks.Count);
                DeviceCostProbe.BeginObjects();
                ChargingBoard board;
                List<(object Value, int Site)> made;
                try
                {
                    board = new ChargingBoard(_core, _simulator, channels, withJournal);
                    board.BringToCharging();
                    for (var t = 0; t < warmupTicks; t++)
                    {
                        board.Tick();
                    }
                }
                finally
                {
                    made = DeviceCostProbe.EndObjects();
                }

                return SizeBootHeap(channels, board, made);
            }
        }

        /// <summary>
        /// Brings a board of <paramref name="channels"/> to Charging, then counts <paramref name="rounds"/> rounds of what the
        /// BLE side runs: a status notification's frames (the session record and every channel's), three writes through
        /// the command handler (a Config select, a refused session start, a stop that is queued) and the check for a report
        /// line to send. A round counts as a tick.
        /// </summary>
        public TickCounts MeasureNotificationRounds(int channels, int rounds = 10)
        {
            lock (DeviceCostProbe.Gate)
            {
                DeviceCostProbe.Reset(_instrumented.Blocks.Count);
                var board = new ChargingBoard(_core, _simulator, channels);
                board.BringToCharging();
                var controller = board.Roots[3];
                var frames = _core.GetType("Balancer.Core.Protocol.ProtocolFrames", throwOnError: true);
                var controllerType = controller.GetType();
                var writeSession = frames.GetMethod("WriteSessionStatus", new[] { typeof(byte[]), typeof(int), controllerType });
                var writeChannel = frames.GetMethod("WriteChannelStatus", new[] { typeof(byte[]), typeof(int), controllerType, typeof(int) });
                var handlerType = _core.GetType("Balancer.Core.Protocol.CommandHandler", throwOnError: true);
                var handler = Activator.CreateInstance(handlerType, controller, 123_456);
                var handleCommand = handlerType.GetMethod("HandleCommand");
                var handleConfig = handlerType.GetMethod("HandleConfig");
                var nextReport = handlerType.GetMethod("TryNextReport");
                var buffer = new byte[20];
                var select = new byte[] { 1, 0x21, 1, 5 };
                var badSession = new byte[] { 1, 0x08, 3, 2, 0xFF, 0xFF };
                var stop = new byte[] { 1, 0x02, 1, 0 };

                DeviceCostProbe.Reset(_instrumented.Blocks.Count);
                for (var r = 0; r < rounds; r++)
                {
                    writeSession.Invoke(null, new object[] { buffer, 0, controller });
                    for (var i = 0; i < channels; i++)
                    {
                        writeChannel.Invoke(null, new object[] { buffer, 0, controller, i });
                    }

                    handleConfig.Invoke(handler, new object[] { select, select.Length, true });
                    handleCommand.Invoke(handler, new object[] { badSession, badSession.Length, true });
                    handleCommand.Invoke(handler, new object[] { stop, stop.Length, true });
                    nextReport.Invoke(handler, new object[] { buffer }); // the notify thread's check, with no report asked for
                }

                var passes = (long[])DeviceCostProbe.BlockPasses.Clone();
                return Summarise(channels, rounds, board.AllCharging(), passes);
            }
        }

        /// <summary>
        /// The recovery log's two sides on a charging board, per round: the loop's side takes a fault event, a pulse's state
        /// change (filtered out), a clip check's end and the checkpoint it makes due (<c>OnEvent</c>, <c>AfterTick</c>);
        /// with <paramref name="loggingSide"/> the count is of the logging side writing the round's records and committing
        /// them (<c>WritePending</c>) instead. The flash is the simulator's emulated file, outside the device code.
        /// </summary>
        public TickCounts MeasureRecorderRounds(int channels, bool loggingSide, int rounds = 10)
        {
            lock (DeviceCostProbe.Gate)
            {
                DeviceCostProbe.Reset(_instrumented.Blocks.Count);
                var board = new ChargingBoard(_core, _simulator, channels);
                board.BringToCharging();
                var controller = board.Roots[3];
                var flashType = _simulator.GetType("Balancer.Simulator.Storage.FlashFileEmulator", throwOnError: true);
                var logType = _core.GetType("Balancer.Core.Log.RecoveryLog", throwOnError: true);
                var log = Activator.CreateInstance(logType, Activator.CreateInstance(flashType), Activator.CreateInstance(flashType), 64L * 1024);
                logType.GetMethod("Open").Invoke(log, null);
                var recorderType = _core.GetType("Balancer.Core.Log.SessionRecorder", throwOnError: true);
                var recorder = Activator.CreateInstance(recorderType, controller, log, null);
                var onEvent = recorderType.GetMethod("OnEvent");
                var afterTick = recorderType.GetMethod("AfterTick");
                var writePending = recorderType.GetMethod("WritePending");
                var eventType = _core.GetType("Balancer.Core.Events.BalancerEvent", throwOnError: true);
                var kindType = _core.GetType("Balancer.Core.Events.EventKind", throwOnError: true);
                var stateType = _core.GetType("Balancer.Core.ChannelState", throwOnError: true);
                object Event(string kind, int channel, string from, string to)
                {
                    var e = Activator.CreateInstance(eventType);
                    eventType.GetField("Kind").SetValue(e, Enum.Parse(kindType, kind));
                    eventType.GetField("Channel").SetValue(e, channel);
                    eventType.GetField("From").SetValue(e, Enum.Parse(stateType, from));
                    eventType.GetField("To").SetValue(e, Enum.Parse(stateType, to));
                    eventType.GetField("Value").SetValue(e, 4_260);
                    return e;
                }

                // A session opens when a channel starts; its start records and one round are written before anything is
                // counted, so what is built at first use (the CRC's table) is there, as it is after the first minute.
                onEvent.Invoke(recorder, new[] { Event("StateChanged", 0, "Idle", "Checking") });
                var fault = new[] { Event("FaultLatched", 0, "Charging", "Fault") };
                var pulse = new[] { Event("StateChanged", 0, "Charging", "Resting") };
                void LoopSide(int round)
                {
                    onEvent.Invoke(recorder, fault);
                    onEvent.Invoke(recorder, pulse);
                    onEvent.Invoke(recorder, new[] { Event("StateChanged", round % channels, "Checking", "Charging") });
                    afterTick.Invoke(recorder, null);
                }

                LoopSide(0);
                writePending.Invoke(recorder, null);
                DeviceCostProbe.Reset(_instrumented.Blocks.Count);
                for (var r = 1; r <= rounds; r++)
                {
                    // Only one side is counted: the other's passes are put back as they were.
                    var passesBefore = (long[])DeviceCostProbe.BlockPasses.Clone();
                    LoopSide(r);
                    if (loggingSide)
                    {
                        Array.Copy(passesBefore, DeviceCostProbe.BlockPasses, passesBefore.Length);
                        writePending.Invoke(recorder, null);
                    }
                    else
                    {
                        passesBefore = (long[])DeviceCostProbe.BlockPasses.Clone();
                        writePending.Invoke(recorder, null);
                        Array.Copy(passesBefore, DeviceCostProbe.BlockPasses, passesBefore.Length);
                    }
                }

                var passes = (long[])DeviceCostProbe.BlockPasses.Clone();
                return Summarise(channels, rounds, board.AllCharging(), passes);
            }
        }

        /// <summary>Unloads the instrumented assemblies.</summary>
        public void Dispose() => _context.Unload();

        private BootHeapCounts SizeBootHeap(int channels, ChargingBoard board, List<(object Value, int Site)> made)
        {
            // Every object the device code made, with its size; an object made twice over (an interned literal) once.
            var sites = new Dictionary<object, AllocationSite>(ReferenceEqualityComparer.Instance);
            var staticBlocks = _instrumented.StaticBlocks.Values.Sum();
            var madeBlocks = staticBlocks;
            var madeObjects = _staticObjects.Count + made.Count;
            foreach (var (value, site) in _staticObjects.Concat(made))
            {
                var allocation = _instrumented.Sites[site];
                madeBlocks += allocation.BlocksOf(value);
                sites.TryAdd(value, allocation);
            }

            // The board layer builds the settings, the relay bank and the controller (AdapterBoard, Program.Main): device
            // types, so their objects count, though no device instruction made them.
            foreach (var root in board.Roots)
            {
                var name = root.GetType().FullName;
                if (!sites.ContainsKey(root) && _instrumented.ClassBlocks.TryGetValue(name, out var blocks))
                {
                    sites.Add(root, new AllocationSite(HeapObjectKind.ClassInstance, name, "board layer", blocks));
                    madeBlocks += blocks;
                    madeObjects++;
                }
            }

            var held = HeldObjects.Find(board.Roots, _deviceTypes, sites.ContainsKey);
            var types = new Dictionary<string, (int Objects, int Blocks)>();
            var bySite = new Dictionary<string, (int Objects, int Blocks)>();
            int objects = 0, arrays = 0, heldBlocks = 0;
            foreach (var value in held)
            {
                var site = sites[value];
                var blocks = site.BlocksOf(value);
                heldBlocks += blocks;
                if (site.Kind == HeapObjectKind.Array)
                {
                    arrays++;
                }
                else
                {
                    objects++;
                }

                types.TryGetValue(site.TypeName, out var share);
                types[site.TypeName] = (share.Objects + 1, share.Blocks + blocks);
                var where = $"{site.TypeName} in {site.Method}";
                bySite.TryGetValue(where, out var atSite);
                bySite[where] = (atSite.Objects + 1, atSite.Blocks + blocks);
            }

            types[$"static fields of {_instrumented.StaticBlocks.Count} types"] = (0, staticBlocks);
            return new BootHeapCounts
            {
                Channels = channels,
                Configuration = _instrumented.Configuration,
                ReachedCharging = board.AllCharging(),
                Objects = objects,
                Arrays = arrays,
                StaticBlocks = staticBlocks,
                Blocks = heldBlocks + staticBlocks,
                MadeObjects = madeObjects,
                MadeBlocks = madeBlocks,
                Types = Shares(types),
                Sites = Shares(bySite),
            };

            static List<HeapTypeShare> Shares(Dictionary<string, (int Objects, int Blocks)> held) => held
                .Select(t => new HeapTypeShare { TypeName = t.Key, Objects = t.Value.Objects, Blocks = t.Value.Blocks })
                .OrderByDescending(t => t.Blocks)
                .ThenBy(t => t.TypeName, StringComparer.Ordinal)
                .ToList();
        }

        private TickCounts Summarise(int channels, int ticks, bool stayedCharging, long[] passes)
        {
            double instructions = 0, calls = 0, external = 0;
            var native = new double[DeviceCostProbe.NativeKindCount];
            var allocations = new double[DeviceCostProbe.AllocationKindCount];
            var methods = new Dictionary<int, (double Entries, double Instructions, double Allocations)>();
            for (var id = 0; id < passes.Length; id++)
            {
                if (passes[id] == 0)
                {
                    continue;
                }

                var block = _instrumented.Blocks[id];
                var n = passes[id] / (double)ticks;
                instructions += n * block.Instructions;
                calls += n * block.Calls;
                external += n * block.ExternalCalls;
                var allocated = 0.0;
                for (var k = 0; k < native.Length; k++)
                {
                    native[k] += n * block.NativeCalls[k];
                }

                for (var k = 0; k < allocations.Length; k++)
                {
                    allocations[k] += n * block.Allocations[k];
                    allocated += n * block.Allocations[k];
                }

                methods.TryGetValue(block.MethodIndex, out var method);
                methods[block.MethodIndex] = (
                    method.Entries + (block.IsEntry ? n : 0),
                    method.Instructions + (n * block.Instructions),
                    method.Allocations + allocated);
            }

            allocations[(int)AllocationKind.NewArray] += DeviceCostProbe.StructArrayElements / (double)ticks;
            return new TickCounts
            {
                Channels = channels,
                Ticks = ticks,
                StayedCharging = stayedCharging,
                Configuration = _instrumented.Configuration,
                Instructions = instructions,
                Calls = calls,
                ExternalCalls = external,
                NativeCalls = native,
                I2cBytesWritten = DeviceCostProbe.I2cBytesWritten / (double)ticks,
                I2cBytesRead = DeviceCostProbe.I2cBytesRead / (double)ticks,
                Allocations = allocations,
                Methods = methods
                    .Select(m => new MethodCounts { Name = _instrumented.MethodNames[m.Key], Entries = m.Value.Entries, Instructions = m.Value.Instructions, Allocations = m.Value.Allocations })
                    .OrderByDescending(m => m.Instructions)
                    .ToList(),
            };
        }

        /// <summary>
        /// The simulator's <c>EmulatedBoard</c> in the instrumented context, driven by reflection (its types are not
        /// this assembly's): each clip sees 3.70 V at rest and 1 A through 60 mΩ while its relay contact is closed.
        /// </summary>
        private sealed class ChargingBoard
        {
            private const double RestMillivolts = 3700;
            private const double ChargeMilliamperes = 1000;
            private const double PathOhms = 0.060;
            private const int MaxTicksToCharging = 2_000;

            private readonly Action _runOnce;
            private readonly Action<int, double, double> _present;
            private readonly Func<bool>[] _contactClosed;
            private readonly Func<bool>[] _supplyHigh;
            private readonly object[] _channels;
            private readonly PropertyInfo _state;
            private readonly object[] _roots;

            public ChargingBoard(Assembly core, Assembly simulator, int channels, bool withJournal = false)
            {
                var settingsType = core.GetType("Balancer.Core.Settings.BalancerSettings", throwOnError: true);
                var settingId = core.GetType("Balancer.Core.Settings.SettingId", throwOnError: true);
                var settings = Activator.CreateInstance(settingsType);
                var longPulse = Enum.Parse(settingId, "ChargePulseMilliseconds");
                settingsType.GetMethod("TrySet").Invoke(settings, new[] { longPulse, 60 * 60_000, null });
                var boardType = simulator.GetType("Balancer.Simulator.EmulatedBoard", throwOnError: true);
                object board;
                object controller;
                if (withJournal)
                {
                    // As the device boots: the settings from (an empty) flash, then set as a technician would.
                    var flash = Activator.CreateInstance(simulator.GetType("Balancer.Simulator.Storage.BoardFlash", throwOnError: true));
                    board = boardType.GetConstructors().Single(c => c.GetParameters().Length == 5).Invoke(new[] { channels, settings, 11, flash, null });
                    controller = boardType.GetProperty("Controller").GetValue(board);
                    controller.GetType().GetMethod("TrySetSetting").Invoke(controller, new[] { longPulse, 60 * 60_000, null });
                    settings = controller.GetType().GetProperty("Settings").GetValue(controller);
                }
                else
                {
                    board = Activator.CreateInstance(boardType, channels, settings, 11);
                    controller = boardType.GetProperty("Controller").GetValue(board);
                }

                var roots = new List<object> { settings, boardType.GetProperty("Relays").GetValue(board), boardType.GetProperty("Reader").GetValue(board), controller };
                if (withJournal)
                {
                    // The app reports the last session at boot, then lets its reader go (Program.StartJournal).
                    var journal = boardType.GetProperty("Journal").GetValue(board);
                    journal.GetType().GetMethod("ReleaseLastSession").Invoke(journal, null);
                    roots.Add(journal);
                }

                _roots = roots.ToArray();
                _runOnce = controller.GetType().GetMethod("RunOnce").CreateDelegate<Action>(controller);
                _present = boardType.GetMethod("Present").CreateDelegate<Action<int, double, double>>(board);
                var contacts = (Array)boardType.GetProperty("Contacts").GetValue(board);
                var supplies = (Array)boardType.GetProperty("ChargerSupplies").GetValue(board);
                _contactClosed = new Func<bool>[channels];
                _supplyHigh = new Func<bool>[channels];
                _channels = new object[channels];
                var channelMethod = controller.GetType().GetMethod("Channel");
                for (var i = 0; i < channels; i++)
                {
                    var contact = contacts.GetValue(i);
                    var supply = supplies.GetValue(i);
                    _contactClosed[i] = contact.GetType().GetProperty("IsContactClosed").GetMethod.CreateDelegate<Func<bool>>(contact);
                    _supplyHigh[i] = supply.GetType().GetProperty("IsHigh").GetMethod.CreateDelegate<Func<bool>>(supply);
                    _channels[i] = channelMethod.Invoke(controller, new object[] { i });
                }

                _state = _channels[0].GetType().GetProperty("State");
                controller.GetType().GetMethod("StartAll").Invoke(controller, null);
            }

            /// <summary>What the board layer holds on the device: the settings, the relay bank, the reader and the controller.</summary>
            public IReadOnlyList<object> Roots => _roots;

            public void BringToCharging()
            {
                for (var t = 0; t < MaxTicksToCharging && !AllCharging(); t++)
                {
                    Tick();
                }

                if (!AllCharging())
                {
                    throw new InvalidOperationException("the channels did not all reach Charging");
                }
            }

            public void Tick()
            {
                for (var i = 0; i < _channels.Length; i++)
                {
                    var current = _contactClosed[i]() && _supplyHigh[i]() ? ChargeMilliamperes : 0.0;
                    _present(i, RestMillivolts + (current * PathOhms), current);
                }

                _runOnce();
            }

            public bool AllCharging() => _channels.All(c => _state.GetValue(c).ToString() == "Charging");
        }
    }
}
