// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Settings;
using Balancer.Tests.Settings;
using Xunit;
using static Balancer.Tests.TestTime;

namespace Balancer.Tests.Control
{
    /// <summary>The targets of spec §4 and the monitor-only reference channel.</summary>
    public class TargetTests
    {
        [Fact]
        public void Top_Off_Targets_4_20_V()
        {
            var rig = new ControlRig();
            rig.Controller.Start(0);
            rig.Tick();

            Assert.True(rig.Controller.HasTarget);
            Assert.Equal(4200, rig.Controller.TargetMillivolts);
        }

        [Fact]
        public void Match_Value_Targets_The_Typed_Value_And_Refuses_Above_4_20_V()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.TargetMode, (int)TargetMode.MatchValue));

            Assert.Equal(SettingResult.AboveMaximum, rig.Controller.TrySetSetting(SettingId.TargetMillivolts, 4201, out _));
            rig.Set(SettingId.TargetMillivolts, 4050);
            rig.Tick();

            Assert.Equal(4050, rig.Controller.TargetMillivolts);
            var set = rig.Recorder.Of(EventKind.TargetSet, -1).Last();
            Assert.Equal(4050, set.Value);
        }

        [Fact]
        public void Match_Highest_Targets_The_Highest_Clipped_Group_Once_Every_Clip_Is_Checked()
        {
            var rig = new ControlRig(3, s => s.Accept(SettingId.TargetMode, (int)TargetMode.MatchHighest));
            rig.Groups[0].OcvMillivolts = 3950;
            rig.Groups[1].OcvMillivolts = 4012;
            rig.Groups[2].OcvMillivolts = 3800;

            rig.Controller.StartAll();
            rig.Ticks(3);
            Assert.False(rig.Controller.HasTarget);
            rig.RunUntil(() => rig.Controller.HasTarget, Minute, "target");

            Assert.Equal(4012, rig.Controller.TargetMillivolts);
            rig.RunUntilState(ChannelState.Topped, 2 * Minute, 1);
            rig.RunUntilState(ChannelState.Charging, 2 * Minute, 0);
        }

        [Fact]
        public void Match_Highest_Ignores_A_Refused_Clip()
        {
            var rig = new ControlRig(2, s => s.Accept(SettingId.TargetMode, (int)TargetMode.MatchHighest));
            rig.Groups[0].OcvMillivolts = 3950;
            rig.Groups[1].OcvMillivolts = 8100; // across two groups

            rig.Controller.StartAll();
            rig.RunUntil(() => rig.Controller.HasTarget, Minute, "target");

            Assert.Equal(3950, rig.Controller.TargetMillivolts);
            Assert.Equal(FaultCode.MisClip, rig.Channel(1).Fault);
        }

        [Fact]
        public void Match_Reference_Follows_A_Monitor_Only_Channel_That_Never_Closes_Its_Relay()
        {
            var rig = new ControlRig(2, s => s.Accept(SettingId.TargetMode, (int)TargetMode.MatchReference));
            rig.Set(SettingId.ReferenceChannel, 1);
            Assert.Equal(CommandResult.Ok, rig.Controller.SetMode(1, ChannelMode.MonitorOnly));
            rig.Groups[0].OcvMillivolts = 3900;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 1;
            rig.Groups[1].OcvMillivolts = 3987;

            rig.Controller.StartAll();
            rig.RunUntilState(ChannelState.Topped, 60 * Minute, 0);

            Assert.Equal(3987, rig.Controller.TargetMillivolts);
            Assert.InRange(rig.Channel(0).OcvMillivolts, 3982, 3992);
            Assert.Equal(ChannelState.Ready, rig.State(1));
            Assert.Equal(0, rig.Coils[1].TransitionCount);
            Assert.Equal(TransitionReason.MonitorOnly, rig.Channel(1).LastReason);
        }

        [Fact]
        public void The_Reference_Channel_Must_Exist()
        {
            var rig = new ControlRig(2);

            Assert.Equal(SettingResult.AboveMaximum, rig.Controller.TrySetSetting(SettingId.ReferenceChannel, 2, out _));
        }

        [Fact]
        public void The_Mode_Changes_Only_While_Idle()
        {
            var rig = new ControlRig(2);
            rig.Controller.Start(0);

            Assert.Equal(CommandResult.WrongState, rig.Controller.SetMode(0, ChannelMode.MonitorOnly));
            Assert.Equal(CommandResult.InvalidValue, rig.Controller.SetMode(1, (ChannelMode)7));
            Assert.Equal(CommandResult.UnknownChannel, rig.Controller.SetMode(5, ChannelMode.MonitorOnly));
        }
    }
}
