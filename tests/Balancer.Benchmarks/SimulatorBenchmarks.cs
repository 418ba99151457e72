// SPDX-License-Identifier: MIT

using System.Globalization;
using System.IO;
using Balancer.Simulator;
using Balancer.Simulator.Output;
using Balancer.Simulator.Scenarios;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SimulatorProgram = Balancer.Simulator.Program;

namespace Balancer.Benchmarks
{
    /// <summary>
    /// Whole sessions through the simulator: a 12 h overnight session on four channels, and the default scenario run to
    /// its end. Columns add the simulated time over wall time, and from the (deterministic) session itself the
    /// balance-time ratio and the final OCV spread.
    /// </summary>
    [MemoryDiagnoser]
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
    [Config(typeof(SessionConfig))]
    public class SimulatorBenchmarks
    {
        /// <summary>The overnight session's length, ms.</summary>
        public const long OvernightMilliseconds = 12 * 3_600_000L;

        /// <summary>Twelve simulated hours of the four-channel top-off and hold, whatever finishes early.</summary>
        [Benchmark]
        public long Overnight12HoursFourChannels() => RunOvernight().ElapsedMilliseconds;

        /// <summary>The default scenario, to its end.</summary>
        [Benchmark]
        public long DefaultScenario() => RunDefault().ElapsedMilliseconds;

        internal static Simulation RunOvernight()
        {
            var simulation = new Simulation(ScenarioLoader.Load(Path.Combine(SimulatorProgram.BundledFolder, "overnight-four-channels.json")));
            while (simulation.ElapsedMilliseconds < OvernightMilliseconds)
            {
                simulation.Step();
            }

            return simulation;
        }

        internal static Simulation RunDefault()
        {
            var simulation = new Simulation(ScenarioLoader.Load(Path.Combine(SimulatorProgram.BundledFolder, SimulatorProgram.DefaultScenario + ".json")));
            simulation.Run();
            return simulation;
        }
    }

    /// <summary>The session columns.</summary>
    public sealed class SessionConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        /// <summary>Simulated time over wall time, balance ratio, largest target error against the truth.</summary>
        public SessionConfig()
        {
            AddColumn(new SessionColumn("sim/wall", (simulation, mean) => (simulation.ElapsedMilliseconds / 1000.0 / mean).ToString("N0", CultureInfo.InvariantCulture) + "×"));
            AddColumn(new SessionColumn("balance ratio", (simulation, _) => Report(simulation).BalanceRatio?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a"));
            AddColumn(new SessionColumn("largest target error", (simulation, _) => Report(simulation).MaxTargetErrorMillivolts?.ToString("0.0", CultureInfo.InvariantCulture) + " mV"));
        }

        private static SessionReport Report(Simulation simulation) => SessionReport.Build(simulation, 0);
    }

    /// <summary>A column computed from the session a benchmark case runs, once per case.</summary>
    public sealed class SessionColumn : IColumn
    {
        private readonly System.Func<Simulation, double, string> _value;

        /// <summary>Creates the column.</summary>
        public SessionColumn(string name, System.Func<Simulation, double, string> value)
        {
            ColumnName = name;
            _value = value;
        }

        /// <inheritdoc />
        public string Id => nameof(SessionColumn) + ColumnName;

        /// <inheritdoc />
        public string ColumnName { get; }

        /// <inheritdoc />
        public bool AlwaysShow => true;

        /// <inheritdoc />
        public ColumnCategory Category => ColumnCategory.Custom;

        /// <inheritdoc />
        public int PriorityInCategory => 0;

        /// <inheritdoc />
        public bool IsNumeric => false;

        /// <inheritdoc />
        public UnitType UnitType => UnitType.Dimensionless;

        /// <inheritdoc />
        public string Legend => ColumnName;

        /// <inheritdoc />
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        /// <inheritdoc />
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            var meanSeconds = report?.ResultStatistics?.Mean / 1e9 ?? double.NaN;
            var simulation = benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(SimulatorBenchmarks.DefaultScenario)
                ? SimulatorBenchmarks.RunDefault()
                : SimulatorBenchmarks.RunOvernight();
            return _value(simulation, meanSeconds);
        }

        /// <inheritdoc />
        public bool IsAvailable(Summary summary) => true;

        /// <inheritdoc />
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
