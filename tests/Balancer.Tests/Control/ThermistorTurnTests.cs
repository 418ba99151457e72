// SPDX-License-Identifier: MIT

using Balancer.Core.Settings;
using Balancer.Drivers.Ntc;
using Balancer.Simulator;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>
    /// The thermistors are read one per tick in turn, every one at the first read: a temperature change reaches the
    /// status within the reader's refresh, never later.
    /// </summary>
    public class ThermistorTurnTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(4)]
        [InlineData(16)]
        public void A_Cell_Temperature_Change_Shows_Within_One_Turn_Of_The_Thermistors(int channels)
        {
            var board = new EmulatedBoard(channels, new BalancerSettings(), seed: 3);
            board.Controller.RunOnce();
            var last = channels - 1;
            Assert.InRange(board.Controller.Status.Channels[last].TemperatureDeciCelsius, 230, 270); // every NTC at the first read

            board.CellNtcs[last].TemperatureCelsius = 40;
            var ticks = 0;
            while (board.Controller.Status.Channels[last].TemperatureDeciCelsius < 370)
            {
                board.Controller.RunOnce();
                ticks++;
                Assert.True(ticks <= board.Reader.ThermistorRefreshTicks, $"the change took more than {board.Reader.ThermistorRefreshTicks} ticks");
            }

            Assert.Equal(channels + 1, board.Reader.ThermistorRefreshTicks);
        }

        [Fact]
        public void A_Thermistor_That_Opens_Is_Reported_Within_One_Turn()
        {
            var board = new EmulatedBoard(4, new BalancerSettings(), seed: 3);
            board.Controller.RunOnce();

            board.BoardNtc.Fault = Balancer.Drivers.Simulation.NtcFault.Open;
            board.BoardNtc.Apply();
            for (var tick = 0; tick < board.Reader.ThermistorRefreshTicks; tick++)
            {
                board.Controller.RunOnce();
            }

            Assert.Equal(NtcStatus.Open, board.Controller.Status.BoardStatus);
        }
    }
}
