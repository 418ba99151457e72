// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Settings;
using Balancer.Simulator;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Balancer.Benchmarks
{
    /// <summary>
    /// One control tick with every channel charging: on the emulated board (driver, I²C emulation, reader, core), and
    /// the core alone on a frame already read. Reports bytes allocated per tick and I²C register reads per channel per
    /// tick; divide the time by the channel count for the time per channel.
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(TickConfig))]
    public class TickBenchmarks
    {
        private EmulatedBoard _board;
        private MeasurementFrame _frame;

        /// <summary>Channels on the board.</summary>
        [Params(1, 4, 16)]
        public int Channels { get; set; }

        /// <summary>Brings every channel to Charging.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _board = ChargingBoard(Channels);
            _frame = new MeasurementFrame(Channels);
            _board.Reader.Read(_frame, _board.Clock.NowMilliseconds);
        }

        /// <summary>A whole tick on the emulated board: two register reads and one trigger per channel, NTCs, supply, decisions.</summary>
        [Benchmark(Baseline = true)]
        public bool TickOnEmulatedBoard()
        {
            Present(_board);
            _board.Controller.RunOnce();
            return KeepCharging(_board);
        }

        /// <summary>The control core alone: guardrails, state machines, relays, status, on a frame already read.</summary>
        [Benchmark]
        public bool CoreStepOnly()
        {
            var now = _board.Clock.NowMilliseconds + _board.Controller.Settings.TickPeriodMilliseconds;
            _board.Clock.AdvanceTo(now * 1000);
            for (var i = 0; i < Channels; i++)
            {
                _frame.Channels[i].ConversionStartedAtMilliseconds = _frame.NowMilliseconds;
                _frame.Channels[i].CurrentMicroamperes = _board.Relays.IsClosed(i) ? 1_000_000 : 0;
            }

            _frame.NowMilliseconds = now;
            var healthy = _board.Controller.Step(_frame, 0);
            return healthy & KeepCharging(_board);
        }

        /// <summary>The board, charging, as the tests build it, with hour-long pulses so no rest interrupts the measurement.</summary>
        internal static EmulatedBoard ChargingBoard(int channels)
        {
            var settings = new BalancerSettings();
            if (settings.TrySet(SettingId.ChargePulseMilliseconds, 60 * 60_000, out var conflict) != SettingResult.Ok)
            {
                throw new System.InvalidOperationException("the benchmark's pulse setting was refused: " + conflict);
            }

            return BenchRig.ChargingBoard(channels, settings, seed: 11);
        }

        /// <summary>Each clip sees 3.70 V at rest, 1 A through 60 mΩ while its relay contact is closed.</summary>
        internal static void Present(EmulatedBoard board) => BenchRig.Present(board);

        /// <summary>A group that never fills ends in a time-limit fault after hours of ticks; start it again (rare, amortised).</summary>
        private static bool KeepCharging(EmulatedBoard board)
        {
            if (board.Controller.Channel(0).State != ChannelState.Fault)
            {
                return true;
            }

            for (var i = 0; i < board.Chips.Length; i++)
            {
                board.Controller.ClearFault(i);
            }

            board.Controller.StartAll();
            return false;
        }
    }

    /// <summary>Adds the I²C reads per channel per tick, measured by counting the bus's read transfers.</summary>
    public sealed class TickConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        /// <summary>The default job plus the reads column.</summary>
        public TickConfig()
        {
            AddColumn(new ReadsPerChannelColumn());
        }
    }

    /// <summary>I²C register reads per channel per tick over 1000 steady ticks of the emulated board.</summary>
    public sealed class ReadsPerChannelColumn : IColumn
    {
        /// <inheritdoc />
        public string Id => nameof(ReadsPerChannelColumn);

        /// <inheritdoc />
        public string ColumnName => "I2C reads/channel/tick";

        /// <inheritdoc />
        public bool AlwaysShow => true;

        /// <inheritdoc />
        public ColumnCategory Category => ColumnCategory.Custom;

        /// <inheritdoc />
        public int PriorityInCategory => 0;

        /// <inheritdoc />
        public bool IsNumeric => true;

        /// <inheritdoc />
        public UnitType UnitType => UnitType.Dimensionless;

        /// <inheritdoc />
        public string Legend => "I2C register reads per channel per tick (steady charging, 1000 ticks)";

        /// <inheritdoc />
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        /// <inheritdoc />
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            if (benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(TickBenchmarks.TickOnEmulatedBoard))
            {
                return "—"; // the core alone reads nothing
            }

            var channels = (int)benchmarkCase.Parameters["Channels"];
            return Measure(channels).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Counts the read transfers of 1000 ticks.</summary>
        public static double Measure(int channels)
        {
            var board = TickBenchmarks.ChargingBoard(channels);
            var before = board.Bus.ReadTransferCount;
            for (var t = 0; t < 1000; t++)
            {
                TickBenchmarks.Present(board);
                board.Controller.RunOnce();
            }

            return (board.Bus.ReadTransferCount - before) / (1000.0 * channels);
        }

        /// <inheritdoc />
        public bool IsAvailable(Summary summary) => true;

        /// <inheritdoc />
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }

    /// <summary>Entry point: <c>dotnet run -c Release --project tests/Balancer.Benchmarks</c>.</summary>
    public static class Program
    {
        /// <summary>
        /// Runs every benchmark; arguments go to BenchmarkDotNet instead (for example <c>--filter *Simulator*</c>).
        /// <c>--device-cost [n]</c> prints the modelled ESP32 tick for 1, 4, 8 and 16 channels and the n heaviest methods
        /// (15 unless given), then the boot heap for the same channel counts and its 10 largest types (docs/device-cost.md).
        /// </summary>
        public static void Main(string[] args)
        {
            if (args.Length >= 1 && args[0] == "--device-cost")
            {
                var top = args.Length == 2 && int.TryParse(args[1], out var n) && n > 0 ? n : 15;
                Console.Write(Balancer.DeviceCost.DeviceCostTable.Measure(Balancer.DeviceCost.DeviceCostTable.ChannelCounts, ticks: 200, topMethods: top));
                Console.WriteLine();
                Console.Write(Balancer.DeviceCost.BootHeapTable.Measure(Balancer.DeviceCost.DeviceCostTable.ChannelCounts, topTypes: 10));
                return;
            }

            if (args.Length == 0)
            {
                BenchmarkRunner.Run<TickBenchmarks>();
                BenchmarkRunner.Run<SimulatorBenchmarks>();
                return;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
