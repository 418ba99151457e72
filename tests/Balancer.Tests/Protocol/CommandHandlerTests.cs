// SPDX-License-Identifier: MIT

using System;
using System.Threading;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Protocol;
using Balancer.Core.Settings;
using Balancer.Tests.Control;
using Balancer.Tests.Settings;
using Xunit;
using static Balancer.Tests.TestTime;

namespace Balancer.Tests.Protocol
{
    /// <summary>The command handler on its own and with the control loop behind it; the vectors cover each opcode and error once.</summary>
    public class CommandHandlerTests
    {
        [Fact]
        public void A_Full_Queue_Refuses_And_Queues_Nothing_More()
        {
            var rig = new ControlRig(2);
            var handler = new CommandHandler(rig.Controller, 1);
            var start = new byte[] { 1, (byte)CommandOpcode.Start, 1, 0 };
            for (var i = 0; i < CommandQueue.Capacity; i++)
            {
                Assert.Equal(ProtocolError.Ok, handler.HandleCommand(start, start.Length, true));
            }

            var ticket = handler.LastTicket;

            Assert.Equal(ProtocolError.QueueFull, handler.HandleCommand(start, start.Length, true));
            Assert.Equal(CommandQueue.Capacity, rig.Controller.Commands.Count);
            Assert.Equal(ticket, handler.LastTicket);
        }

        [Fact]
        public void A_Session_Started_Over_The_Air_Sets_Its_Target_Starts_The_Channels_And_Reports_Its_Result()
        {
            var rig = new ControlRig(2);
            rig.Groups[0].OcvMillivolts = 3_850;
            rig.Groups[1].OcvMillivolts = 3_900;
            var handler = new CommandHandler(rig.Controller, 1);
            var write = new byte[] { 1, (byte)CommandOpcode.StartSession, 3, (byte)TargetMode.MatchValue, 0x6E, 0x0F }; // 3950 mV

            Assert.Equal(ProtocolError.Ok, handler.HandleCommand(write, write.Length, true));
            rig.Tick();

            Assert.Equal((int)TargetMode.MatchValue, rig.Controller.Settings.Get(SettingId.TargetMode));
            Assert.Equal(3_950, rig.Controller.Settings.Get(SettingId.TargetMillivolts));
            Assert.Equal(ChannelState.Checking, rig.Controller.Channel(0).State);
            Assert.Equal(ChannelState.Checking, rig.Controller.Channel(1).State);
            Assert.True(rig.Controller.Commands.TryGetResult(handler.LastTicket, out var result));
            Assert.Equal(2, result);
            var frame = new byte[ProtocolFrames.ResultLength];
            ProtocolFrames.WriteResult(frame, 0, handler.LastTicket, (int)handler.LastOpcode, result);
            Assert.Equal(new byte[] { 1, 3, 9, (byte)handler.LastTicket, 0, 0, 0, 8, 2, 0, 0, 0 }, frame);
        }

        /// <summary>
        /// A report line asked for on BLE's thread while the loop is inside a tick waits for the tick to end, so it holds one
        /// tick's account, never half of two. The probe runs from an event the tick publishes (a start from the queue), and
        /// asks for the line from another thread; without the tick's lock the line would be written there and then.
        /// </summary>
        [Fact]
        public void A_Report_Line_Asked_For_During_A_Tick_Waits_For_The_Tick_To_End()
        {
            var rig = new ControlRig(2);
            var handler = new CommandHandler(rig.Controller, 1);
            var readReport = new byte[] { 1, (byte)CommandOpcode.ReadReport, 0 };
            var start = new byte[] { 1, (byte)CommandOpcode.Start, 1, 0 };
            Assert.Equal(ProtocolError.Ok, handler.HandleCommand(readReport, readReport.Length, true));
            Assert.Equal(ProtocolError.Ok, handler.HandleCommand(start, start.Length, true));
            var line = new byte[ProtocolFrames.ChannelReportLength];
            var written = false;
            var writtenDuringTick = true;
            Thread reader = null;
            Assert.True(rig.Controller.Events.Subscribe(new OnFirstEvent(() =>
            {
                using var asking = new ManualResetEventSlim();
                reader = new Thread(() =>
                {
                    asking.Set();
                    Volatile.Write(ref written, handler.TryNextReport(line));
                });
                reader.Start();

                // The reader is running and about to ask; an unblocked one writes a 20-byte line well within the join.
                Assert.True(asking.Wait(TimeSpan.FromSeconds(10)), "the reader never started");
                writtenDuringTick = reader.Join(TimeSpan.FromMilliseconds(300));
            })));

            rig.Tick();

            Assert.NotNull(reader);
            Assert.False(writtenDuringTick, "the report line was written while the tick ran");
            Assert.True(reader.Join(TimeSpan.FromSeconds(10)), "the reader never got the line after the tick");
            Assert.True(Volatile.Read(ref written));
            Assert.Equal(0, line[3]);
        }

