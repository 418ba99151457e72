// SPDX-License-Identifier: MIT

using Balancer.Drivers;
using Balancer.Drivers.Adc;
using Balancer.Drivers.Ina219;
using Balancer.Drivers.Ntc;
using Balancer.Drivers.Supply;

namespace Balancer.Core.Control
{
    /// <summary>
    /// The reference board's measuring side (spec §1), in one place for the device app and the simulator: the same
    /// shunt, range, dividers, thermistor and averaging whichever bus and ADC sit underneath.
    /// </summary>
    public static class ReferenceBoard
    {
        /// <summary>Shunt in each channel's charge path (spec §1: 0.1 Ω), µΩ.</summary>
        public const int ShuntMicroohms = 100_000;

        /// <summary>INA219 range: ±160 mV across the shunt, mA.</summary>
        public const int MaxCurrentMilliamperes = 1_600;

        /// <summary>First INA219 address; channel n sits at this plus n (spec §1).</summary>
        public const int FirstIna219Address = 0x40;

        /// <summary>ADC conversions averaged per NTC or supply reading.</summary>
        public const int AdcSamples = 16;

        /// <summary>12 V input divider, top resistor, Ω (drivers/Supply).</summary>
        public const int SupplyTopOhms = 100_000;

        /// <summary>12 V input divider, bottom resistor, Ω.</summary>
        public const int SupplyBottomOhms = 15_000;

        /// <summary>Builds each channel's INA219 driver on its I²C endpoint.</summary>
        public static Ina219Sensor[] Sensors(II2cDevice[] devices)
        {
            var sensors = new Ina219Sensor[devices.Length];
            for (var channel = 0; channel < devices.Length; channel++)
            {
                sensors[channel] = new Ina219Sensor(devices[channel], ShuntMicroohms, MaxCurrentMilliamperes);
            }

            return sensors;
        }

        /// <summary>
        /// Builds the reader: the INA219s, one B3950 NTC per channel (a null ADC channel means none is fitted), the
        /// board NTC and the 12 V input.
        /// </summary>
        public static MeasurementReader Reader(Ina219Sensor[] sensors, IAdcChannel[] cellNtcs, IAdcChannel boardNtc, IAdcChannel supply)
        {
            // One description of the part for every thermistor: nothing writes it, and each copy would be a heap object.
            var b3950 = NtcParameters.B3950;
            var thermistors = new NtcThermistor[cellNtcs.Length];
            for (var channel = 0; channel < cellNtcs.Length; channel++)
            {
                thermistors[channel] = cellNtcs[channel] == null ? null : Thermistor(cellNtcs[channel], b3950);
            }

            return new MeasurementReader(
                sensors,
                thermistors,
                Thermistor(boardNtc, b3950),
                new SupplyMonitor(new AdcInput(supply, AdcSamples), SupplyTopOhms, SupplyBottomOhms));
        }

        private static NtcThermistor Thermistor(IAdcChannel channel, NtcParameters part) =>
            new NtcThermistor(new AdcInput(channel, AdcSamples), part);
    }
}
