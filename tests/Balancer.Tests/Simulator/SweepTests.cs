// SPDX-License-Identifier: MIT

using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using Balancer.Simulator;
using Balancer.Simulator.Scenarios;
using Balancer.Simulator.Sweep;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>The sweep: randomised packs, judged against the truth, with the safety invariants watched.</summary>
    public class SweepTests
    {
        private const int SmallSweep = 24;

        [Fact]
        public void A_Small_Sweep_Judges_Every_Session_Against_The_Truth_And_Breaks_No_Safety_Invariant()
        {
            var summary = SweepRunner.Run(SmallSweep, seed: 3, jobs: 2);

            Assert.Equal(Enumerable.Range(0, SmallSweep), summary.Sessions.Select(s => s.Index));
            Assert.All(summary.Sessions, s => Assert.Equal(s.JudgedGroups, s.TargetErrorsMillivolts.Count));
            Assert.True(summary.GroupTargetErrors.Length >= SmallSweep, $"only {summary.GroupTargetErrors.Length} groups were judged");
            Assert.All(summary.Sessions, s => Assert.True(s.SafetyViolations == 0, $"session {s.Index}: {s.FirstSafetyViolation}"));
            Assert.All(summary.Ratios, r => Assert.True(r >= 1, $"a time ratio of {r:0.000}: the bound is not a bound"));
            Assert.Equal(SmallSweep + 1, summary.Csv().TrimEnd().Split('\n').Length);
            var svg = XDocument.Parse(SweepRunner.Histogram(summary.SignedGroupTargetErrors, 5));
            var counted = svg.Descendants().Where(e => e.Name.LocalName == "title").Sum(t => int.Parse(t.Value.Split(": ")[1]));
            Assert.Equal(summary.SignedGroupTargetErrors.Length, counted);
        }

        [Fact]
        public void The_Same_Seed_Plans_The_Same_Sessions_And_Another_Seed_Others()
        {
            string Plan(int seed, int index) => JsonSerializer.Serialize(SweepPlan.Session(seed, index));

            Assert.Equal(Plan(5, 17), Plan(5, 17));
            Assert.NotEqual(Plan(5, 17), Plan(6, 17));
            Assert.NotEqual(Plan(5, 17), Plan(5, 18));
        }

        [Fact]
        public void Every_Planned_Session_Is_A_Scenario_The_Loader_Accepts_And_The_Plans_Vary()
        {
            var plans = Enumerable.Range(0, 500).Select(i => SweepPlan.Session(1, i)).ToList();

            Assert.All(plans, p => Assert.Empty(ScenarioLoader.Validate(p)));
            Assert.Equal(new[] { 10, 11, 12, 13 }, plans.Select(p => p.Pack.Series).Distinct().OrderBy(n => n));
            Assert.Equal(new[] { 2, 3, 4 }, plans.Select(p => p.Pack.Parallel).Distinct().OrderBy(n => n));
            Assert.Contains(plans, p => p.Pack.Groups.Any(g => g.LeakMilliamperes > 0));
            Assert.Contains(plans, p => p.Channels.All(c => c.Mode == ChannelModeSpec.Charge));
        }

        [Fact]
        public void Percentiles_Are_Nearest_Rank()
        {
            var values = Enumerable.Range(1, 100).Select(v => (double)v).ToArray();

            Assert.Equal(50, SweepSummary.Percentile(values, 0.50));
            Assert.Equal(95, SweepSummary.Percentile(values, 0.95));
            Assert.Equal(99, SweepSummary.Percentile(values, 0.99));
            Assert.Null(SweepSummary.Percentile(System.Array.Empty<double>(), 0.5));
        }

        [Fact]
        public void The_Safety_Monitor_Counts_Charge_Into_A_Group_Above_The_Over_Voltage_Limit_That_The_Firmware_Cannot_See()
        {
            // Channel 0's INA219 reads 5 % low and its module's CV is 4.40 V: the group passes 4.21 V for real while
            // the firmware reads about 4.0 V and keeps charging.
            var scenario = ScenarioLoader.Parse(
                """
                { "name": "blind over-voltage", "seed": 4, "durationHours": 3,
                  "pack": { "series": 4, "parallel": 3, "groups": [ { "group": 1, "ocvMillivolts": 4150 } ] },
                  "channels": [ { "group": 1, "chargerCvMillivolts": 4400, "sensor": { "busGainPpm": -50000 } } ],
                  "settings": { "TargetMode": "TopOff", "OverVoltageMillivolts": 4210 } }
                """,
                "inline.json");
            var simulation = new Simulation(scenario);

            simulation.Run();

            Assert.True(simulation.SafetyViolations > 0);
            Assert.Contains("over 4210 mV", simulation.FirstSafetyViolation);
        }
    }
}
