// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Settings;
using Balancer.Drivers.Simulation;
using Balancer.Simulator;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>The boot's self-test on the emulated board: a missing sensor disables its channel, and every finding is said.</summary>
    public class SelfTestTests
    {
        [Fact]
        public void A_Missing_Ina219_Disables_Its_Channel_Until_The_Next_Boot_And_The_Others_Charge()
        {
            var board = new EmulatedBoard(4, new BalancerSettings(), seed: 3);
            board.Chips[2].IsNotAcknowledging = true;
            board.Reboot(); // the boot that finds it missing
            var events = new EventRecorder();
            board.Controller.Events.Subscribe(events);
            board.Controller.RunOnce();
            board.Controller.RunOnce();

            var findings = new SelfTestFinding[4];
            var boardFinding = SelfTest.Run(board.Controller, board.Reader, findings);

            Assert.Equal(SelfTestFinding.Ok, boardFinding);
            Assert.Equal(new[] { SelfTestFinding.Ok, SelfTestFinding.Ok, SelfTestFinding.SensorMissing, SelfTestFinding.Ok }, findings);
            var channel = board.Controller.Channel(2);
            Assert.Equal(ChannelState.Fault, channel.State);
            Assert.Equal(FaultCode.SelfTestFailed, channel.Fault);
            Assert.Equal(0x42, channel.FaultValue);
            Assert.Contains(events.Of(EventKind.SelfTest, 2), e => e.Value == (int)SelfTestFinding.SensorMissing && e.Threshold == 0x42);

            // Nothing takes it out of Fault: not a clear, not a start; the others start.
            Assert.Equal(CommandResult.CauseStillPresent, board.Controller.ClearFault(2));
            Assert.Equal(3, board.Controller.StartAll());
            Assert.Equal(ChannelState.Fault, channel.State);
            var report = new Balancer.Core.Reporting.ChannelReport[4];
            Balancer.Core.Reporting.MorningReport.Fill(board.Controller, report);
            Assert.Equal(Balancer.Core.Reporting.Verdict.SensorFault, report[2].Verdict);

            // The next boot with the sensor back finds it.
            board.Chips[2].IsNotAcknowledging = false;
            board.Reboot();
            board.Controller.RunOnce();
            board.Controller.RunOnce();
            SelfTest.Run(board.Controller, board.Reader, findings);
            Assert.All(findings, f => Assert.Equal(SelfTestFinding.Ok, f));
            Assert.Equal(ChannelState.Idle, board.Controller.Channel(2).State);
        }

        [Fact]
        public void A_Broken_Cell_Ntc_And_A_Low_Supply_Are_Reported_And_Disable_Nothing()
        {
            var board = new EmulatedBoard(2, new BalancerSettings(), seed: 3);
            board.CellNtcs[1].Fault = NtcFault.Open;
            board.CellNtcs[1].Apply(); // unplugged
            board.SupplyMillivolts = 9_500;
            var events = new EventRecorder();
            board.Controller.Events.Subscribe(events);
            board.Controller.RunOnce();
            board.Controller.RunOnce();

            var findings = new SelfTestFinding[2];
            var boardFinding = SelfTest.Run(board.Controller, board.Reader, findings);

            Assert.Equal(SelfTestFinding.SupplyOutOfRange, boardFinding);
            Assert.Equal(new[] { SelfTestFinding.Ok, SelfTestFinding.CellNtcBroken }, findings);
            Assert.All(Enumerable.Range(0, 2), i => Assert.False(board.Controller.Channel(i).IsDisabled));
            var supply = events.Of(EventKind.SelfTest, -1).Single();
            Assert.InRange(supply.Threshold, 9_300, 9_700); // the input as the divider and the ADC read it
        }
    }
}
