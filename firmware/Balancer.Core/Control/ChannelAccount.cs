// SPDX-License-Identifier: MIT

using Balancer.Core.Guardrails;

namespace Balancer.Core.Control
{
    /// <summary>
    /// One channel's session account: what the status, the morning report, the recovery log and BLE all read, plain data
    /// that a log record can rebuild after a reboot. The channel's state machine writes it; nothing else does.
    /// </summary>
    /// <remarks>
    /// <see cref="Write"/> and <see cref="TryRead"/> give it a fixed little-endian byte record of
    /// <see cref="RecordLength"/> bytes, opened by <see cref="RecordVersion"/>, for the log's checkpoints and BLE.
    /// </remarks>
    public sealed class ChannelAccount
    {
        /// <summary>The record layout's version; a reader refuses another.</summary>
        public const byte RecordVersion = 1;

        /// <summary>Bytes in a record.</summary>
        public const int RecordLength = 60;

        /// <summary>µA·ms in one mAh.</summary>
        public const long MicroampereMillisecondsPerMilliampereHour = 3_600_000_000L;

        private const int FlagStartOcv = 1;
        private const int FlagOcv = 2;
        private const int FlagSeriesResistance = 4;
        private const int FlagPeakTemperature = 8;
        private const int FlagSelfDischarge = 16;
        private const int FlagRecovered = 32;
        private const int FlagDeepDischargeConfirmed = 64;
        private const int FlagFoundAtTarget = 128;

        /// <summary>The channel's state when the account was taken.</summary>
        public ChannelState State;

        /// <summary>Charge, or watch as the Match reference.</summary>
        public ChannelMode Mode;

        /// <summary>The open-circuit voltage measured by the clip check, mV; meaningful when <see cref="HasStartOcv"/>.</summary>
        public int StartOcvMillivolts;

        /// <summary>Whether the clip check measured a starting voltage.</summary>
        public bool HasStartOcv;

        /// <summary>The latest rested (open-circuit) voltage, mV; meaningful when <see cref="HasOcv"/>.</summary>
        public int OcvMillivolts;

        /// <summary>Whether an open-circuit voltage was measured this session.</summary>
        public bool HasOcv;

        /// <summary>Series resistance (group, leads and clip) from the contact probe, µΩ; meaningful when <see cref="HasSeriesResistance"/>.</summary>
        public int SeriesResistanceMicroohms;

        /// <summary>Whether the probe produced a resistance.</summary>
        public bool HasSeriesResistance;

        /// <summary>Charge delivered this session, µA·ms.</summary>
        public long DeliveredMicroampereMilliseconds;

        /// <summary>Time with the relay closed this session, ms.</summary>
        public long ChargeMilliseconds;

        /// <summary>Highest cell temperature this session, 0.1 °C; meaningful when <see cref="HasPeakTemperature"/>.</summary>
        public int PeakDeciCelsius;

        /// <summary>Whether a cell temperature was read this session.</summary>
        public bool HasPeakTemperature;

        /// <summary>Pauses this session.</summary>
        public int PauseCount;

        /// <summary>Time paused this session, ms.</summary>
        public long PauseMilliseconds;

        /// <summary>Whether the group has passed the recovery voltage (or started above it).</summary>
        public bool HasRecovered;

        /// <summary>Whether the group was already at or above the target before any charge: the session had nothing to do.</summary>
        public bool IsFoundAtTarget;

        /// <summary>Whether the technician confirmed charging a deep-discharged group.</summary>
        public bool IsDeepDischargeConfirmed;

        /// <summary>The charger's own CV when it, not the target, ended the charge, mV; 0 otherwise.</summary>
        public int ChargerLimitMillivolts;

        /// <summary>Self-discharge from the hold, µV/h (positive: the voltage fell); meaningful when <see cref="HasSelfDischarge"/>.</summary>
        public int SelfDischargeMicrovoltsPerHour;

        /// <summary>
        /// The self-discharge's uncertainty, µV/h (three standard errors, and the relaxation's shape the hold could not rule
        /// out); kept to 0–65 535 in the record.
        /// </summary>
        public int SelfDischargeUncertaintyMicrovoltsPerHour;

        /// <summary>Whether a hold produced a self-discharge figure.</summary>
        public bool HasSelfDischarge;

        /// <summary>The latched fault, or None.</summary>
        public FaultCode Fault;

        /// <summary>The guardrail that latched the fault, or None for a clip-check refusal.</summary>
        public GuardrailId FaultGuardrail;

        /// <summary>The measured value at the fault, in the guardrail's unit.</summary>
        public int FaultValue;

        /// <summary>The threshold it crossed.</summary>
        public int FaultThreshold;

        /// <summary>Starts an account again: <paramref name="state"/> and <paramref name="mode"/>, nothing measured, nothing delivered.</summary>
        public void Clear(ChannelState state, ChannelMode mode)
        {
            State = state;
            Mode = mode;
            StartOcvMillivolts = OcvMillivolts = SeriesResistanceMicroohms = PeakDeciCelsius = PauseCount = 0;
            HasStartOcv = HasOcv = HasSeriesResistance = HasPeakTemperature = HasRecovered = IsFoundAtTarget = false;
            IsDeepDischargeConfirmed = HasSelfDischarge = false;
            DeliveredMicroampereMilliseconds = ChargeMilliseconds = PauseMilliseconds = 0;
            ChargerLimitMillivolts = SelfDischargeMicrovoltsPerHour = SelfDischargeUncertaintyMicrovoltsPerHour = 0;
            Fault = FaultCode.None;
            FaultGuardrail = GuardrailId.None;
            FaultValue = FaultThreshold = 0;
        }

