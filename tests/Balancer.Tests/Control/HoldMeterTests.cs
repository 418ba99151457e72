// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>The hold's arithmetic on its own: minute means and the line through those after the settle time.</summary>
    public class HoldMeterTests
    {
        private const int Tick = 100;

        [Fact]
        public void A_Voltage_Falling_1000_mV_An_Hour_Measures_1000000_uV_An_Hour()
        {
            var meter = new HoldMeter();
            meter.Begin(0);
            var points = 0;
            for (long t = Tick; t <= 60 * 60_000; t += Tick)
            {
                // A steep line (1 mV every 3.6 s) so whole-millivolt samples still average to it within a minute.
                meter.Add(3_950 - (int)(t / 3_600));
                if (meter.TryCloseMinute(t, settleMilliseconds: 10 * 60_000, relaxationMicrovolts: 0, out _))
                {
                    points++;
                }
            }

            Assert.Equal(60, points);
            Assert.True(meter.TrySelfDischarge(out var microvoltsPerHour));
            Assert.InRange(microvoltsPerHour, 995_000, 1_005_000);
        }

        [Fact]
        public void Before_Two_Points_After_The_Settle_Time_There_Is_No_Figure()
        {
            var meter = new HoldMeter();
            meter.Begin(1_000);
            for (long t = 1_000 + Tick; t <= 1_000 + (11 * 60_000); t += Tick)
            {
                meter.Add(3_900);
                meter.TryCloseMinute(t, settleMilliseconds: 10 * 60_000, relaxationMicrovolts: 0, out _);
            }

            Assert.False(meter.TrySelfDischarge(out _));
        }

        [Fact]
        public void A_Minute_Without_Samples_Closes_Without_A_Point()
        {
            var meter = new HoldMeter();
            meter.Begin(0);

            Assert.False(meter.TryCloseMinute(60_000, 0, 0, out var microvolts));
            Assert.Equal(0, microvolts);
            meter.Add(3_900);
            meter.Add(3_902);
            Assert.True(meter.TryCloseMinute(120_000, 0, 0, out microvolts));
            Assert.Equal(3_901_000, microvolts);
        }
    }
}
