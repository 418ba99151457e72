// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Ina219
{
    /// <summary>
    /// The INA219's arithmetic as pure functions (TI SBOS448G, 8.5 Programming). Integer units throughout: currents
    /// in picoamperes for the LSB, resistances in micro-ohms, so no rounding hides in a float.
    /// </summary>
    public static class Ina219Conversions
    {
        /// <summary>Bus voltage LSB (8.6.3.2): 4 mV.</summary>
        public const int BusVoltageLsbMillivolts = 4;

        /// <summary>Shunt voltage LSB (8.6.3.1): 10 µV.</summary>
        public const int ShuntVoltageLsbMicrovolts = 10;

        /// <summary>Power LSB = 20 × Current_LSB (8.5.1, equation 3).</summary>
        public const int PowerLsbPerCurrentLsb = 20;

        /// <summary>The current register spans ±2¹⁵ counts: Current_LSB = Maximum Expected Current / 2¹⁵ (equation 2).</summary>
        public const int CurrentRegisterCounts = 32768;

        /// <summary>
        /// The datasheet's 0.04096 scaling constant of equation 1, expressed for Current_LSB in pA and R in µΩ:
        /// 0.04096 / (pA × 10⁻¹² × µΩ × 10⁻⁶) = 4.096 × 10¹⁶ / (pA × µΩ).
        /// </summary>
        public const long CalibrationScale = 40_960_000_000_000_000;

        /// <summary>Current_LSB in picoamperes for a maximum expected current (equation 2).</summary>
        public static long CurrentLsbPicoamperes(int maxCurrentMilliamperes) =>
            (long)maxCurrentMilliamperes * 1_000_000_000 / CurrentRegisterCounts;

        /// <summary>Cal = trunc(0.04096 / (Current_LSB × R_shunt)) (equation 1), with bit 0 cleared as the register does.</summary>
        public static int Calibration(long currentLsbPicoamperes, int shuntMicroohms)
        {
            var calibration = CalibrationScale / (currentLsbPicoamperes * shuntMicroohms);
            return (int)(calibration > Ina219Field.Calibration.Mask ? Ina219Field.Calibration.Mask : calibration) & 0xFFFE;
        }

        /// <summary>
        /// The calibration corrected by a measured current (8.5.1, equation 6):
        /// trunc(Cal × MeasShuntCurrent / INA219_Current).
        /// </summary>
        public static int TrimmedCalibration(int calibration, int measuredMicroamperes, int reportedMicroamperes)
        {
            var trimmed = (long)calibration * measuredMicroamperes / reportedMicroamperes;
            return (int)IntegerMath.Clamp(trimmed, 2, Ina219Field.Calibration.Mask) & 0xFFFE;
        }

        /// <summary>Bus voltage in mV from the raw bus register.</summary>
        public static int BusMillivolts(ushort busRegister) =>
            Ina219Field.BusVoltage.Get(busRegister) * BusVoltageLsbMillivolts;

        /// <summary>Shunt voltage in µV from the raw, two's complement shunt register.</summary>
        public static int ShuntMicrovolts(ushort shuntRegister) => (short)shuntRegister * ShuntVoltageLsbMicrovolts;

        /// <summary>Current in µA from the raw, two's complement current register.</summary>
        public static int CurrentMicroamperes(ushort currentRegister, long currentLsbPicoamperes) =>
            (int)IntegerMath.DivideRounded((short)currentRegister * currentLsbPicoamperes, 1_000_000);

        /// <summary>Power in µW from the raw power register.</summary>
        public static long PowerMicrowatts(ushort powerRegister, long currentLsbPicoamperes) =>
            IntegerMath.DivideRounded((long)powerRegister * PowerLsbPerCurrentLsb * currentLsbPicoamperes, 1_000_000);

        /// <summary>
        /// Time of one conversion for an ADC setting, in µs (TI SBOS448G Table 6). Codes 0x4–0x7 repeat 0x0–0x3, and
        /// 0x8 is 12 bits like 0x3.
        /// </summary>
        public static int ConversionTimeMicroseconds(int adcFieldValue)
        {
            switch (adcFieldValue & 0xF)
            {
                case 0x0:
                case 0x4:
                    return 84;
                case 0x1:
                case 0x5:
                    return 148;
                case 0x2:
                case 0x6:
                    return 276;
                case 0x3:
                case 0x7:
                case 0x8:
                    return 532;
                case 0x9:
                    return 1060;
                case 0xA:
                    return 2130;
                case 0xB:
                    return 4260;
                case 0xC:
                    return 8510;
                case 0xD:
                    return 17020;
                case 0xE:
                    return 34050;
                default:
                    return 68100;
            }
        }

        /// <summary>Full-scale shunt voltage in µV for a PGA gain: 40, 80, 160 or 320 mV.</summary>
        public static int ShuntFullScaleMicrovolts(int pgaFieldValue) => 40_000 << (pgaFieldValue & 0x3);
    }
}
