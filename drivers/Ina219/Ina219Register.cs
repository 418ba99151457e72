// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Ina219
{
    /// <summary>INA219 register pointers (TI SBOS448G, 8.6 Register Maps, Table 4). Every register is 16 bits, MSB first.</summary>
    public enum Ina219Register : byte
    {
        /// <summary>Reset, bus range, PGA gain, ADC settings and mode. Power-on value 0x399F.</summary>
        Configuration = 0x00,

        /// <summary>Shunt voltage, two's complement, LSB 10 µV.</summary>
        ShuntVoltage = 0x01,

        /// <summary>Bus voltage in bits 15–3 (LSB 4 mV), CNVR in bit 1, OVF in bit 0.</summary>
        BusVoltage = 0x02,

        /// <summary>Power, LSB 20 × Current_LSB. Reading it clears CNVR.</summary>
        Power = 0x03,

        /// <summary>Current, two's complement, LSB Current_LSB.</summary>
        Current = 0x04,

        /// <summary>Calibration: bits 15–1; bit 0 is read-only and always 0.</summary>
        Calibration = 0x05,
    }
}
