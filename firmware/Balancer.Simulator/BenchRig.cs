// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.Core;
using Balancer.Core.Settings;

namespace Balancer.Simulator
{
    /// <summary>
    /// The steady charging board the tick tests and benchmarks measure: every channel's clip on a group resting at
    /// 3.70 V that takes 1 A through 60 mΩ while its contact is closed, each channel started and brought to Charging.
    /// </summary>
    public static class BenchRig
    {
        /// <summary>The groups' rested voltage, mV.</summary>
        public const double RestingMillivolts = 3_700;

        /// <summary>Group, leads and clip, mΩ.</summary>
        public const double SeriesMilliohms = 60;

        /// <summary>What each charger delivers into it, mA.</summary>
        public const double ChargeMilliamperes = 1_000;

        /// <summary>Presents every channel's group to its INA219: at rest, or charging while its contact is closed.</summary>
        public static void Present(EmulatedBoard board)
        {
            for (var i = 0; i < board.Chips.Length; i++)
            {
                var current = board.Contacts[i].IsContactClosed && board.ChargerSupplies[i].IsHigh ? ChargeMilliamperes : 0;
                board.Present(i, RestingMillivolts + (current * SeriesMilliohms / 1000), current);
            }
        }

        /// <summary>A board with every channel started and ticked until each charges (within 2000 ticks).</summary>
        public static EmulatedBoard ChargingBoard(int channels, BalancerSettings settings, int seed)
        {
            var board = new EmulatedBoard(channels, settings, seed);
            board.Controller.StartAll();
            for (var t = 0; t < 2_000 && !IsEveryChannelCharging(board); t++)
            {
                Present(board);
                board.Controller.RunOnce();
            }

            return board;
        }

        /// <summary>Whether every channel is in Charging.</summary>
        public static bool IsEveryChannelCharging(EmulatedBoard board) =>
            Enumerable.Range(0, board.Chips.Length).All(i => board.Controller.Channel(i).State == ChannelState.Charging);
    }
}
