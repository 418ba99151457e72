// SPDX-License-Identifier: MIT

using System.IO;
using System.Linq;
using Balancer.Simulator;
using Balancer.Simulator.Output;
using Balancer.Simulator.Scenarios;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>Same scenario, same seed, same event log, line for line; another seed, another log.</summary>
    public class DeterminismTests
    {
        private static string EventLog(string scenarioText, string folder)
        {
            var simulation = new Simulation(ScenarioLoader.Parse(scenarioText, "test"));
            simulation.Run();
            ReportFiles.Write(folder, simulation, SessionReport.Build(simulation, 0));
            return File.ReadAllText(Path.Combine(folder, "events.csv"));
        }

        [Fact]
        public void The_Same_Seed_Gives_The_Same_Event_Log_And_Another_Seed_Another()
        {
            var text = File.ReadAllText(ScenarioRuns.PathOf("sensor-lost-mid-charge"));
            var root = Directory.CreateTempSubdirectory("balancer-determinism").FullName;

            var first = EventLog(text, Path.Combine(root, "a"));
            var second = EventLog(text, Path.Combine(root, "b"));
            var reseeded = EventLog(text.Replace("\"seed\": 11", "\"seed\": 12"), Path.Combine(root, "c"));

            Assert.True(first.Split('\n').Length > 30);
            Assert.Equal(first, second);
            Assert.NotEqual(first, reseeded);
            Directory.Delete(root, true);
        }

        [Fact]
        public void Every_Bundled_Scenario_Gives_The_Same_Events_And_Morning_Report_Twice()
        {
            foreach (var file in Directory.GetFiles(Program.BundledFolder, "*.json").Where(f => !f.Contains("overnight")))
            {
                var a = new Simulation(ScenarioLoader.Load(file));
                a.Run();
                var b = new Simulation(ScenarioLoader.Load(file));
                b.Run();

                Assert.Equal(ReportFiles.Markdown(SessionReport.Build(a, 0)), ReportFiles.Markdown(SessionReport.Build(b, 0)));
                Assert.Equal(a.Events, b.Events);
            }
        }
    }
}
