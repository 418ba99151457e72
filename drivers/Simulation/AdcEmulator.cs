// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Drivers.Simulation
{
    /// <summary>
    /// An ESP32 ADC1 input at 11 dB attenuation with the part's known faults: a per-chip gain (Vref 1000–1200 mV),
    /// an offset, a dead zone near 0 V, compression above about 2.45 V and saturation at code 4095 near 3.2 V, and
    /// noise.
    /// Its input is a voltage in mV, set by whatever divider feeds it.
    /// </summary>
    public sealed class AdcEmulator : IAdcChannel
    {
        /// <summary>12-bit converter.</summary>
        public const int FullScaleCode = 4095;

        private readonly Random _noise;

        /// <summary>Creates an input with a seed for its noise.</summary>
        public AdcEmulator(int seed)
        {
            _noise = new Random(seed);
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

        /// <summary>The mean code for a voltage, before noise: the characteristic of the part.</summary>
        public double IdealCode(double millivolts)
        {
            // Nominal line: 3100 mV at full scale with Vref 1100; a different Vref scales the gain.
            var scale = FullScaleCode / 3100.0 * (1100.0 / VrefMillivolts);
            var volts = millivolts + OffsetMillivolts;
            const double KneeMillivolts = 2450;
            if (volts > KneeMillivolts)
            {
                // Above the specified range the curve flattens until the code saturates.
                volts = KneeMillivolts + ((volts - KneeMillivolts) * 0.85);
            }

            var code = volts * scale;
            return code < 60 ? 0 : code; // dead zone: below roughly 50 mV the ESP32 reads 0
        }

        /// <inheritdoc />
        public int ReadCode()
        {
            var code = IdealCode(InputMillivolts);
            if (NoiseCodes > 0)
            {
                code += GaussianNoise.NextStandard(_noise) * NoiseCodes;
            }

            return (int)Math.Clamp(Math.Round(code), 0, FullScaleCode);
        }
    }
}
