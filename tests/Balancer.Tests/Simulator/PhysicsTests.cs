// SPDX-License-Identifier: MIT

using System;
using Balancer.Simulator.Physics;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>The pack and charger models against the reference numbers (parts-cells-and-peers §B1, §B5).</summary>
    public class PhysicsTests
    {
        [Theory]
        [InlineData(0, 2800)]
        [InlineData(50, 3838)]
        [InlineData(100, 4200)]
        [InlineData(75, 3994)]
        [InlineData(105.5, 4300)]
        [InlineData(109, 4350)]
        public void The_Cell_Curve_Is_The_NMC_Table_To_4_2_V_At_Full_And_On_To_4_35_V_Overcharged(double soc, double millivolts)
        {
            Assert.Equal(millivolts, OcvCurve.MillivoltsAt(soc), 0);
            Assert.Equal(soc, OcvCurve.SocAt(millivolts), 1);
        }

        [Theory]
        [InlineData(4351)]
        [InlineData(999)]
        [InlineData(double.NaN)]
        public void A_Voltage_The_Curve_Cannot_Represent_Is_Refused_Not_Clamped(double millivolts)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => OcvCurve.SocAt(millivolts));
        }

        [Fact]
        public void A_Group_Relaxes_For_Hours_Branch_By_Branch_As_Each_Time_Constant_Says()
        {
            // Three branches of 5, 6 and 8 mΩ with τ of 30 s, 20 min and 2 h; at 60 % SOC the SOC factor is 1.0017.
            var group = new GroupModel(7800, 60, 14, new[] { new RelaxationBranch(5, 30), new RelaxationBranch(6, 1_200), new RelaxationBranch(8, 7_200) }, 0, 135, 0.15, 22);
            var factor = GroupModel.SocFactor(60);
            Assert.Equal(1 + (3 * Math.Exp(-60 / 8.0)), factor, 9);
            for (var s = 0; s < 3600; s++)
            {
                group.Advance(1, 1000, 22); // an hour at 1 A, one second at a time
            }

            var held = new[] { 5 * (1 - Math.Exp(-3600 / 30.0)), 6 * (1 - Math.Exp(-3600 / 1_200.0)), 8 * (1 - Math.Exp(-3600 / 7_200.0)) };
            var ocv = group.OcvMillivolts;
            foreach (var (restSeconds, step) in new[] { (30, 30), (300, 270), (1_800, 1_500), (10_800, 9_000) })
            {
                group.Advance(step, 0, 22);
                var expected = (held[0] * Math.Exp(-restSeconds / 30.0)) + (held[1] * Math.Exp(-restSeconds / 1_200.0)) + (held[2] * Math.Exp(-restSeconds / 7_200.0));
                // The SOC factor falls from 1.0017 to 1.0003 as the hour of charge lifts the group to 73 %.
                Assert.InRange(group.RestingMillivolts - ocv, expected * 0.998, expected * factor * 1.001);
            }

            // Three hours after the charge the hours branch still holds a millivolt: a 30 s rest would read it as OCV.
            Assert.InRange(group.RelaxationMillivolts, 0.6, 1.0);
        }

        [Fact]
        public void Polarisation_Grows_With_Current_And_At_A_Low_State_Of_Charge()
        {
            var branches = new[] { new RelaxationBranch(5, 30) };
            var mid = new GroupModel(7800, 60, 14, branches, 0, 135, 0.15, 22);
            var low = new GroupModel(7800, 5, 14, branches, 0, 135, 0.15, 22);
            var midHalf = new GroupModel(7800, 60, 14, branches, 0, 135, 0.15, 22);

            mid.Advance(600, 1000, 22);
            low.Advance(600, 1000, 22);
            midHalf.Advance(600, 500, 22);

            Assert.Equal(2 * midHalf.RelaxationMillivolts, mid.RelaxationMillivolts, 2);
            Assert.Equal(GroupModel.SocFactor(low.SocPercent) / GroupModel.SocFactor(mid.SocPercent), low.RelaxationMillivolts / mid.RelaxationMillivolts, 2);
            // 600 s at 1 A lifts the low group from 5 % to 7.1 %, where the factor is 1 + 3·e^(−7.1/8) = 2.24.
            Assert.True(low.RelaxationMillivolts > 2.2 * mid.RelaxationMillivolts);
        }

        [Fact]
        public void Charge_Moves_The_State_Of_Charge_By_Its_Share_Of_The_Capacity_And_A_Leak_Takes_It_Back()
        {
            var group = Group(soc: 50);
            group.Advance(3600, 780, 22); // 780 mAh into 7800 mAh

            Assert.Equal(60, group.SocPercent, 6);

            group.LeakMilliamperes = 78;
            group.Advance(3600, 0, 22);
            Assert.Equal(59, group.SocPercent, 6);
        }

        [Fact]
        public void A_Group_Warms_From_Its_Own_Loss_And_Follows_The_Room()
        {
            var group = Group(soc: 50, celsius: 2);
            group.Advance(3600 * 10, 0, 20);
            Assert.Equal(20, group.Celsius, 1);

            group.Advance(3600 * 10, 1000, 20);

            // 1 A through 24 mΩ is 24 mW; over 0.15 W/K that is 0.16 K.
            Assert.Equal(20.16, group.Celsius, 2);
        }

        [Fact]
        public void The_Charger_Delivers_Its_Programmed_Current_In_Constant_Current()
        {
            var charger = new ChargerModel(950, 4200);

            Assert.Equal(950, charger.Deliver(true, true, 3700, 164, 25), 6);
        }

        [Fact]
        public void The_Charger_Trickles_At_A_Tenth_Below_2_9_V()
        {
            var charger = new ChargerModel(1000, 4200);

            Assert.Equal(100, charger.Deliver(true, true, 2899, 164, 25), 6);
            Assert.Equal(1000, charger.Deliver(true, true, 2900, 164, 25), 6);
        }

        [Fact]
        public void The_Charger_Holds_Its_Own_CV_And_Terminates_At_A_Tenth_Of_Its_Current()
        {
            var charger = new ChargerModel(1000, 4170);

            // (4170 − 4100) mV over 164 mΩ.
            Assert.Equal(70.0 / 0.164, charger.Deliver(true, true, 4100, 164, 25), 3);
            Assert.Equal(0, charger.Deliver(true, true, 4155, 164, 25)); // 91 mA: below 100 mA, terminated
            Assert.True(charger.IsTerminated);
            Assert.Equal(0, charger.Deliver(true, true, 4060, 164, 25)); // stays off above 4.05 V
            Assert.True(charger.Deliver(true, true, 4049, 164, 25) > 100); // recharges below 4.05 V
        }

        [Fact]
        public void A_Terminated_Charger_Does_Not_Restart_When_The_Relay_Reconnects_Only_After_A_Power_Cycle()
        {
            var charger = new ChargerModel(1000, 4170);
            Assert.Equal(0, charger.Deliver(true, true, 4155, 164, 25));
            Assert.True(charger.IsTerminated);

            Assert.Equal(0, charger.Deliver(true, false, 4100, 164, 25)); // relay open for a rest
            Assert.Equal(0, charger.Deliver(true, true, 4100, 164, 25)); // closed again: the cell is above 4.05 V
            Assert.True(charger.IsTerminated);

            Assert.Equal(0, charger.Deliver(false, true, 4100, 164, 25)); // its supply switched off and on
            Assert.Equal(70.0 / 0.164, charger.Deliver(true, true, 4100, 164, 25), 3);
        }

        [Fact]
        public void The_Charger_Gives_Nothing_Without_Input_Or_Into_A_Higher_Voltage()
        {
            var charger = new ChargerModel(1000, 4200);

            Assert.Equal(0, charger.Deliver(false, true, 3700, 164, 25));
            Assert.Equal(0, charger.Deliver(true, false, 3700, 164, 25));
            Assert.Equal(0, charger.Deliver(true, true, 7900, 164, 25)); // a clip across two groups
        }

        [Fact]
        public void The_Charger_Folds_Back_When_Its_Die_Would_Pass_120_Degrees()
        {
            var charger = new ChargerModel(1000, 4200);

            // At 3.0 V on the cell and 1 A, (5 − 3.16) V × 1 A = 1.84 W; 40 K/W puts the die 74 K above 60 °C: too hot.
            var current = charger.Deliver(true, true, 3000, 164, 60);

            Assert.True(charger.IsFoldingBack);
            Assert.InRange(current, 700, 900);
            Assert.InRange(60 + (charger.DieKelvinPerWatt * charger.DissipationWatts), 119, 121);
            Assert.Equal(1000, charger.Deliver(true, true, 3000, 164, 25), 6);
        }

        [Fact]
        public void A_Module_With_A_Higher_Thermal_Resistance_Folds_Back_At_A_Lower_Room_Temperature()
        {
            var poor = new ChargerModel(1000, 4200, dieKelvinPerWatt: 70);

            // 1.84 W × 70 K/W = 129 K: at 25 °C the die would reach 154 °C.
            var current = poor.Deliver(true, true, 3000, 164, 25);

            Assert.True(poor.IsFoldingBack);
            Assert.InRange(25 + (70 * poor.DissipationWatts), 119, 121);
            Assert.InRange(current, 600, 800);
        }

        private static GroupModel Group(double soc, double celsius = 22) =>
            new(7800, soc, 14, new[] { new RelaxationBranch(10, 60) }, 0, 135, 0.15, celsius);
    }
}
