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

        [Fact]
        public void The_Dead_Man_Check_Sees_The_Coil_Supply_Come_Up_And_Times_Its_Drop_Out_With_Every_Relay_Open()
        {
            var board = new EmulatedBoard(4, new BalancerSettings(), seed: 3);
            var sense = new CoilSense(() => board.DeadMan.IsCoilSenseHigh);
            var coilsEverDriven = false;
            foreach (var coil in board.Coils)
            {
                coil.BeforeChange += () => coilsEverDriven = true;
            }

            var finding = SelfTest.CheckDeadMan(board.Relays, sense, board.Clock, out var release);

            // The monostable's 500 ms and the read-back's longest lag, 42 ms, read in 10 ms polls.
            Assert.Equal(SelfTestFinding.Ok, finding);
            Assert.InRange(release, 542, 552);
            Assert.True(sense.Reads > 30, $"{sense.Reads} reads");
            Assert.False(coilsEverDriven, "a relay coil was driven during the check");
            Assert.All(board.Contacts, c => Assert.False(c.IsContactClosed));
            Assert.False(board.DeadMan.IsCoilSupplyEnabled);

            var events = new EventRecorder();
            board.Controller.Events.Subscribe(events);
            SelfTest.ReportDeadMan(board.Controller, finding, release);
            Assert.Contains(events.Of(EventKind.SelfTest, -1), e => e.Value == (int)SelfTestFinding.Ok && e.Threshold == release);
            Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(ChannelState.Idle, board.Controller.Channel(i).State));
        }

        [Theory]
        [InlineData(DeadMan.StuckOn, SelfTestFinding.DeadManNotReleasing, -1)]
        [InlineData(DeadMan.NeverOn, SelfTestFinding.DeadManNotEnabling, -1)]
        [InlineData(DeadMan.Short, SelfTestFinding.DeadManTooShort, 120)]
        [InlineData(DeadMan.OnOnlyAfterTheFirstEdge, SelfTestFinding.DeadManNotEnabling, -1)]
        [InlineData(DeadMan.NeverDropsOnceUp, SelfTestFinding.DeadManNotReleasing, -1)]
        [InlineData(DeadMan.Long, SelfTestFinding.DeadManTooLong, 700)]
        public void A_Dead_Man_That_Fails_Disables_Every_Channel_Until_The_Next_Boot(DeadMan fault, SelfTestFinding expected, int expectedRelease)
        {
            var board = new EmulatedBoard(4, new BalancerSettings(), seed: 3);
            var lastEdge = 0L;
            var edges = 0;
            board.Heartbeat.BeforeChange += () =>
            {
                lastEdge = board.Clock.NowMilliseconds;
                edges++;
            };
            bool Within(long milliseconds) => edges > 0 && board.Clock.NowMilliseconds - lastEdge < milliseconds;
            var sense = new CoilSense(() => fault switch
            {
                DeadMan.StuckOn => true,
                DeadMan.NeverOn => false,
                DeadMan.Short => Within(120), // a 120 ms monostable
                DeadMan.OnOnlyAfterTheFirstEdge => edges > 1 && Within(500), // one edge missed: a half of the 74HC123 dead
                DeadMan.NeverDropsOnceUp => edges > 0, // Q4 shorted once driven
                _ => Within(700), // a 0.7 s period: over the spec's 0.5 s
            });

            var finding = SelfTest.CheckDeadMan(board.Relays, sense, board.Clock, out var release);
            Assert.Equal(expected, finding);
            if (expectedRelease > 0)
            {
                Assert.InRange(release, expectedRelease, expectedRelease + SelfTest.DeadManPollMilliseconds);
            }
            else
            {
                Assert.Equal(expectedRelease, release);
            }

            SelfTest.ReportDeadMan(board.Controller, finding, release);
            for (var i = 0; i < 4; i++)
            {
                var channel = board.Controller.Channel(i);
                Assert.Equal(ChannelState.Fault, channel.State);
                Assert.Equal(FaultCode.SelfTestFailed, channel.Fault);
                Assert.Equal((int)expected, channel.FaultThreshold);
                Assert.Equal(CommandResult.CauseStillPresent, board.Controller.ClearFault(i));
            }

            Assert.Equal(0, board.Controller.StartAll());
            var report = new Balancer.Core.Reporting.ChannelReport[4];
            Balancer.Core.Reporting.MorningReport.Fill(board.Controller, report);
            Assert.All(report, line => Assert.Equal(Balancer.Core.Reporting.Verdict.Fault, line.Verdict));
        }

        [Fact]
        public void A_Coil_Supply_Still_Up_At_The_Check_Is_Waited_Out_Before_The_Edges()
        {
            var board = new EmulatedBoard(4, new BalancerSettings(), seed: 3);
            var upUntil = board.Clock.NowMilliseconds + 300; // the last boot's heartbeat still in the monostable
            var monostable = new CoilSense(() => board.Clock.NowMilliseconds < upUntil || board.DeadMan.IsCoilSenseHigh);

            var finding = SelfTest.CheckDeadMan(board.Relays, monostable, board.Clock, out var release);

            Assert.Equal(SelfTestFinding.Ok, finding);
            Assert.InRange(release, 542, 552);
        }

        public enum DeadMan
        {
            StuckOn,
            NeverOn,
            Short,
            OnOnlyAfterTheFirstEdge,
            NeverDropsOnceUp,
            Long,
        }

        private sealed class CoilSense : Balancer.Drivers.IDigitalInput
        {
            private readonly System.Func<bool> _level;

            public CoilSense(System.Func<bool> level) => _level = level;

            public int Reads { get; private set; }

            public bool IsHigh
            {
                get
                {
                    Reads++;
                    return _level();
                }
            }
        }
    }
}