        /// <summary>Writes the record at <paramref name="offset"/>; the buffer needs <see cref="RecordLength"/> bytes there.</summary>
        public void Write(byte[] buffer, int offset)
        {
            buffer[offset] = RecordVersion;
            buffer[offset + 1] = (byte)State;
            buffer[offset + 2] = (byte)Mode;
            buffer[offset + 3] = (byte)Flags();
            LittleEndian.PutInt32(buffer, offset + 4, StartOcvMillivolts);
            LittleEndian.PutInt32(buffer, offset + 8, OcvMillivolts);
            LittleEndian.PutInt32(buffer, offset + 12, SeriesResistanceMicroohms);
            LittleEndian.PutInt64(buffer, offset + 16, DeliveredMicroampereMilliseconds);
            LittleEndian.PutInt32(buffer, offset + 24, (int)(ChargeMilliseconds / 1000));
            LittleEndian.PutInt32(buffer, offset + 28, PeakDeciCelsius);
            LittleEndian.PutInt32(buffer, offset + 32, PauseCount);
            LittleEndian.PutInt32(buffer, offset + 36, (int)(PauseMilliseconds / 1000));
            LittleEndian.PutInt32(buffer, offset + 40, ChargerLimitMillivolts);
            LittleEndian.PutInt32(buffer, offset + 44, SelfDischargeMicrovoltsPerHour);
            buffer[offset + 48] = (byte)Fault;
            buffer[offset + 49] = (byte)FaultGuardrail;
            LittleEndian.PutInt16(buffer, offset + 50, SelfDischargeUncertaintyMicrovoltsPerHour < 0 ? 0 : SelfDischargeUncertaintyMicrovoltsPerHour > 65_535 ? 65_535 : SelfDischargeUncertaintyMicrovoltsPerHour);
            LittleEndian.PutInt32(buffer, offset + 52, FaultValue);
            LittleEndian.PutInt32(buffer, offset + 56, FaultThreshold);
        }

        /// <summary>
        /// Reads a record written by <see cref="Write"/>; times come back in whole seconds. False, changing nothing, for
        /// a record of another version, an unknown state or mode, or a buffer too short.
        /// </summary>
        public bool TryRead(byte[] buffer, int offset)
        {
            if (buffer == null || offset < 0 || buffer.Length - offset < RecordLength || buffer[offset] != RecordVersion
                || buffer[offset + 1] > (byte)ChannelState.Fault || buffer[offset + 2] > (byte)ChannelMode.MonitorOnly)
            {
                return false;
            }

            State = (ChannelState)buffer[offset + 1];
            Mode = (ChannelMode)buffer[offset + 2];
            var flags = buffer[offset + 3];
            HasStartOcv = (flags & FlagStartOcv) != 0;
            HasOcv = (flags & FlagOcv) != 0;
            HasSeriesResistance = (flags & FlagSeriesResistance) != 0;
            HasPeakTemperature = (flags & FlagPeakTemperature) != 0;
            HasSelfDischarge = (flags & FlagSelfDischarge) != 0;
            HasRecovered = (flags & FlagRecovered) != 0;
            IsDeepDischargeConfirmed = (flags & FlagDeepDischargeConfirmed) != 0;
            IsFoundAtTarget = (flags & FlagFoundAtTarget) != 0;
            StartOcvMillivolts = LittleEndian.GetInt32(buffer, offset + 4);
            OcvMillivolts = LittleEndian.GetInt32(buffer, offset + 8);
            SeriesResistanceMicroohms = LittleEndian.GetInt32(buffer, offset + 12);
            DeliveredMicroampereMilliseconds = LittleEndian.GetInt64(buffer, offset + 16);
            ChargeMilliseconds = LittleEndian.GetInt32(buffer, offset + 24) * 1000L;
            PeakDeciCelsius = LittleEndian.GetInt32(buffer, offset + 28);
            PauseCount = LittleEndian.GetInt32(buffer, offset + 32);
            PauseMilliseconds = LittleEndian.GetInt32(buffer, offset + 36) * 1000L;
            ChargerLimitMillivolts = LittleEndian.GetInt32(buffer, offset + 40);
            SelfDischargeMicrovoltsPerHour = LittleEndian.GetInt32(buffer, offset + 44);
            Fault = (FaultCode)buffer[offset + 48];
            FaultGuardrail = (GuardrailId)buffer[offset + 49];
            SelfDischargeUncertaintyMicrovoltsPerHour = LittleEndian.GetUInt16(buffer, offset + 50);
            FaultValue = LittleEndian.GetInt32(buffer, offset + 52);
            FaultThreshold = LittleEndian.GetInt32(buffer, offset + 56);
            return true;
        }

        private int Flags() =>
            (HasStartOcv ? FlagStartOcv : 0)
            | (HasOcv ? FlagOcv : 0)
            | (HasSeriesResistance ? FlagSeriesResistance : 0)
            | (HasPeakTemperature ? FlagPeakTemperature : 0)
            | (HasSelfDischarge ? FlagSelfDischarge : 0)
            | (HasRecovered ? FlagRecovered : 0)
            | (IsDeepDischargeConfirmed ? FlagDeepDischargeConfirmed : 0)
            | (IsFoundAtTarget ? FlagFoundAtTarget : 0);
    }
}
