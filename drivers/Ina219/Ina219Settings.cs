// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Ina219
{
    /// <summary>Bus voltage full-scale range (BRNG, TI SBOS448G 8.6.2.1).</summary>
    public enum Ina219BusRange
    {
        /// <summary>16 V full scale.</summary>
        Range16V = 0,

        /// <summary>32 V full scale (the pins themselves stop at 26 V). Power-on default.</summary>
        Range32V = 1,
    }

    /// <summary>PGA gain and shunt voltage range (PG, TI SBOS448G Table 5).</summary>
    public enum Ina219PgaGain
    {
        /// <summary>Gain 1, ±40 mV.</summary>
        Range40mV = 0,

        /// <summary>Gain /2, ±80 mV.</summary>
        Range80mV = 1,

        /// <summary>Gain /4, ±160 mV: 1.6 A full scale on the 0.1 Ω shunt of each channel.</summary>
        Range160mV = 2,

        /// <summary>Gain /8, ±320 mV. Power-on default.</summary>
        Range320mV = 3,
    }

    /// <summary>
    /// ADC resolution or averaging for BADC and SADC (TI SBOS448G Table 6). The values are the 4-bit field codes.
    /// </summary>
    public enum Ina219AdcSetting
    {
        /// <summary>9 bits, 84 µs.</summary>
        Resolution9Bit = 0x0,

        /// <summary>10 bits, 148 µs.</summary>
        Resolution10Bit = 0x1,

        /// <summary>11 bits, 276 µs.</summary>
        Resolution11Bit = 0x2,

        /// <summary>12 bits, 532 µs. Power-on default.</summary>
        Resolution12Bit = 0x3,

        /// <summary>12 bits, 2 samples averaged, 1.06 ms.</summary>
        Average2 = 0x9,

        /// <summary>12 bits, 4 samples averaged, 2.13 ms.</summary>
        Average4 = 0xA,

        /// <summary>12 bits, 8 samples averaged, 4.26 ms.</summary>
        Average8 = 0xB,

        /// <summary>12 bits, 16 samples averaged, 8.51 ms.</summary>
        Average16 = 0xC,

        /// <summary>12 bits, 32 samples averaged, 17.02 ms.</summary>
        Average32 = 0xD,

        /// <summary>12 bits, 64 samples averaged, 34.05 ms.</summary>
        Average64 = 0xE,

        /// <summary>12 bits, 128 samples averaged, 68.10 ms.</summary>
        Average128 = 0xF,
    }

    /// <summary>Operating mode (MODE, TI SBOS448G Table 7).</summary>
    public enum Ina219Mode
    {
        /// <summary>Power-down.</summary>
        PowerDown = 0,

        /// <summary>One shunt conversion per trigger.</summary>
        ShuntTriggered = 1,

        /// <summary>One bus conversion per trigger.</summary>
        BusTriggered = 2,

        /// <summary>One shunt and one bus conversion per trigger: what the control tick uses.</summary>
        ShuntAndBusTriggered = 3,

        /// <summary>ADC off.</summary>
        AdcOff = 4,

        /// <summary>Shunt, continuous.</summary>
        ShuntContinuous = 5,

        /// <summary>Bus, continuous.</summary>
        BusContinuous = 6,

        /// <summary>Shunt and bus, continuous. Power-on default.</summary>
        ShuntAndBusContinuous = 7,
    }
}