        [Fact]
        public void A_Stop_Over_The_Air_Opens_The_Relay_Of_A_Charging_Channel()
        {
            var rig = new ControlRig(1);
            rig.Groups[0].OcvMillivolts = 3_900;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Charging, 2 * Minute);
            Assert.True(rig.Controller.Channel(0).IsRelayClosed);
            var handler = new CommandHandler(rig.Controller, 1);
            var stop = new byte[] { 1, (byte)CommandOpcode.Stop, 1, 0 };

            Assert.Equal(ProtocolError.Ok, handler.HandleCommand(stop, stop.Length, true));
            rig.Tick();

            Assert.Equal(ChannelState.Idle, rig.State());
            Assert.False(rig.Controller.Channel(0).IsRelayClosed);
        }

        [Fact]
        public void An_Emergency_Stop_From_An_Unbonded_Client_Opens_Every_Relay()
        {
            var rig = new ControlRig(2);
            rig.Groups[0].OcvMillivolts = 3_900;
            rig.Groups[1].OcvMillivolts = 3_900;
            rig.Controller.StartAll();
            rig.RunUntil(() => rig.Controller.Channel(0).IsRelayClosed && rig.Controller.Channel(1).IsRelayClosed, 2 * Minute, "both charging");
            var handler = new CommandHandler(rig.Controller, 1);

            Assert.Equal(ProtocolError.Ok, handler.HandleEmergencyStop());
            rig.Tick();

            Assert.True(rig.Controller.IsEmergencyStopped);
            Assert.False(rig.Controller.Channel(0).IsRelayClosed);
            Assert.False(rig.Controller.Channel(1).IsRelayClosed);
        }

        [Fact]
        public void A_Config_Read_Returns_The_Selected_Setting_With_Its_Limits()
        {
            var rig = new ControlRig(1);
            var handler = new CommandHandler(rig.Controller, 1);
            var select = new byte[] { 1, (byte)CommandOpcode.ConfigSelect, 1, (byte)SettingId.ToleranceMillivolts };
            Assert.Equal(ProtocolError.Ok, handler.HandleConfig(select, select.Length, true));
            var frame = new byte[ProtocolFrames.ConfigValueLength];

            ProtocolFrames.WriteConfigValue(frame, 0, handler.SelectedSetting, rig.Controller.Settings.Get(handler.SelectedSetting));

            Assert.Equal(new byte[] { 1, 4, 17, 5, 5, 0, 0, 0, 2, 0, 0, 0, 50, 0, 0, 0, 5, 0, 0, 0 }, frame);
        }

        [Fact]
        public void A_Write_Longer_Than_Its_Buffer_Or_A_Null_One_Is_A_Bad_Length()
        {
            var handler = new CommandHandler(new ControlRig(1).Controller, 1);

            Assert.Equal(ProtocolError.BadLength, handler.HandleCommand(null, 4, true));
            Assert.Equal(ProtocolError.BadLength, handler.HandleCommand(new byte[] { 1, 3, 0 }, 4, true));
            Assert.Equal(ProtocolError.BadLength, handler.HandleConfig(new byte[] { 1, 0x21 }, -1, true));
        }

        [Fact]
        public void The_Time_To_Target_Is_Estimated_From_The_Pulses_Once_They_Measured_The_Slope()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.TargetMode, (int)TargetMode.MatchValue));
            rig.Controller.TrySetSetting(SettingId.TargetMillivolts, 4_000, out _);
            rig.Groups[0].OcvMillivolts = 3_900;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 0.1; // 100 mV to go: 1000 mAh, an hour at 1 A
            rig.Controller.Start(0);
            Assert.Equal(-1, rig.Controller.Channel(0).MinutesToTarget);

            rig.RunUntil(() => rig.Controller.Channel(0).MinutesToTarget >= 0 && rig.State() == ChannelState.Resting, 60 * Minute, "an estimate");

            // The truth: what the toy group still needs at its slope, at the charger's 1 A.
            var minutes = (4_000 - rig.Groups[0].OcvMillivolts) / rig.Groups[0].SlopeMillivoltsPerMilliampereHour * 60 / 1_000;
            Assert.InRange(rig.Controller.Channel(0).MinutesToTarget, minutes - 2, minutes + 2);
        }
    }
}
