// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using System.Threading;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Settings;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>
    /// Commands from other threads reach the loop through a fixed queue drained between ticks; the emergency stop does
    /// not wait for it.
    /// </summary>
    public class CommandQueueTests
    {
        [Fact]
        public void Queued_Commands_Run_At_The_Next_Tick_In_Order_And_Their_Results_Are_Kept_By_Ticket()
        {
            var rig = new ControlRig(channels: 2);
            var commands = rig.Controller.Commands;

            Assert.Equal(CommandResult.Ok, commands.TryEnqueue(QueuedCommand.SetSetting, 0, (int)SettingId.ToleranceMillivolts, 7, out var set));
            Assert.Equal(CommandResult.Ok, commands.TryEnqueue(QueuedCommand.Start, 1, 0, 0, out var start));
            Assert.Equal(CommandResult.Ok, commands.TryEnqueue(QueuedCommand.Start, 5, 0, 0, out var unknown));
            Assert.Equal(ChannelState.Idle, rig.State(1));
            Assert.False(commands.TryGetResult(start, out _));

            rig.Tick();

            Assert.Equal(0, commands.Count);
            Assert.Equal(7, rig.Settings.ToleranceMillivolts);
            Assert.Equal(ChannelState.Checking, rig.State(1));
            Assert.Equal(ChannelState.Idle, rig.State(0));
            Assert.True(commands.TryGetResult(set, out var setResult));
            Assert.Equal((int)SettingResult.Ok, setResult);
            Assert.True(commands.TryGetResult(start, out var startResult));
            Assert.Equal((int)CommandResult.Ok, startResult);
            Assert.True(commands.TryGetResult(unknown, out var unknownResult));
            Assert.Equal((int)CommandResult.UnknownChannel, unknownResult);
            Assert.True(set < start && start < unknown);
        }

        [Fact]
        public void A_Full_Queue_Refuses_With_A_Code_And_Queues_Nothing()
        {
            var rig = new ControlRig();
            var commands = rig.Controller.Commands;
            for (var i = 0; i < CommandQueue.Capacity; i++)
            {
                Assert.Equal(CommandResult.Ok, commands.TryEnqueue(QueuedCommand.Stop, 0, 0, 0, out _));
            }

            Assert.Equal(CommandResult.QueueFull, commands.TryEnqueue(QueuedCommand.Start, 0, 0, 0, out var ticket));

            Assert.Equal(0, ticket);
            Assert.Equal(CommandQueue.Capacity, commands.Count);
            rig.Tick();
            Assert.Equal(ChannelState.Idle, rig.State());
            Assert.Equal(CommandQueue.Capacity, commands.ExecutedCount);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(12)]
        [InlineData(-3)]
        public void An_Unknown_Command_Is_Refused_Before_It_Is_Queued(int command)
        {
            var commands = new ControlRig().Controller.Commands;

            Assert.Equal(CommandResult.InvalidValue, commands.TryEnqueue((QueuedCommand)command, 0, 0, 0, out _));
            Assert.Equal(0, commands.Count);
        }

        [Fact]
        public void Queuing_And_Draining_Allocate_Nothing()
        {
            var rig = new ControlRig(channels: 2);
            var commands = rig.Controller.Commands;
            commands.TryEnqueue(QueuedCommand.Stop, 0, 0, 0, out _);
            rig.Controller.DrainCommands();

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                commands.TryEnqueue(QueuedCommand.Stop, i % 2, 0, 0, out var ticket);
                rig.Controller.DrainCommands();
                commands.TryGetResult(ticket, out _);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(1_001, commands.ExecutedCount);
        }

        [Fact]
        public void The_Emergency_Stop_From_Another_Thread_Opens_Every_Relay_At_Once_And_Drops_Queued_Commands()
        {
            var rig = new ControlRig(channels: 2);
            rig.StartAndRunToCharging(0);
            Assert.True(rig.Coils[0].IsHigh);
            rig.Controller.Commands.TryEnqueue(QueuedCommand.Start, 1, 0, 0, out var queuedStart);

            var button = new Thread(rig.Controller.RequestEmergencyStop);
            button.Start();
            button.Join();

            // No tick has run since: the relay and the supplies are open already.
            Assert.False(rig.Coils[0].IsHigh);
            Assert.All(rig.Supplies, s => Assert.False(s.IsHigh));
            Assert.True(rig.Controller.Commands.TryGetResult(queuedStart, out var dropped));
            Assert.Equal((int)CommandResult.CancelledByEmergencyStop, dropped);

            rig.Tick();

            Assert.Equal(ChannelState.Idle, rig.State(0));
            Assert.Equal(ChannelState.Idle, rig.State(1));
            Assert.True(rig.Controller.IsEmergencyStopped);
            Assert.Contains(rig.Recorder.Events, e => e.Kind == EventKind.EmergencyStop);
        }

        [Fact]
        public void While_Locked_Out_Nothing_Arms_Closes_Or_Powers_Until_A_New_Start()
        {
            var rig = new ControlRig();
            rig.Controller.RequestEmergencyStop();

            rig.Relays.Arm(0);
            Assert.False(rig.Relays.TryClose(0));
            rig.Relays.SetChargerSupply(0, true);
            Assert.False(rig.Supplies[0].IsHigh);
            Assert.Equal(CommandResult.CancelledByEmergencyStop, rig.Controller.Start(0));

            rig.Tick();
            Assert.True(rig.Relays.IsLockedOut);
            Assert.Equal(CommandResult.Ok, rig.Controller.Start(0));

            Assert.False(rig.Relays.IsLockedOut);
            rig.RunUntilState(ChannelState.Charging, 5 * 60_000);
            rig.Ticks(2);
            Assert.True(rig.Coils[0].IsHigh);
        }

        [Fact]
        public void Commands_From_Many_Threads_All_Run_Once_While_The_Loop_Ticks()
        {
            const int Threads = 4;
            const int PerThread = 500;
            var rig = new ControlRig(channels: 2);
            var producers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                for (var i = 0; i < PerThread; i++)
                {
                    while (rig.Controller.Commands.TryEnqueue(QueuedCommand.Stop, (t + i) % 2, 0, 0, out _) == CommandResult.QueueFull)
                    {
                        Thread.Yield();
                    }
                }
            })).ToList();
            producers.ForEach(p => p.Start());

            while (producers.Any(p => p.IsAlive) || rig.Controller.Commands.Count > 0)
            {
                rig.Tick();
            }

            Assert.Equal(Threads * PerThread, rig.Controller.Commands.ExecutedCount);
        }
    }
}
