// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using Balancer.Core.Control;
using Balancer.Simulator;
using Balancer.Simulator.Scenarios;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>The relaxation model on its own, the rest's sample of its scale, and the scale a pack learns on the bench.</summary>
    public class RelaxationTests
    {
        [Fact]
        public void An_Hour_At_One_Ampere_Hides_What_The_Three_Branches_Of_A_3P_Group_Hold()
        {
            var tracker = new RelaxationTracker();
            for (var t = 0; t < 36_000; t++)
            {
                tracker.Advance(100, 1_000_000);
            }

            // A 7.8 Ah group is three 2.6 Ah cells: each branch's resistance a third of a cell's.
            var expected = (10.0 / 3) + (15.0 / 3 * (1 - Math.Exp(-6))) + (20.0 / 3 * (1 - Math.Exp(-1)));
            Assert.InRange(tracker.HiddenMicrovolts(7_800) / 1000.0, expected * 0.995, expected * 1.005); // 12.54 mV
            Assert.InRange(tracker.HiddenMicrovolts(3_900) / 1000.0, expected * 2 * 0.995, expected * 2 * 1.005);
        }

        [Fact]
        public void At_Rest_Each_Branch_Gives_Back_Its_Voltage_With_Its_Own_Time_Constant()
        {
            var tracker = new RelaxationTracker();
            for (var t = 0; t < 36_000; t++)
            {
                tracker.Advance(100, 1_000_000);
            }

            tracker.Advance(600_000, 0); // a ten-minute rest in one late step: split into 1 s steps

            var fast = 10.0 / 3 * Math.Exp(-600 / 20.0);
            var medium = 15.0 / 3 * (1 - Math.Exp(-6)) * Math.Exp(-1);
            var slow = 20.0 / 3 * (1 - Math.Exp(-1)) * Math.Exp(-600 / 3_600.0);
            var expected = fast + medium + slow; // 5.41 mV
            Assert.InRange(tracker.HiddenMicrovolts(7_800) / 1000.0, expected * 0.99, expected * 1.01);

            tracker.Reset();
            Assert.Equal(0, tracker.HiddenMicrovolts(7_800));
        }

        [Fact]
        public void A_Rest_Gives_One_Sample_Of_The_Scale_From_Its_First_Half_Second_To_Its_End()
        {
            var decay = new RestDecay();
            decay.Begin();
            decay.AddEarly(3_952, 9_000);
            decay.AddEarly(3_948, 9_000);
            decay.AddEarly(3_952, 9_000);
            decay.AddEarly(3_948, 9_000);

            Assert.True(decay.TryFinish(3_946_000, 6_000, out var measured, out var predicted));
            Assert.Equal(4_000, measured); // 3950 mV early, 3946 mV at the end
            Assert.Equal(3_000, predicted);
            Assert.False(decay.TryFinish(3_946_000, 6_000, out _, out _)); // one sample a rest
        }

        [Theory]
        [InlineData(2, 9_000)] // too few early samples: the relay opened within a late tick
        [InlineData(3, 6_500)] // the prior predicts under 1 mV of fall: the ratio would be noise
        public void A_Rest_Without_A_Clear_Start_Or_A_Clear_Fall_Teaches_Nothing(int earlySamples, int earlyHidden)
        {
            var decay = new RestDecay();
            decay.Begin();
            for (var i = 0; i < earlySamples; i++)
            {
                decay.AddEarly(3_950, earlyHidden);
            }

            Assert.False(decay.TryFinish(3_946_000, 6_000, out _, out _));
        }

        [Theory]
        [InlineData(1.3, 1_050, 1_600)]
        [InlineData(0.7, 450, 900)]
        public void A_Pack_Learns_From_Its_Rests_How_Much_Of_The_Prior_Its_Cells_Show(double amplitude, int lowest, int highest)
        {
            // Two weak groups of one pack, whose cells relax with the prior's time constants at a given amplitude.
            var text = """
                { "name": "relaxation", "seed": 3, "durationHours": 8,
                  "pack": { "series": 10, "parallel": 3,
                    "relaxation": [ { "cellMilliohms": A10, "seconds": 20 }, { "cellMilliohms": A15, "seconds": 600 }, { "cellMilliohms": A20, "seconds": 3600 } ],
                    "groups": [ { "group": 2, "ocvMillivolts": 3850 }, { "group": 5, "ocvMillivolts": 3880 } ] },
                  "channels": [ { "group": 2 }, { "group": 5 } ],
                  "settings": { "TargetMode": "MatchValue", "TargetMillivolts": 3950 } }
                """.Replace("A10", $"{10 * amplitude}").Replace("A15", $"{15 * amplitude}").Replace("A20", $"{20 * amplitude}");
            var simulation = new Simulation(ScenarioLoader.Parse(text, "inline.json"));
            var prior = simulation.Board.Controller.RelaxationScalePermille;

            simulation.Run();

            Assert.Equal(700, prior);
            Assert.InRange(simulation.Board.Controller.RelaxationScalePermille, lowest, highest);
            Assert.All(Enumerable.Range(0, 2), i => Assert.InRange(simulation.GroupOf(i).OcvMillivolts, 3_945, 3_955));
        }
    }
}
