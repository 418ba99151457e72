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
        /// The nominal, uncalibrated line: code 4095 at 3100 mV, where an ESP32 at 11 dB saturates. The part's own error
        /// at 11 dB is about ±60 mV before calibration (Espressif ADC calibration notes); a two-point calibration
        /// brings it to a few mV inside the specified range.
        /// </summary>
        public static AdcCalibration Nominal => new AdcCalibration { GainNanovoltsPerCode = 757_021, OffsetMicrovolts = 0 };

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
