// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Adc
{
    /// <summary>One averaged, calibrated ADC reading.</summary>
    public struct AdcReading
    {
        /// <summary>The input voltage in mV.</summary>
        public int Millivolts;

        /// <summary>
        /// Whether the voltage lies where the 11 dB attenuation is specified (150–2450 mV). Outside it the reading is
        /// only good enough to classify (cold, hot, open, short), never to measure.
        /// </summary>
        public bool IsInUsableRange;

        /// <summary>The converter sat at its top code: the input is at or above about 3.2 V (an open divider).</summary>
        public bool IsSaturatedHigh;

        /// <summary>The converter sat at code 0: the input is at or below about 50 mV (a shorted divider).</summary>
        public bool IsSaturatedLow;
    }

    /// <summary>
    /// An ESP32 ADC1 input at 11 dB attenuation, averaged over several conversions and corrected by a two-point
    /// calibration. ADC2 is unusable while the radio runs, so every analog input of the board is on ADC1.
    /// </summary>
    public sealed class AdcInput
    {
        /// <summary>Lower end of the specified 11 dB range (Espressif: 150–2450 mV).</summary>
        public const int UsableMinMillivolts = 150;

        /// <summary>Upper end of the specified 11 dB range.</summary>
        public const int UsableMaxMillivolts = 2450;

        private readonly IAdcChannel _channel;
        private AdcCalibration _calibration;

        /// <summary>Creates the input.</summary>
        /// <param name="channel">The raw channel.</param>
        /// <param name="samples">Conversions averaged per reading (1–64); multisampling is Espressif's advice against noise.</param>
        public AdcInput(IAdcChannel channel, int samples)
        {
            if (samples < 1 || samples > 64)
            {
                throw new System.ArgumentOutOfRangeException(nameof(samples), "1 to 64 samples");
            }

            _channel = channel;
            Samples = samples;
            _calibration = AdcCalibration.Nominal;
        }

        /// <summary>Conversions averaged per reading.</summary>
        public int Samples { get; }

        /// <summary>The calibration in use.</summary>
        public AdcCalibration Calibration
        {
            get => _calibration;
            set => _calibration = value;
        }

        /// <summary>The mean raw code of one reading, times 16 (keeps four fractional bits of the average).</summary>
        public long ReadSixteenthCodes()
        {
            long sum = 0;
            for (var i = 0; i < Samples; i++)
            {
                sum += IntegerMath.Clamp(_channel.ReadCode(), 0, _channel.MaxCode);
            }

            return IntegerMath.DivideRounded(sum * 16, Samples);
        }

        /// <summary>Codes from either end that count as saturated, after averaging.</summary>
        public const int SaturationMarginCodes = 2;

        /// <summary>Reads the input into a reading the caller keeps (the hot path: nanoCLR clones a returned struct).</summary>
        public void Read(ref AdcReading reading)
        {
            var sixteenths = ReadSixteenthCodes();
            var millivolts = _calibration.MillivoltsFromSixteenthCodes(sixteenths);
            reading.Millivolts = millivolts;
            reading.IsInUsableRange = millivolts >= UsableMinMillivolts && millivolts <= UsableMaxMillivolts;
            reading.IsSaturatedHigh = sixteenths >= (_channel.MaxCode - SaturationMarginCodes) * 16L;
            reading.IsSaturatedLow = sixteenths <= SaturationMarginCodes * 16L;
        }

        /// <summary>Reads the input (a convenience off the hot path).</summary>
        public AdcReading Read()
        {
            var reading = default(AdcReading);
            Read(ref reading);
            return reading;
        }
    }
}
