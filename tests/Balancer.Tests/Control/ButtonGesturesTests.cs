// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Settings;
using Balancer.Simulator;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>The button, sampled every tick: one press stops, gestures are debounced, a stuck button changes nothing.</summary>
    public class ButtonGesturesTests
    {
        private const long Tick = 100;

        [Fact]
        public void A_Press_During_A_Session_Stops_At_The_First_Sample_Once_Per_Press()
        {
            var button = new ButtonGestures();
            var actions = Samples(button, working: true, (false, 500), (true, 2_000), (false, 500), (true, 300));

            Assert.Equal(ButtonAction.EmergencyStop, actions[5]); // the first pressed sample, undebounced
            Assert.Equal(2, actions.Count(a => a == ButtonAction.EmergencyStop));
            Assert.DoesNotContain(ButtonAction.ClearFaults, actions);
        }

        [Fact]
        public void A_Short_Press_While_Nothing_Works_Clears_Faults_At_Its_Release_And_A_Long_One_Does_Not()
        {
            var button = new ButtonGestures();
            var shortPress = Samples(button, working: false, (false, 500), (true, 600), (false, 300));
            var longPress = Samples(button, working: false, (true, 1_500), (false, 300));

            Assert.Equal(new[] { ButtonAction.ClearFaults }, shortPress.Where(a => a != ButtonAction.None));
            Assert.Equal(ButtonAction.ClearFaults, shortPress[12]); // the second sample after the release: debounced
            Assert.All(longPress, a => Assert.Equal(ButtonAction.None, a));
        }

        [Fact]
        public void Held_It_Opens_Pairing_At_3_s_Clears_Bonds_At_10_s_And_Is_Taken_As_Stuck_At_30_s()
        {
            var button = new ButtonGestures();
            var actions = Samples(button, working: true, (false, 200), (true, 45_000));

            var fired = actions.Select((a, i) => (a, At: (i * Tick) - 200)).Where(x => x.a != ButtonAction.None).ToList();
            Assert.Equal(new[] { ButtonAction.EmergencyStop, ButtonAction.OpenPairing, ButtonAction.ClearBonds, ButtonAction.Stuck }, fired.Select(x => x.a));
            Assert.Equal(new[] { 0L, 3_000, 10_000, 30_000 }, fired.Select(x => x.At));
            Assert.True(button.IsStuck);

            // Released, it works again.
            var after = Samples(button, working: true, (false, 300), (true, 200));
            Assert.Equal(ButtonAction.EmergencyStop, after.Single(a => a != ButtonAction.None));
            Assert.False(button.IsStuck);
        }

        [Fact]
        public void A_Button_Held_Through_The_Boot_Does_Nothing_Until_It_Is_Released()
        {
            var button = new ButtonGestures();
            var held = Samples(button, working: true, (true, 12_000));
            var released = Samples(button, working: false, (false, 300));
            var press = Samples(button, working: false, (true, 300), (false, 300));

            Assert.All(held, a => Assert.Equal(ButtonAction.None, a));
            Assert.All(released, a => Assert.Equal(ButtonAction.None, a)); // no fault cleared by the boot's press
            Assert.Equal(new[] { ButtonAction.ClearFaults }, press.Where(a => a != ButtonAction.None));
        }

        [Fact]
        public void Contact_Bounce_Shorter_Than_The_Debounce_Is_One_Press()
        {
            var button = new ButtonGestures();
            var actions = new List<ButtonAction>();
            var now = 0L;
            foreach (var (pressed, length) in new[] { (false, 200), (true, 10), (false, 10), (true, 10), (false, 5), (true, 400), (false, 10), (true, 10), (false, 300) })
            {
                for (var t = 0; t < length; t += 5, now += 5)
                {
                    actions.Add(button.Update(pressed, now, isSessionWorking: false));
                }
            }

            Assert.Equal(new[] { ButtonAction.ClearFaults }, actions.Where(a => a != ButtonAction.None));
        }

        [Fact]
        public void A_Stuck_Button_Stops_Once_And_The_Loop_Goes_On_Ticking_And_Charging_After_A_New_Start()
        {
            var board = BenchRig.ChargingBoard(2, new BalancerSettings(), seed: 3);
            var controller = board.Controller;
            var button = new ButtonGestures();
            var stops = 0;
            var chargingAgain = false;
            var ticks = controller.TickCount;
            for (var t = 0; t < 2_400; t++)
            {
                BenchRig.Present(board);
                controller.RunOnce();
                if (button.Update(t >= 10, controller.NowMilliseconds, controller.Channel(0).IsActive || controller.Channel(1).IsActive) == ButtonAction.EmergencyStop)
                {
                    stops++;
                    controller.RequestEmergencyStop();
                }

                if (t == 400)
                {
                    Assert.Equal(2, controller.StartAll()); // the technician starts again, the button still stuck down
                }

                chargingAgain |= t > 400 && controller.Channel(0).State == ChannelState.Charging && board.Contacts[0].IsContactClosed;
            }

            Assert.Equal(1, stops);
            Assert.Equal(ticks + 2_400, controller.TickCount);
            Assert.True(chargingAgain);
        }

        private static List<ButtonAction> Samples(ButtonGestures button, bool working, params (bool Pressed, long Milliseconds)[] spans)
        {
            var actions = new List<ButtonAction>();
            foreach (var (pressed, length) in spans)
            {
                for (var t = 0L; t < length; t += Tick)
                {
                    actions.Add(button.Update(pressed, Now, working));
                    Now += Tick;
                }
            }

            return actions;
        }

        private static long Now { get; set; }
    }
}
