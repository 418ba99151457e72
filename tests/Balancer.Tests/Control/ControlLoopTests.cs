// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Settings;
using Balancer.Drivers;
using Balancer.Drivers.Relays;
using Balancer.Drivers.Simulation;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>The tick's timing: drift-free deadlines, late ticks, time only from the clock.</summary>
    public class ControlLoopTests
    {
        /// <summary>A clock whose sleeps wake a little late, like a busy device.</summary>
        private sealed class LateWakingClock : IClock
        {
            private long _now = 5_000;

            /// <summary>Each reading of the clock first lets this much time pass: a tick's work, seen by its clock.</summary>
            public long MillisecondsPerReading { get; set; }

            public long NowMilliseconds
            {
                get => _now += MillisecondsPerReading;
                set => _now = value;
            }

            public long WakeLatencyMilliseconds { get; set; } = 7;

            public long? OneStallMilliseconds { get; set; }

            public void SleepUntil(long deadlineMilliseconds)
            {
                NowMilliseconds = Math.Max(NowMilliseconds, deadlineMilliseconds) + WakeLatencyMilliseconds;
                if (OneStallMilliseconds is long stall)
                {
                    NowMilliseconds += stall;
                    OneStallMilliseconds = null;
                }
            }
        }

        private static (BalancerController Controller, LateWakingClock Clock, EventRecorder Recorder) Loop()
        {
            var clock = new LateWakingClock();
            var sim = new SimulatedClock();
            var relays = new RelayBank(new IDigitalOutput[] { new SimulatedPin(sim) }, new IDigitalOutput[] { new SimulatedPin(sim) }, new SimulatedPin(sim), clock);
            var controller = new BalancerController(new BalancerSettings(), 1, relays, clock);
            var recorder = new EventRecorder();
            controller.Events.Subscribe(recorder);
            return (controller, clock, recorder);
        }

        [Fact]
        public void The_Deadline_Advances_By_The_Period_From_The_Last_Deadline_Never_From_Now()
        {
            var (controller, clock, _) = Loop();
            var start = controller.NextDeadlineMilliseconds;

            for (var i = 0; i < 1000; i++)
            {
                controller.RunOnce();
            }

            // 7 ms of wake latency every tick would have added 7 s of drift with next = now + period.
            Assert.Equal(start + (1000 * 100), controller.NextDeadlineMilliseconds);
            Assert.Equal(start + (999 * 100) + 7, clock.NowMilliseconds);
            Assert.Equal(0, controller.LateTickCount);
        }

        [Fact]
        public void A_Stalled_Tick_Is_Logged_And_The_Loop_Returns_To_Its_Grid()
        {
            var (controller, clock, recorder) = Loop();
            var start = controller.NextDeadlineMilliseconds;
            controller.RunOnce();
            clock.OneStallMilliseconds = 450;

            controller.RunOnce();
            controller.RunOnce();

            var late = Assert.Single(recorder.Of(EventKind.LateTick, -1));
            Assert.Equal(457, late.Value);
            Assert.Equal(1, controller.LateTickCount);
            Assert.Equal(0, (controller.NextDeadlineMilliseconds - start) % 100);
            Assert.True(controller.NextDeadlineMilliseconds > clock.NowMilliseconds);
        }

        [Fact]
        public void The_Tick_Measures_Its_Own_Work_Time_On_The_Clock_And_Keeps_The_Longest()
        {
            var (controller, clock, _) = Loop();
            clock.MillisecondsPerReading = 3;
            controller.RunOnce();
            clock.MillisecondsPerReading = 1;
            controller.RunOnce();
            controller.RunOnce();

            // Without a reader the tick reads its clock twice: on waking and when its work is done.
            Assert.Equal(1, controller.LastTickWorkMilliseconds);
            Assert.Equal(3, controller.LongestTickWorkMilliseconds);
            Assert.Equal(1, controller.Status.TickWorkMilliseconds); // the status carries the tick before it
            Assert.Equal(3, controller.Status.LongestTickWorkMilliseconds);
        }

        [Fact]
        public void A_Changed_Period_Takes_Effect_On_The_Next_Deadline()
        {
            var (controller, _, _) = Loop();
            controller.RunOnce();
            var before = controller.NextDeadlineMilliseconds;

            Assert.Equal(SettingResult.Ok, controller.TrySetSetting(SettingId.TickPeriodMilliseconds, 250, out _));
            controller.RunOnce();

            Assert.Equal(before + 250, controller.NextDeadlineMilliseconds);
            Assert.Equal(750, controller.Table.Find(Balancer.Core.Guardrails.GuardrailId.LateTick).TripValue);
        }

        /// <summary>
        /// At the slowest period the spec allows (1000 ms) the dead-man (0.25–0.6 s after an edge) would drop every relay
        /// between ticks: the loop's wait gives a keep-alive edge every 100 ms after a healthy tick, so the coil supply
        /// never lapses. Before it, every channel of a 1000 ms session faulted "charger not delivering".
        /// </summary>
        [Fact]
        public void At_A_1000_Ms_Period_The_Wait_Keeps_The_Dead_Man_Fed_Between_Ticks()
        {
            var board = BoardTicking(1_000);
            var controller = board.Controller;
            Assert.True(board.DeadMan.IsCoilSupplyEnabled);

            for (var tick = 0; tick < 5; tick++)
            {
                var deadline = controller.NextDeadlineMilliseconds;
                var edges = board.Heartbeat.TransitionCount;
                var lastEdge = board.Heartbeat.LastChangeMicroseconds / 1000;
                for (var wake = controller.NextWakeMilliseconds; wake < deadline; wake = controller.NextWakeMilliseconds)
                {
                    // Each wake comes before the shortest release the dead-man may have, and finds the supply still on.
                    Assert.InRange(wake - lastEdge, 1, 250);
                    board.Clock.AdvanceTo(wake * 1000);
                    Assert.True(board.DeadMan.IsCoilSupplyEnabled, $"coil supply off at {wake} ms, {wake - lastEdge} ms after an edge");
                    controller.KeepAlive();
                    lastEdge = board.Heartbeat.LastChangeMicroseconds / 1000;
                }

                Assert.InRange(deadline - lastEdge, 0, 250);
                controller.RunOnce();
                Assert.True(board.DeadMan.IsCoilSupplyEnabled);

                // Nine keep-alive edges in the second's wait, then the tick's own.
                Assert.Equal(edges + 10, board.Heartbeat.TransitionCount);
            }
        }

        [Fact]
        public void RunOnce_Gives_The_Keep_Alive_Edges_Itself_And_None_At_The_Default_Period()
        {
            var board = BoardTicking(1_000);
            var edges = board.Heartbeat.TransitionCount;
            board.Controller.RunOnce();
            Assert.Equal(edges + 10, board.Heartbeat.TransitionCount);

            var normal = BoardTicking(100);
            edges = normal.Heartbeat.TransitionCount;
            Assert.Equal(normal.Controller.NextDeadlineMilliseconds, normal.Controller.NextWakeMilliseconds);
            normal.Controller.RunOnce();
            Assert.Equal(edges + 1, normal.Heartbeat.TransitionCount);
        }

        [Fact]
        public void A_Late_Tick_Or_A_Requested_Stop_Ends_The_Keep_Alive_And_The_Dead_Man_Lets_Go()
        {
            var board = BoardTicking(1_000);
            var controller = board.Controller;
            Assert.NotEqual(controller.NextDeadlineMilliseconds, controller.NextWakeMilliseconds);

            // A loop that wakes 3.5 s after its last edge gives no keep-alive edge (the coils have let go; only a tick may
            // power them again), and its tick, more than three periods late, is not healthy: no edge from it either, and
            // none in the wait after it.
            board.Clock.Advance(3_500_000);
            var edges = board.Heartbeat.TransitionCount;
            Assert.NotEqual(controller.NextDeadlineMilliseconds, controller.NextWakeMilliseconds);
            controller.KeepAlive();
            Assert.Equal(edges, board.Heartbeat.TransitionCount);
            Assert.Equal(controller.NextDeadlineMilliseconds, controller.NextWakeMilliseconds);
            board.Clock.Advance(1_000_000);
            controller.RunOnce();
            Assert.Equal(1, controller.LateTickCount);
            Assert.Equal(edges, board.Heartbeat.TransitionCount);
            Assert.Equal(controller.NextDeadlineMilliseconds, controller.NextWakeMilliseconds);
            controller.KeepAlive();
            Assert.Equal(edges, board.Heartbeat.TransitionCount);
            board.Clock.AdvanceTo((controller.NextDeadlineMilliseconds - 1) * 1000);
            Assert.False(board.DeadMan.IsCoilSupplyEnabled);

            // A healthy tick feeds it again; a requested emergency stop ends the keep-alive at once.
            controller.RunOnce();
            Assert.NotEqual(controller.NextDeadlineMilliseconds, controller.NextWakeMilliseconds);
            controller.RequestEmergencyStop();
            Assert.Equal(controller.NextDeadlineMilliseconds, controller.NextWakeMilliseconds);
            edges = board.Heartbeat.TransitionCount;
            controller.KeepAlive();
            Assert.Equal(edges, board.Heartbeat.TransitionCount);
        }

        /// <summary>An emulated one-channel board at <paramref name="periodMilliseconds"/>, after its first (healthy) tick.</summary>
        private static Balancer.Simulator.EmulatedBoard BoardTicking(int periodMilliseconds)
        {
            var settings = new BalancerSettings();
            Assert.Equal(SettingResult.Ok, settings.TrySet(SettingId.TickPeriodMilliseconds, periodMilliseconds, out _));
            var board = new Balancer.Simulator.EmulatedBoard(1, settings, seed: 1);
            board.Controller.RunOnce();
            return board;
        }

        [Fact]
        public void The_Status_Snapshot_Reports_Every_Channel_After_Each_Tick()
        {
            var rig = new ControlRig(2);
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();

            var status = rig.Controller.Status;
            Assert.Equal(rig.Now, status.TimeMilliseconds);
            Assert.True(status.IsHealthy);
            Assert.Equal(4200, status.TargetMillivolts);
            Assert.Equal(Balancer.Core.ChannelState.Charging, status.Channels[0].State);
            Assert.True(status.Channels[0].IsRelayClosed);
            Assert.Equal(1000, status.Channels[0].CurrentMilliamperes);
            Assert.Equal(3700, status.Channels[0].OcvMillivolts);
            Assert.Equal(250, status.Channels[0].TemperatureDeciCelsius);
            Assert.Equal(Balancer.Core.ChannelState.Idle, status.Channels[1].State);
            Assert.Equal(12_000, status.SupplyMillivolts);
        }

        [Fact]
        public void A_Tick_That_Throws_Opens_Every_Relay_Latches_An_Internal_Fault_And_Withholds_The_Heartbeat()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();
            rig.Controller.Events.Subscribe(new ThrowingSink());
            var heartbeats = rig.Heartbeat.TransitionCount;

            rig.Groups[0].TemperatureDeciCelsius = 460; // a pause publishes an event, and the sink throws

            Assert.False(rig.Tick());
            Assert.False(rig.Coils[0].IsHigh);
            Assert.Equal(Balancer.Core.FaultCode.InternalError, rig.Channel().Fault);
            Assert.Equal(heartbeats, rig.Heartbeat.TransitionCount);
        }

        private sealed class ThrowingSink : IEventSink
        {
            public void OnEvent(ref BalancerEvent e)
            {
                if (e.Kind == EventKind.PauseStarted)
                {
                    throw new InvalidOperationException("a subscriber failed");
                }
            }
        }

        [Fact]
        public void Events_Carry_The_Tick_Time_And_Fill_In_Order()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();

            var times = rig.Recorder.Events.Select(e => e.TimeMilliseconds).ToList();
            Assert.Equal(times.OrderBy(t => t), times);
            Assert.Equal(rig.Recorder.Events.Count, rig.Controller.Events.PublishedCount);
        }
    }
}
