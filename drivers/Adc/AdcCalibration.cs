// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Adc
{
    /// <summary>
    /// Two-point calibration of one ESP32 ADC1 input at 11 dB: millivolts = offset + code × gain. The gain is kept in
    /// nV per code so the arithmetic stays in integers without losing resolution.
    /// </summary>
    public struct AdcCalibration
    {
        /// <summary>Gain in nV per code.</summary>
        public int GainNanovoltsPerCode;

        /// <summary>Offset in µV at code 0.</summary>
        public int OffsetMicrovolts;

        /// <summary>
        /// The nominal, uncalibrated line of an ESP32 at 11 dB with the nominal 1100 mV reference, as ESP-IDF's own
        /// calibration code characterises the part (esp_adc_cal_esp32.c: 1100 × 196602 / 4096 / 65536 = 0.8057 mV per
        /// code from a 142 mV intercept), valid up to about 2.45 V (code 2880). Chips' references spread over
        /// 1000–1200 mV, so an uncalibrated reading is off by up to ±9 % of (V − 142 mV); a two-point calibration
        /// brings it to a few mV inside the specified range.
        /// </summary>
        public static AdcCalibration Nominal => new AdcCalibration { GainNanovoltsPerCode = 805_672, OffsetMicrovolts = 142_000 };

        /// <summary>The calibration through two measured points (code, millivolts). False when the points coincide.</summary>
        public static bool TryFromTwoPoints(int codeLow, int millivoltsLow, int codeHigh, int millivoltsHigh, out AdcCalibration calibration)
        {
            calibration = Nominal;
            if (codeHigh <= codeLow || millivoltsHigh <= millivoltsLow)
            {
                return false;
            }

            var gain = IntegerMath.DivideRounded((long)(millivoltsHigh - millivoltsLow) * 1_000_000, codeHigh - codeLow);
            calibration.GainNanovoltsPerCode = (int)gain;
            calibration.OffsetMicrovolts = (int)((long)millivoltsLow * 1000 - IntegerMath.DivideRounded(gain * codeLow, 1000));
            return true;
        }

        /// <summary>Millivolts for a code (averaged codes may carry a fraction, so they come in as code × 16).</summary>
        public int MillivoltsFromSixteenthCodes(long sixteenthCodes) =>
            (int)IntegerMath.DivideRounded(OffsetMicrovolts * 16_000L + sixteenthCodes * GainNanovoltsPerCode, 16_000_000);
    }
}
