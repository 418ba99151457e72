// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.Core.Settings;
using Balancer.Device.Board;
using Xunit;

namespace Balancer.Device.Emulated.Tests
{
    /// <summary>The device app's board layer, unchanged, on the emulated ESP32 and the reference board's parts.</summary>
    public class AdapterBoardTests
    {
        private const int Ticks = 50;

        [Fact]
        public void The_Heartbeat_Pad_Changes_On_Every_Healthy_Tick_So_The_Dead_Man_Powers_The_Coils()
        {
            using var rig = new EmulatedReferenceBoard();
            using var board = new AdapterBoard(new BalancerSettings());
            var heartbeat = rig.Chip.Pad(BoardPins.Heartbeat);
            var before = heartbeat.TransitionCount;

            for (var tick = 0; tick < Ticks; tick++)
            {
                board.Controller.RunOnce();
            }

            Assert.Equal(Ticks, heartbeat.TransitionCount - before);
            Assert.True(rig.DeadMan.IsCoilSupplyEnabled, "the monostable starved although every tick was healthy");
        }

        [Fact]
        public void Every_Relay_And_Charger_Supply_Pad_Is_Low_Once_The_Board_Is_Up()
        {
            using var rig = new EmulatedReferenceBoard();
            using var board = new AdapterBoard(new BalancerSettings());

            board.Controller.RunOnce();

            Assert.All(BoardPins.Relays.Concat(BoardPins.ChargerSupplies), pin => Assert.False(rig.Chip.Pad(pin).IsHigh, $"GPIO {pin} is high"));
            Assert.All(rig.Contacts, contact => Assert.False(contact.IsContactClosed));
        }

        [Fact]
        public void Every_Sensor_Answers_And_Converts_Through_The_Remapped_I2c_Pins()
        {
            using var rig = new EmulatedReferenceBoard(groupMillivolts: 3_612);
            using var board = new AdapterBoard(new BalancerSettings());

            board.Controller.RunOnce();
            board.Controller.RunOnce();

            Assert.Equal(BoardPins.ChannelCount, board.AnsweringSensors);
            Assert.All(board.Controller.Status.Channels, channel =>
            {
                Assert.True(channel.IsSensorValid);
                Assert.InRange(channel.GroupMillivolts, 3_612 - 40, 3_612 + 40); // INA219 bus: 4 mV LSB, ±0.5 % + offset worst case
            });
        }

        [Fact]
        public void A_Second_Board_Cannot_Open_The_Pins_Of_One_Still_In_Use_But_Can_After_It_Is_Disposed()
        {
            using var rig = new EmulatedReferenceBoard();
            var first = new AdapterBoard(new BalancerSettings());

            Assert.Throws<System.InvalidOperationException>(() => new AdapterBoard(new BalancerSettings()));

            first.Dispose();
            Assert.Equal(0, rig.Chip.OpenPinCount);
            using var second = new AdapterBoard(new BalancerSettings());
            second.Controller.RunOnce();
            Assert.Equal(BoardPins.ChannelCount, second.AnsweringSensors);
        }
    }
}
