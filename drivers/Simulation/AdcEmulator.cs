// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Drivers.Simulation
{
    /// <summary>
    /// An ESP32 ADC1 input at 11 dB attenuation, returning raw codes as nanoFramework's ReadValue does, with the part's
    /// known faults: a per-chip gain (Vref 1000–1200 mV), an offset, a dead zone below about 142 mV, a flatter curve
    /// above about 2.45 V with saturation at code 4095 near 3.1–3.2 V, and noise.
    /// Its input is a voltage in mV, set by whatever divider feeds it.
    /// </summary>
    public sealed class AdcEmulator : IAdcChannel
    {
        /// <summary>12-bit converter.</summary>
        public const int FullScaleCode = 4095;

        private readonly GaussianNoise _noise;

        /// <summary>Creates an input with a seed for its noise.</summary>
        public AdcEmulator(int seed)
        {
            _noise = new GaussianNoise(seed);
        }

        /// <summary>The voltage at the pin, in mV.</summary>
        public double InputMillivolts { get; set; }

        /// <summary>This chip's ADC reference, in mV (1100 nominal; 1000–1200 across chips).</summary>
        public double VrefMillivolts { get; set; } = 1100;

        /// <summary>Offset at the pin, in mV.</summary>
        public double OffsetMillivolts { get; set; }

        /// <summary>RMS noise of one conversion, in codes.</summary>
        public double NoiseCodes { get; set; }

        /// <inheritdoc />
        public int MaxCode => FullScaleCode;

        /// <summary>
        /// The mean raw code for a voltage, before noise: the part's characteristic at 11 dB as ESP-IDF's calibration
        /// code describes the ESP32 (esp_adc_cal_esp32.c): V = a·raw + 142 mV with a = Vref × 196602 / 4096 / 65536 mV
        /// per code (0.806 at the nominal 1100 mV) up to raw 2880; above it the curve flattens and reaches code 4095 at
        /// about 3060 mV (Vref 1000) to 3209 mV (Vref 1200); below 142 mV it reads 0.
        /// </summary>
        public double IdealCode(double millivolts)
        {
            var perCode = MillivoltsPerCode(VrefMillivolts);
            var volts = millivolts + OffsetMillivolts;
            if (volts <= InterceptMillivolts)
            {
                return 0;
            }

            var kneeMillivolts = (perCode * KneeCode) + InterceptMillivolts;
            if (volts <= kneeMillivolts)
            {
                return (volts - InterceptMillivolts) / perCode;
            }

            var topMillivolts = 3060 + ((VrefMillivolts - 1000) * (3209 - 3060) / 200);
            return KneeCode + ((volts - kneeMillivolts) * (FullScaleCode - KneeCode) / (topMillivolts - kneeMillivolts));
        }

        /// <summary>The linear part's slope for a chip's reference, mV per code.</summary>
        public static double MillivoltsPerCode(double vrefMillivolts) => vrefMillivolts * 196_602 / 4096 / 65_536;

        /// <summary>Where the linear part ends, raw code (ESP-IDF's LUT_LOW_THRESH).</summary>
        public const int KneeCode = 2880;

        /// <summary>The linear part's intercept at 11 dB, mV.</summary>
        public const double InterceptMillivolts = 142;

        /// <inheritdoc />
        public int ReadCode()
        {
            var code = IdealCode(InputMillivolts);
            if (NoiseCodes > 0)
            {
                code += _noise.Next() * NoiseCodes;
            }

            return (int)Math.Clamp(Math.Round(code), 0, FullScaleCode);
        }
    }
}
