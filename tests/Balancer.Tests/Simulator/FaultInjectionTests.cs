// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.Core;
using Balancer.Core.Events;
using Balancer.Core.Reporting;
using Balancer.Simulator;
using Balancer.Simulator.Output;
using Balancer.Simulator.Scenarios;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>The fault injections the bundled scenarios do not show, each in a short scenario of its own.</summary>
    public class FaultInjectionTests
    {
        private static Simulation Run(string faults, double hours = 1)
        {
            var text = $$"""
                {
                  "name": "fault injection",
                  "seed": 21,
                  "durationHours": {{hours}},
                  "pack": { "series": 10, "parallel": 3, "socPercent": 60 },
                  "channels": [ { "group": 2 }, { "group": 5 } ],
                  "settings": { "TargetMode": "MatchValue", "TargetMillivolts": 3950, "ChargePulseMilliseconds": 600000 },
                  "faults": [ {{faults}} ]
                }
                """;
            var simulation = new Simulation(ScenarioLoader.Parse(text, "inline.json"));
            simulation.Run();
            return simulation;
        }

        private static BalancerEvent FaultOf(Simulation simulation, int channel) =>
            simulation.Events.Single(e => e.Note == null && e.Event.Channel == channel && e.Event.Kind == EventKind.FaultLatched).Event;

        [Fact]
        public void A_Relay_That_Welds_Is_Found_At_The_Next_Rest_And_The_Charger_Supply_Stops_The_Charge()
        {
            var simulation = Run("""{ "atMinutes": 2, "kind": "relayWeld", "channel": 0 }""");

            var fault = FaultOf(simulation, 0);
            Assert.Equal(FaultCode.RelayStuck, fault.Fault);
            Assert.True(simulation.Board.Contacts[0].IsContactClosed, "the contact stays welded");
            Assert.False(simulation.Board.ChargerSupplies[0].IsHigh);
            Assert.Equal(0.0, simulation.CurrentOf(0));
            Assert.True(simulation.Board.Controller.Status.IsAlarmSounding);
        }

        [Fact]
        public void A_Thermistor_That_Opens_Faults_Its_Channel_Only()
        {
            var simulation = Run("""{ "atMinutes": 5, "kind": "ntcOpen", "channel": 1 }""");

            Assert.Equal(FaultCode.SensorFault, FaultOf(simulation, 1).Fault);
            Assert.Equal(0.0, simulation.CurrentOf(1));
            Assert.DoesNotContain(simulation.Events, e => e.Note == null && e.Event.Channel == 0 && e.Event.Kind == EventKind.FaultLatched);
        }

        [Fact]
        public void A_Charger_That_Loses_Its_Input_Is_Found_Not_Delivering_After_10_Seconds()
        {
            var simulation = Run("""{ "atMinutes": 5, "kind": "chargerInputLost", "channel": 0 }""");

            var latched = simulation.Events.Single(e => e.Note == null && e.Event.Channel == 0 && e.Event.Kind == EventKind.FaultLatched);
            Assert.Equal(FaultCode.ChargerNotDelivering, latched.Event.Fault);
            Assert.InRange(latched.ElapsedMilliseconds, (5 * 60_000) + 10_000, (5 * 60_000) + 11_000);
        }

        [Fact]
        public void A_Supply_Sag_Pauses_Every_Channel_And_Both_Resume_When_It_Recovers()
        {
            var simulation = Run("""{ "atMinutes": 5, "kind": "supplySag", "millivolts": 10000, "forMinutes": 3 }""", hours: 3);
            var report = SessionReport.Build(simulation, 0);

            Assert.All(report.Channels, c => Assert.Equal(1, c.PauseCount));
            Assert.All(report.Channels, c => Assert.InRange(c.PauseSeconds, 180, 182));
            Assert.All(report.Channels, c => Assert.Equal(Verdict.Ok, c.Verdict));
            var paused = simulation.Series.Where(r => r.ElapsedMilliseconds > (5 * 60_000) + 1_000 && r.ElapsedMilliseconds < 8 * 60_000);
            Assert.All(paused, r => Assert.All(r.Channels, c => Assert.Equal(0.0, c.TrueCurrentMilliamperes)));
        }

        [Fact]
        public void A_Thermistor_Five_Percent_High_Reads_About_One_Degree_Cold()
        {
            var text = """
                {
                  "name": "ntc tolerance", "durationHours": 0.01,
                  "pack": { "series": 10, "parallel": 3 },
                  "ambient": [ { "atHours": 0, "celsius": 25 } ],
                  "channels": [ { "group": 1 }, { "group": 2, "ntcTolerancePercent": 5 } ],
                  "commands": [ { "atMinutes": 0, "command": "start", "channel": 0 } ]
                }
                """;
            var simulation = new Simulation(ScenarioLoader.Parse(text, "inline.json"));
            simulation.Run();

            // B3950 at 25 °C: dT = ln(1.05) / (B / T²) = 0.0488 × 298.15² / 3950 = 1.1 K.
            var status = simulation.Board.Controller.Status;
            Assert.InRange(status.Channels[0].TemperatureDeciCelsius - status.Channels[1].TemperatureDeciCelsius, 8, 14);
        }

        [Fact]
        public void A_Clip_That_Comes_Off_Mid_Charge_Is_Not_Charged_Into_The_Air()
        {
            var simulation = Run("""{ "atMinutes": 5, "kind": "clipOff", "channel": 0 }""");

            var fault = FaultOf(simulation, 0);
            Assert.Contains(fault.Fault, new[] { FaultCode.NoCellOrReversed, FaultCode.ChargerNotDelivering, FaultCode.ClipOrShort });
            Assert.False(simulation.Board.Coils[0].IsHigh);
        }
    }
}
