// SPDX-License-Identifier: MIT

using System.Collections.Concurrent;
using System.IO;
using Balancer.Simulator;
using Balancer.Simulator.Output;
using Balancer.Simulator.Scenarios;

namespace Balancer.Tests.Simulator
{
    /// <summary>Runs each bundled scenario once per test run and keeps the result for every test that asks.</summary>
    internal static class ScenarioRuns
    {
        private static readonly ConcurrentDictionary<string, (Simulation Simulation, SessionReport Report)> Runs = new();

        public static (Simulation Simulation, SessionReport Report) Get(string name) =>
            Runs.GetOrAdd(name, n =>
            {
                var simulation = new Simulation(ScenarioLoader.Load(PathOf(n)));
                simulation.Run();
                return (simulation, SessionReport.Build(simulation, 0));
            });

        public static string PathOf(string name) => Path.Combine(Program.BundledFolder, name + ".json");
    }
}
