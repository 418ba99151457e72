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
        [InlineData(100, 4198)]
        [InlineData(75, 3994)]
        public void The_Cell_Curve_Is_The_NMC_Table_With_Straight_Lines_Between_Points(double soc, double millivolts)
        {
            Assert.Equal(millivolts, OcvCurve.MillivoltsAt(soc), 0);
            Assert.Equal(soc, OcvCurve.SocAt(millivolts), 1);
        }

        [Fact]
        public void A_Group_Relaxes_With_Its_Time_Constant_After_The_Charge_Stops()
        {
            var group = Group(soc: 50);
            group.Advance(600, 1000, 22); // 10 min at 1 A: the RC branch is fully charged, 10 mΩ × 1 A = 10 mV
            var ocv = group.OcvMillivolts;
            Assert.Equal(10, group.RelaxationMillivolts, 2);
            Assert.Equal(ocv + 10 + 14, group.TerminalMillivolts(1000), 1);

            group.Advance(60, 0, 22); // one time constant

            Assert.Equal(10 * Math.Exp(-1), group.RestingMillivolts - ocv, 1);
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
            Assert.InRange(60 + (ChargerModel.DieKelvinPerWatt * charger.DissipationWatts), 119, 121);
            Assert.Equal(1000, charger.Deliver(true, true, 3000, 164, 25), 6);
        }

        private static GroupModel Group(double soc, double celsius = 22) =>
            new(7800, soc, 14, 10, 60, 0, 135, 0.15, celsius);
    }
}
