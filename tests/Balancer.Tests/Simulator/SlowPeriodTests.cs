// SPDX-License-Identifier: MIT

using System.Linq;
using System.Text.Json;
using Balancer.Core.Reporting;
using Balancer.Simulator;
using Balancer.Simulator.Output;
using Balancer.Simulator.Scenarios;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>The default session at the slowest tick the spec allows (§2: 50–1000 ms), judged against the physics.</summary>
    public class SlowPeriodTests
    {
        /// <summary>
        /// At 1000 ms between ticks the dead-man would let every coil go half-way through each wait: every channel then
        /// faulted "charger not delivering" with 0 mAh. With the wait's keep-alive edges the session runs to the end. The
        /// 5 mV promise is the default period's (the bundled test); a tick ten times coarser measures −3.4, −6.0 and
        /// −4.3 mV against the reference's true OCV, so this holds 10 mV.
        /// </summary>
        [Fact]
        public void The_M365_Session_Balances_At_A_1000_Ms_Period()
        {
            var scenario = ScenarioLoader.Load(ScenarioRuns.PathOf("m365-three-weak-groups"));
            scenario.Settings["TickPeriodMilliseconds"] = JsonSerializer.SerializeToElement(1_000);
            var simulation = new Simulation(scenario);
            var start = Enumerable.Range(0, 3).Select(c => simulation.GroupOf(c).OcvMillivolts).ToArray();

            simulation.Run();
            var report = SessionReport.Build(simulation, 0);

            Assert.Equal(1_000, simulation.Board.Controller.Settings.TickPeriodMilliseconds);
            Assert.False(report.HasFaults);
            var reference = simulation.GroupOf(3).OcvMillivolts;
            for (var channel = 0; channel < 3; channel++)
            {
                Assert.Equal(Verdict.Ok, report.Channels[channel].Verdict);
                Assert.True(simulation.GroupOf(channel).OcvMillivolts > start[channel] + 100, $"group of channel {channel} took no charge");
                Assert.InRange(simulation.GroupOf(channel).OcvMillivolts, reference - 10, reference + 10);
            }
        }
    }
}
