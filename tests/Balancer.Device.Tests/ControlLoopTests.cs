// SPDX-License-Identifier: MIT

using Balancer.Core.Settings;
using Balancer.Device.Board;
using nanoFramework.TestFramework;

namespace Balancer.Device.Tests
{
    /// <summary>
    /// The control loop on the real ESP32: what only the chip can show is whether a tick with every channel read fits
    /// its period. Needs the assembled board (INA219s answering, NTC and supply dividers fitted). No channel is started,
    /// so every relay stays open; the heartbeat runs. Each test disposes its board: nanoFramework refuses to open a pin
    /// that is still open.
    /// </summary>
    [TestClass]
    public class ControlLoopTests
    {
        private const int Ticks = 200;

        [TestMethod]
        public static void Every_Tick_Fits_Its_Period_Toggles_The_Heartbeat_And_Keeps_Every_Relay_Open()
        {
            var board = new AdapterBoard(new BalancerSettings());
            try
            {
                var controller = board.Controller;
                var firstDeadline = controller.NextDeadlineMilliseconds;
                var heartbeatChanges = 0;

                for (var tick = 0; tick < Ticks; tick++)
                {
                    var before = board.Relays.IsHeartbeatHigh;
                    controller.RunOnce();
                    if (board.Relays.IsHeartbeatHigh != before)
                    {
                        heartbeatChanges++;
                    }

                    for (var channel = 0; channel < board.Relays.ChannelCount; channel++)
                    {
                        Assert.IsFalse(board.Relays.IsClosed(channel), "a relay closed with no channel started");
                    }
                }

                Assert.AreEqual(0, (int)controller.LateTickCount, "a tick ran more than three periods late");
                Assert.AreEqual(Ticks, heartbeatChanges, "a tick withheld the heartbeat");
                Assert.AreEqual(firstDeadline + ((long)Ticks * controller.Settings.TickPeriodMilliseconds), controller.NextDeadlineMilliseconds);
            }
            finally
            {
                board.Dispose();
            }
        }

        [TestMethod]
        public static void The_Status_Shows_Every_Channels_Sensor_Answering()
        {
            var board = new AdapterBoard(new BalancerSettings());
            try
            {
                board.Controller.RunOnce();
                board.Controller.RunOnce();

                Assert.AreEqual(board.Relays.ChannelCount, board.AnsweringSensors, "an INA219 did not take its configuration");
                for (var channel = 0; channel < board.Relays.ChannelCount; channel++)
                {
                    Assert.IsTrue(board.Controller.Status.Channels[channel].IsSensorValid, "channel " + channel + " has no fresh conversion");
                }
            }
            finally
            {
                board.Dispose();
            }
        }
    }
}
