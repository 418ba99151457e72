// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using Balancer.Simulator.Scenarios;

namespace Balancer.Simulator
{
    /// <summary>Command line: run a scenario.</summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static int Main(string[] args)
        {
            var scenario = ScenarioLoader.Load(args[0]);
            var sim = new Simulation(scenario);
            var wall = System.Diagnostics.Stopwatch.StartNew();
            sim.Run(s => Console.WriteLine($"{s.ElapsedMilliseconds / 60000} min " + string.Join(" | ", System.Linq.Enumerable.Range(0, s.Board.Chips.Length).Select(i => $"{s.Board.Controller.Channel(i).State} {s.GroupOf(i).RestingMillivolts:F0} {s.CurrentOf(i):F0}"))), 600_000);
            Console.WriteLine($"wall {wall.ElapsedMilliseconds} ms, sim {sim.ElapsedMilliseconds / 1000} s");
            foreach (var e in sim.Events)
            {
                if (e.Note != null || e.Event.Kind == Core.Events.EventKind.StateChanged || e.Event.Kind == Core.Events.EventKind.FaultLatched || e.Event.Kind == Core.Events.EventKind.OcvMeasured || e.Event.Kind == Core.Events.EventKind.TargetSet || e.Event.Kind == Core.Events.EventKind.ContactResistance)
                {
                    Console.WriteLine($"{e.ElapsedMilliseconds / 1000.0,9:F1} ch{e.Event.Channel} {e.Note ?? $"{e.Event.Kind} {e.Event.From}->{e.Event.To} {e.Event.Reason} {e.Event.Fault} v={e.Event.Value} t={e.Event.Threshold}"}");
                }
            }

            for (var i = 0; i < sim.Board.Chips.Length; i++)
            {
                Console.WriteLine($"ch{i}: group OCV {sim.GroupOf(i).OcvMillivolts:F1} resting {sim.GroupOf(i).RestingMillivolts:F1}");
            }

            return 0;
        }
    }
}
