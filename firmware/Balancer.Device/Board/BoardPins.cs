// SPDX-License-Identifier: MIT

namespace Balancer.Device.Board
{
    /// <summary>
    /// Every ESP32-WROOM-32 pin of the reference board in one place. The source of truth is hardware/pins.json;
    /// hardware/pin-map.md has the table and the reasons, and tests/Balancer.Surface.Tests/Hardware checks this file,
    /// the table and the KiCad schematic against it. Analog inputs are all on ADC1, because ADC2 stops working while
    /// the radio runs. Relay, supply and heartbeat pins are floating or pulled down from reset and carry a discrete
    /// pull-down on the board, so nothing closes or powers before the app opens the pins.
    /// </summary>
    internal static class BoardPins
    {
        /// <summary>Channels on the reference board.</summary>
        public const int ChannelCount = 4;

        /// <summary>I²C bus 1, remapped from the nanoFramework default (18/19) to the usual 21/22.</summary>
        public const int I2cBusId = 1;

        /// <summary>I²C data.</summary>
        public const int I2cData = 21;

        /// <summary>I²C clock.</summary>
        public const int I2cClock = 22;

        /// <summary>INA219 of channel 0; channel n sits at this plus n (A0/A1 straps).</summary>
        public const int FirstIna219Address = Balancer.Core.Control.ReferenceBoard.FirstIna219Address;

        /// <summary>
        /// Relay coil drivers, one per channel; high closes. Channel 3 is on GPIO4 (pulled down from reset), not GPIO14,
        /// which the ESP32 pulls up from reset (JTAG MTMS) until the app opens it.
        /// </summary>
        public static readonly int[] Relays = { 25, 26, 27, 4 };

        /// <summary>Primary-side switches of the isolated charger supplies, one per channel; high powers the charger.</summary>
        public static readonly int[] ChargerSupplies = { 16, 17, 18, 19 };

        /// <summary>Dead-man heartbeat to the relay-supply monostable.</summary>
        public const int Heartbeat = 23;

        /// <summary>
        /// Read-back of the relay coil supply (COIL_5V through 1 kΩ / 2 kΩ): High while the dead-man powers the coils. An
        /// input, so GPIO14's pull-up and activity at reset switch nothing; the self-test reads it to see the heartbeat
        /// drive the dead-man.
        /// </summary>
        public const int CoilSense = 14;

        /// <summary>Push-button (arm / clear / pairing), active low with the internal pull-up.</summary>
        public const int Button = 13;

        /// <summary>Status LED.</summary>
        public const int StatusLed = 2;

        /// <summary>Buzzer driver. GPIO12 is the MTDI strap: its pull-downs keep it Low at reset (3.3 V flash).</summary>
        public const int Buzzer = 12;

        /// <summary>ADC1 logical channels of the cell NTCs: 0 = GPIO36, 3 = GPIO39, 6 = GPIO34, 7 = GPIO35.</summary>
        public static readonly int[] CellNtcAdcChannels = { 0, 3, 6, 7 };

        /// <summary>ADC1 logical channel of the board NTC: 4 = GPIO32.</summary>
        public const int BoardNtcAdcChannel = 4;

        /// <summary>ADC1 logical channel of the 12 V input divider: 5 = GPIO33.</summary>
        public const int SupplyAdcChannel = 5;
    }
}
