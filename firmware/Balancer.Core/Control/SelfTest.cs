// SPDX-License-Identifier: MIT

using Balancer.Core.Events;
using Balancer.Drivers.Ntc;

namespace Balancer.Core.Control
{
    /// <summary>What the boot's self-test found on a channel or on the board. Fixed values: logged and sent over BLE.</summary>
    public enum SelfTestFinding
    {
        /// <summary>Nothing wrong.</summary>
        Ok = 0,

        /// <summary>The channel's INA219 did not take its configuration, or did not read it back: the channel is disabled.</summary>
        SensorMissing = 1,

        /// <summary>The INA219 answered at boot but its first conversion did not read: the channel is disabled.</summary>
        SensorNotReading = 2,

        /// <summary>The cell NTC reads open or shorted (unplugged?): the channel will not charge until it reads.</summary>
        CellNtcBroken = 3,

        /// <summary>The cell NTC reads outside −20 … 70 °C with nothing charging: a wrong part or a bad joint.</summary>
        CellNtcImplausible = 4,

        /// <summary>The board NTC reads open or shorted: nothing will charge until it reads.</summary>
        BoardNtcBroken = 5,

        /// <summary>The board NTC reads outside −20 … 70 °C.</summary>
        BoardNtcImplausible = 6,

        /// <summary>The 12 V input is outside 11 … 14.5 V: charging waits for it (below) or the adapter is wrong (above).</summary>
        SupplyOutOfRange = 7,
    }

    /// <summary>
    /// The boot's self-test (spec §1, the device app's boot), run on the second tick's status with every relay open (the
    /// first tick may read conversions the boot triggered a moment before): every
    /// expected INA219 answered at its address and read back its configuration and converts; each NTC reads, and plausibly
    /// for a board at rest; the 12 V input is in range. A channel whose INA219 fails is disabled (a latched
    /// <see cref="FaultCode.SelfTestFailed"/> that nothing clears until the next boot), never hidden; the other findings are
    /// reported, and the guardrails keep those channels from charging until they read. Every finding is published as a
    /// <see cref="EventKind.SelfTest"/> event, so the log and the status carry it. Whether the heartbeat powers the relay
    /// coils can only be seen on the board (the on-board tests).
    /// </summary>
    public static class SelfTest
    {
        /// <summary>The lowest plausible temperature of a board at rest, 0.1 °C.</summary>
        public const int MinimumDeciCelsius = -200;

        /// <summary>The highest plausible temperature of a board at rest, 0.1 °C.</summary>
        public const int MaximumDeciCelsius = 700;

        /// <summary>The lowest 12 V input the self-test accepts, mV.</summary>
        public const int MinimumSupplyMillivolts = 11_000;

        /// <summary>The highest, mV: a 12 V adapter's tolerance with margin.</summary>
        public const int MaximumSupplyMillivolts = 14_500;

        /// <summary>
        /// Checks the board after its second tick and writes each channel's finding into <paramref name="channels"/> (one per
        /// channel); returns the board's own. Disables every channel whose INA219 failed.
        /// </summary>
        public static SelfTestFinding Run(BalancerController controller, MeasurementReader reader, SelfTestFinding[] channels)
        {
            var status = controller.Status;
            for (var i = 0; i < controller.ChannelCount && i < channels.Length; i++)
            {
                var channel = status.Channels[i];
                var finding = !reader.IsConfigured(i) ? SelfTestFinding.SensorMissing
                    : !channel.IsSensorValid ? SelfTestFinding.SensorNotReading
                    : channel.TemperatureStatus != NtcStatus.Ok ? SelfTestFinding.CellNtcBroken
                    : !IsPlausible(channel.TemperatureDeciCelsius) ? SelfTestFinding.CellNtcImplausible
                    : SelfTestFinding.Ok;
                channels[i] = finding;
                if (finding == SelfTestFinding.SensorMissing || finding == SelfTestFinding.SensorNotReading)
                {
                    var address = ReferenceBoard.FirstIna219Address + i;
                    controller.DisableChannel(i, address);
                    controller.Announce(EventKind.SelfTest, i, (int)finding, address);
                }
                else if (finding != SelfTestFinding.Ok)
                {
                    controller.Announce(EventKind.SelfTest, i, (int)finding, channel.TemperatureDeciCelsius);
                }
            }

            var board = status.BoardStatus != NtcStatus.Ok ? SelfTestFinding.BoardNtcBroken
                : !IsPlausible(status.BoardDeciCelsius) ? SelfTestFinding.BoardNtcImplausible
                : status.SupplyMillivolts < MinimumSupplyMillivolts || status.SupplyMillivolts > MaximumSupplyMillivolts ? SelfTestFinding.SupplyOutOfRange
                : SelfTestFinding.Ok;
            if (board != SelfTestFinding.Ok)
            {
                controller.Announce(EventKind.SelfTest, -1, (int)board, board == SelfTestFinding.SupplyOutOfRange ? status.SupplyMillivolts : status.BoardDeciCelsius);
            }

            return board;
        }

        private static bool IsPlausible(int deciCelsius) => deciCelsius >= MinimumDeciCelsius && deciCelsius <= MaximumDeciCelsius;
    }
}
