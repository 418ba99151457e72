// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Simulator.Physics
{
    /// <summary>
    /// Where the parts' errors come from: each figure is the datasheet's (or the maker's application note's), drawn per
    /// part from a normal distribution whose σ is the typical figure and cut at the maximum. docs/simulator-physics.md
    /// lists every one with its source and what it does to the firmware's figures if it is wrong.
    /// </summary>
    public static class PartTolerances
    {
        /// <summary>INA219 bus voltage total error at 25 °C, typical (TI SBOS448, electrical characteristics), ppm.</summary>
        public const double Ina219BusGainTypicalPpm = 2_000;

        /// <summary>INA219 bus voltage total error at 25 °C, maximum, ppm.</summary>
        public const double Ina219BusGainMaximumPpm = 5_000;

        /// <summary>INA219 shunt offset at PGA ÷4 (±160 mV), typical, nV.</summary>
        public const double Ina219ShuntOffsetTypicalNanovolts = 30_000;

        /// <summary>INA219 shunt offset at PGA ÷4, maximum, nV.</summary>
        public const double Ina219ShuntOffsetMaximumNanovolts = 150_000;

        /// <summary>INA219 current-sense gain error, typical (±0.04 %), ppm.</summary>
        public const double Ina219ShuntGainTypicalPpm = 400;

        /// <summary>INA219 current (shunt) gain error, maximum, ppm.</summary>
        public const double Ina219ShuntGainMaximumPpm = 5_000;

        /// <summary>
        /// INA219 bus noise (σ) of one 12-bit conversion, µV. The datasheet specifies none (its delta-sigma ADC has
        /// DNL ±0.1 LSB); a quarter LSB is what makes a static input read as one code or its neighbour, as benches see.
        /// The firmware reads one bus conversion per trigger, so this noise dithers the 4 mV step; after the chip's ×8
        /// averaging it would be 0.35 mV, far too little.
        /// </summary>
        public const long Ina219BusNoiseMicrovolts = 1_000;

        /// <summary>INA219 shunt noise (σ) of one conversion, nV: a quarter of the 10 µV shunt LSB, on the same reasoning.</summary>
        public const long Ina219ShuntNoiseNanovolts = 2_500;

        /// <summary>ESP32 ADC reference, nominal, mV (Espressif: 1000–1200 mV across chips).</summary>
        public const double Esp32VrefNominalMillivolts = 1_100;

        /// <summary>ESP32 ADC reference spread (σ), mV, cut at <see cref="Esp32VrefLimitMillivolts"/>.</summary>
        public const double Esp32VrefSigmaMillivolts = 35;

        /// <summary>ESP32 ADC reference limit: 1000–1200 mV across chips (ESP-IDF ADC calibration notes).</summary>
        public const double Esp32VrefLimitMillivolts = 100;

        /// <summary>ESP32 ADC offset at 11 dB, σ, mV.</summary>
        public const double Esp32OffsetTypicalMillivolts = 10;

        /// <summary>ESP32 ADC offset at 11 dB, maximum, mV.</summary>
        public const double Esp32OffsetMaximumMillivolts = 30;

        /// <summary>ESP32 ADC noise (σ) of one conversion at 11 dB, codes: ESP-IDF's own ceiling for its one-shot test.</summary>
        public const double Esp32NoiseCodes = 3;

        /// <summary>A normal draw with σ = <paramref name="typical"/>, cut at ±<paramref name="maximum"/>.</summary>
        public static double Draw(Random random, double typical, double maximum) =>
            Math.Clamp(Drivers.Simulation.GaussianNoise.NextStandard(random) * typical, -maximum, maximum);
    }
}
