// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>The LED and the buzzer at 100 ms ticks: the most urgent pattern shows, a fault is heard until acknowledged.</summary>
    public class IndicatorTests
    {
        [Theory]
        [InlineData(ChannelState.Idle, false, IndicatorPattern.Idle, "X.............................X")]
        [InlineData(ChannelState.Charging, false, IndicatorPattern.Working, "XXXXX.....XXXXX.....XXXXX.....X")]
        [InlineData(ChannelState.Done, false, IndicatorPattern.Done, "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
        [InlineData(ChannelState.Charging, true, IndicatorPattern.Pairing, "X.X.......X.X.......X.X.......X")]
        [InlineData(ChannelState.Fault, true, IndicatorPattern.Fault, "X.X.X.X.X.X.X.X.X.X.X.X.X.X.X.X")]
        public void The_Led_Shows_The_Most_Urgent_Pattern(ChannelState state, bool pairing, IndicatorPattern pattern, string led)
        {
            var indicator = new Indicator();
            var status = Status(ChannelState.Idle, ChannelState.Idle);
            indicator.Update(status, false, -100);
            status.Channels[1].State = state;

            var seen = Run(indicator, status, pairing, 0, 31).Select(s => s.Led ? 'X' : '.');

            Assert.Equal(pattern, indicator.Pattern);
            Assert.Equal(led, new string(seen.ToArray()));
        }

        [Fact]
        public void A_Fault_Beeps_Three_Times_Then_Once_Every_30_s_Until_Acknowledged_And_A_New_One_Starts_Again()
        {
            var indicator = new Indicator();
            var status = Status(ChannelState.Charging, ChannelState.Charging);
            Run(indicator, status, false, 0, 10);
            status.Channels[0].State = ChannelState.Fault;

            var first = Run(indicator, status, false, 1_000, 310); // 31 s
            indicator.Acknowledge();
            var acknowledged = Run(indicator, status, false, 32_000, 400);
            status.Channels[1].State = ChannelState.Fault;
            var second = Run(indicator, status, false, 72_000, 10);

            Assert.Equal("X.X.X.....", new string(first.Take(10).Select(s => s.Buzzer ? 'X' : '.').ToArray()));
            Assert.Equal(new long[] { 1_000, 1_200, 1_400, 31_000 }, first.Where(s => s.Buzzer).Select(s => s.At));
            Assert.DoesNotContain(acknowledged, s => s.Buzzer);
            Assert.Equal(3, second.Count(s => s.Buzzer));
        }

        [Fact]
        public void An_Alarm_Sounds_Half_Of_Every_Second_Until_Acknowledged()
        {
            var indicator = new Indicator();
            var status = Status(ChannelState.Fault, ChannelState.Idle);
            Run(indicator, status, false, 0, 50);
            status.IsAlarmSounding = true;

            var sounding = Run(indicator, status, false, 10_000, 20);
            indicator.Acknowledge();
            var silenced = Run(indicator, status, false, 12_000, 20);

            Assert.Equal(10, sounding.Count(s => s.Buzzer));
            Assert.DoesNotContain(silenced, s => s.Buzzer);
        }

        [Fact]
        public void A_Session_That_Ends_Without_A_Fault_Beeps_Twice_And_An_Emergency_Stop_Once_Long()
        {
            var indicator = new Indicator();
            var status = Status(ChannelState.Charging, ChannelState.Holding);
            Run(indicator, status, false, 0, 10);
            status.Channels[0].State = ChannelState.Done;
            status.Channels[1].State = ChannelState.Done;
            var done = Run(indicator, status, false, 1_000, 10);

            status.Channels[0].State = ChannelState.Charging;
            Run(indicator, status, false, 5_000, 5);
            indicator.SignalStop(5_500);
            status.Channels[0].State = ChannelState.Idle;
            var stopped = Run(indicator, status, false, 5_500, 15);

            Assert.Equal("X.X.......", new string(done.Select(s => s.Buzzer ? 'X' : '.').ToArray()));
            Assert.Equal(10, stopped.Count(s => s.Buzzer)); // 1 s at 100 ms ticks; no session-end beeps after a stop to Idle
        }

        private static BalancerStatus Status(params ChannelState[] states)
        {
            var status = new BalancerStatus(states.Length);
            for (var i = 0; i < states.Length; i++)
            {
                status.Channels[i].State = states[i];
            }

            return status;
        }

        private static List<(long At, bool Led, bool Buzzer)> Run(Indicator indicator, BalancerStatus status, bool pairing, long from, int ticks)
        {
            var seen = new List<(long, bool, bool)>();
            for (var t = 0; t < ticks; t++)
            {
                var now = from + (t * 100L);
                indicator.Update(status, pairing, now);
                seen.Add((now, indicator.IsLedOn, indicator.IsBuzzerOn));
            }

            return seen;
        }
    }
}
