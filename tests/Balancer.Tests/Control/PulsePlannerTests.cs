// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>The pulse planner's arithmetic on its own: the slope it learns and the pulses it sizes from it.</summary>
    public class PulsePlannerTests
    {
        private const long Longest = 600_000;
        private const int Tolerance = 5;

        // 1 A for 6 min: 100 mAh, in µA·ms.
        private const long HundredMilliampereHours = 1_000_000L * 360_000;

        /// <summary>A planner that saw one 6 min pulse at 1 A raise the rested voltage from 3900 to 3910 mV: 100 µV/mAh.</summary>
        private static PulsePlanner AfterOnePulse()
        {
            var planner = new PulsePlanner();
            planner.Begin(0, 0, hasOcv: true, 3_900, missingMillivolts: 40, hasTarget: true, Tolerance, Longest);
            planner.Learn(360_000, HundredMilliampereHours, 3_910);
            return planner;
        }

        [Fact]
        public void Without_A_Slope_The_First_Pulse_Is_The_Longest_And_Later_Ones_At_Most_A_Minute()
        {
            var planner = new PulsePlanner();

            planner.Begin(0, 0, hasOcv: true, 3_900, 40, hasTarget: true, Tolerance, Longest);
            Assert.Equal(Longest, planner.LimitMilliseconds);
            Assert.False(planner.IsSlopeTimed);

            planner.Learn(10_000, 1_000L * 10_000, 3_901); // 1 mV: too little to learn from
            planner.Begin(20_000, 1_000L * 10_000, hasOcv: true, 3_901, 39, hasTarget: true, Tolerance, Longest);
            Assert.Equal(PulsePlanner.UnknownSlopePulseMilliseconds, planner.LimitMilliseconds);
            Assert.Equal(0, planner.SlopeMicrovoltsPerMilliampereHour);
            Assert.Equal(2, planner.Count);
        }

        [Fact]
        public void A_Ten_Millivolt_Rise_Over_100_mAh_Is_100_uV_Per_mAh_At_1_A()
        {
            var planner = AfterOnePulse();

            Assert.Equal(100, planner.SlopeMicrovoltsPerMilliampereHour);
            Assert.Equal(1_000_000, planner.AverageMicroamperes);
        }

        [Fact]
        public void Twenty_Millivolts_Short_Plans_Seventy_Percent_Of_200_mAh_At_The_Last_Pulses_Current()
        {
            var planner = AfterOnePulse();

            planner.Begin(400_000, HundredMilliampereHours, hasOcv: true, 3_910, missingMillivolts: 20, hasTarget: true, Tolerance, Longest);

            // 20 mV ÷ 100 µV/mAh = 200 mAh; 70 % of it is 140 mAh = 504 s at 1 A.
            Assert.Equal(504_000, planner.LimitMilliseconds);
            Assert.True(planner.IsSlopeTimed);
        }

        [Fact]
        public void Within_Half_A_Tolerance_The_Whole_Missing_Charge_Is_Planned_And_Never_Under_Two_Seconds()
        {
            var planner = AfterOnePulse();

            planner.Begin(400_000, HundredMilliampereHours, hasOcv: true, 3_928, missingMillivolts: 2, hasTarget: true, Tolerance, Longest);
            Assert.Equal(72_000, planner.LimitMilliseconds); // 2 mV → 20 mAh → 72 s at 1 A

            planner.Begin(500_000, HundredMilliampereHours, hasOcv: true, 3_930, missingMillivolts: 0, hasTarget: true, Tolerance, Longest);
            Assert.Equal(PulsePlanner.MinimumPulseMilliseconds, planner.LimitMilliseconds);
        }

        [Fact]
        public void A_Flatter_Slope_Is_Believed_Halfway_A_Steeper_One_At_Once()
        {
            var planner = AfterOnePulse();

            // 4 mV over another 100 mAh reads 40 µV/mAh: only halved, to 50.
            planner.Begin(400_000, HundredMilliampereHours, hasOcv: true, 3_910, 20, hasTarget: true, Tolerance, Longest);
            planner.Learn(760_000, 2 * HundredMilliampereHours, 3_914);
            Assert.Equal(50, planner.SlopeMicrovoltsPerMilliampereHour);

            // 30 mV over 100 mAh reads 300 µV/mAh: taken as it is.
            planner.Begin(800_000, 2 * HundredMilliampereHours, hasOcv: true, 3_914, 16, hasTarget: true, Tolerance, Longest);
            planner.Learn(1_160_000, 3 * HundredMilliampereHours, 3_944);
            Assert.Equal(300, planner.SlopeMicrovoltsPerMilliampereHour);
        }

        [Fact]
        public void Without_A_Target_Or_A_Rested_Voltage_A_Pulse_Is_The_Longest_And_Reset_Forgets_The_Slope()
        {
            var planner = AfterOnePulse();

            planner.Begin(400_000, HundredMilliampereHours, hasOcv: true, 3_910, 20, hasTarget: false, Tolerance, Longest);
            Assert.Equal(Longest, planner.LimitMilliseconds);

            planner.Reset();
            Assert.Equal(0, planner.SlopeMicrovoltsPerMilliampereHour);
            Assert.Equal(0, planner.Count);
            Assert.Equal(0, planner.AverageMicroamperes);
        }
    }
}
