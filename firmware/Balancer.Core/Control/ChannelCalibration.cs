// SPDX-License-Identifier: MIT

namespace Balancer.Core.Control
{
    /// <summary>
    /// One channel's correction of its INA219 (spec §2): voltage gain and offset, current offset. Stored on the device;
    /// applied to every sample as V = V_raw × gain + offset and I = I_raw − offset.
    /// </summary>
    public struct ChannelCalibration
    {
        /// <summary>Unity gain in ppm.</summary>
        public const int UnityGainPpm = 1_000_000;

        /// <summary>Largest gain correction accepted, ppm (±2 %: more is a wiring fault, not a calibration).</summary>
        public const int MaxGainErrorPpm = 20_000;

        /// <summary>Largest voltage offset accepted, mV.</summary>
        public const int MaxVoltageOffsetMillivolts = 50;

        /// <summary>Largest current offset accepted, µA (the INA219's ±100 µV shunt offset is 1 mA on 0.1 Ω; 5× that).</summary>
        public const int MaxCurrentOffsetMicroamperes = 5_000;

        /// <summary>Voltage gain, ppm of unity.</summary>
        public int VoltageGainPpm;

        /// <summary>Added to the voltage after the gain, mV.</summary>
        public int VoltageOffsetMillivolts;

        /// <summary>Subtracted from the current, µA.</summary>
        public int CurrentOffsetMicroamperes;

        /// <summary>No correction.</summary>
        public static ChannelCalibration Identity => new ChannelCalibration { VoltageGainPpm = UnityGainPpm };

        /// <summary>Whether every value is inside its accepted range.</summary>
        public bool IsPlausible =>
            VoltageGainPpm >= UnityGainPpm - MaxGainErrorPpm && VoltageGainPpm <= UnityGainPpm + MaxGainErrorPpm
            && VoltageOffsetMillivolts >= -MaxVoltageOffsetMillivolts && VoltageOffsetMillivolts <= MaxVoltageOffsetMillivolts
            && CurrentOffsetMicroamperes >= -MaxCurrentOffsetMicroamperes && CurrentOffsetMicroamperes <= MaxCurrentOffsetMicroamperes;

        /// <summary>The corrected voltage, mV.</summary>
        public int CorrectMillivolts(int rawMillivolts) =>
            (int)Balancer.Drivers.IntegerMath.DivideRounded((long)rawMillivolts * VoltageGainPpm, UnityGainPpm) + VoltageOffsetMillivolts;

        /// <summary>The corrected current, µA.</summary>
        public int CorrectMicroamperes(int rawMicroamperes) => rawMicroamperes - CurrentOffsetMicroamperes;
    }
}
