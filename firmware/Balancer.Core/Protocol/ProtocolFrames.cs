// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Balancer.Core.Reporting;
using Balancer.Core.Settings;

namespace Balancer.Core.Protocol
{
    /// <summary>
    /// The adapter's BLE protocol, version 1 (docs/protocol.md): every frame is a version byte, a type or opcode byte, a
    /// payload length byte and the payload, little-endian. Status records fit a 20-byte notification. The encoders write
    /// into a buffer the caller keeps, so a notification allocates nothing.
    /// </summary>
    public static class ProtocolFrames
    {
        /// <summary>The protocol version this firmware speaks.</summary>
        public const byte Version = 1;

        /// <summary>Bytes before the payload: version, type or opcode, payload length.</summary>
        public const int HeaderLength = 3;

        /// <summary>A notification's payload at the default ATT MTU of 23.</summary>
        public const int DefaultNotificationLength = 20;

        /// <summary>Frame type: one channel's status.</summary>
        public const byte ChannelStatusType = 1;

        /// <summary>Frame type: the session's and the board's status.</summary>
        public const byte SessionStatusType = 2;

        /// <summary>Frame type: a queued command's result.</summary>
        public const byte ResultType = 3;

        /// <summary>Frame type: one setting, with its limits and default.</summary>
        public const byte ConfigValueType = 4;

        /// <summary>A channel status frame, bytes.</summary>
        public const int ChannelStatusLength = 20;

        /// <summary>A session status frame, bytes.</summary>
        public const int SessionStatusLength = 18;

        /// <summary>A result frame, bytes.</summary>
        public const int ResultLength = 12;

        /// <summary>A config value frame, bytes.</summary>
        public const int ConfigValueLength = 20;

        /// <summary>Frame type of a channel's morning-report line, sent on Command after a ReadReport.</summary>
        public const byte ChannelReportType = 6;

        /// <summary>Bytes of a channel's report line, header included.</summary>
        public const int ChannelReportLength = 20;

        /// <summary>The self-discharge field's value when the hold measured none.</summary>
        public const short NoSelfDischarge = short.MinValue;

        /// <summary>A temperature that was not measured (an open or shorted NTC, or none), 0.1 °C.</summary>
        public const short NoTemperature = short.MinValue;

        /// <summary>A time to finish that cannot be estimated yet, minutes.</summary>
        public const ushort NoEstimate = ushort.MaxValue;

        /// <summary>Channel flag: the relay is closed.</summary>
        public const byte RelayClosedFlag = 1;

        /// <summary>Channel flag: the INA219 answered with a fresh conversion.</summary>
        public const byte SensorValidFlag = 2;

        /// <summary>Channel flag: the channel's INA219 is calibrated.</summary>
        public const byte CalibratedFlag = 4;

        /// <summary>Channel flag: the channel only watches (the Match reference).</summary>
        public const byte MonitorFlag = 8;

        /// <summary>Channel flag: the voltage is the rested OCV, not the live voltage under charge.</summary>
        public const byte RestedFlag = 16;

        /// <summary>Channel flag: the clip check waits for the technician to confirm a deep-discharged group.</summary>
        public const byte AwaitingConfirmationFlag = 32;

        /// <summary>Session flag: the last tick was healthy.</summary>
        public const byte HealthyFlag = 1;

        /// <summary>Session flag: an emergency stop holds every relay open.</summary>
        public const byte EmergencyStoppedFlag = 2;

        /// <summary>Session flag: the alarm sounds.</summary>
        public const byte AlarmFlag = 4;

        /// <summary>Session flag: the calibration routine is collecting.</summary>
        public const byte CalibratingFlag = 8;

        /// <summary>
        /// Writes one channel's status record (<see cref="ChannelStatusLength"/> bytes) at <paramref name="offset"/>: state,
        /// flags, voltage (the rested OCV when the relay is open and one is known, else the live voltage), current,
        /// temperature, mAh, fault with its measured value, and minutes to the target.
        /// </summary>
        public static int WriteChannelStatus(byte[] buffer, int offset, int channel, ref ChannelStatus status, int faultValue, bool isCalibrated, int minutesToTarget)
        {
            var rested = !status.IsRelayClosed && status.OcvMillivolts > 0;
            var flags = (status.IsRelayClosed ? RelayClosedFlag : 0)
                | (status.IsSensorValid ? SensorValidFlag : 0)
                | (isCalibrated ? CalibratedFlag : 0)
                | (status.Mode == ChannelMode.MonitorOnly ? MonitorFlag : 0)
                | (rested ? RestedFlag : 0)
                | (status.CheckStep == CheckStep.AwaitingConfirmation ? AwaitingConfirmationFlag : 0);
            WriteHeader(buffer, offset, ChannelStatusType, ChannelStatusLength);
            buffer[offset + 3] = (byte)(((channel & 0x0F) << 4) | ((int)status.State & 0x0F));
            buffer[offset + 4] = (byte)flags;
            PutUInt16(buffer, offset + 5, rested ? status.OcvMillivolts : status.GroupMillivolts);
            PutInt16(buffer, offset + 7, status.CurrentMilliamperes);
            PutInt16(buffer, offset + 9, status.TemperatureStatus == Drivers.Ntc.NtcStatus.Ok ? status.TemperatureDeciCelsius : NoTemperature);
            PutUInt16(buffer, offset + 11, status.DeliveredMilliampereHours);
            buffer[offset + 13] = (byte)status.Fault;
            LittleEndian.PutInt32(buffer, offset + 14, faultValue);
            PutUInt16(buffer, offset + 18, minutesToTarget < 0 ? NoEstimate : minutesToTarget);
            return ChannelStatusLength;
        }

        /// <summary>Writes the session record (<see cref="SessionStatusLength"/> bytes): target, flags, board, uptime, calibrated channels.</summary>
        public static int WriteSessionStatus(byte[] buffer, int offset, BalancerStatus status, TargetMode mode, int channelCount, bool isCalibrating)
        {
            var flags = (status.IsHealthy ? HealthyFlag : 0)
                | (status.IsEmergencyStopped ? EmergencyStoppedFlag : 0)
                | (status.IsAlarmSounding ? AlarmFlag : 0)
                | (isCalibrating ? CalibratingFlag : 0);
            WriteHeader(buffer, offset, SessionStatusType, SessionStatusLength);
            buffer[offset + 3] = (byte)mode;
            PutUInt16(buffer, offset + 4, status.TargetMillivolts);
            buffer[offset + 6] = (byte)flags;
            buffer[offset + 7] = (byte)channelCount;
            PutInt16(buffer, offset + 8, status.BoardStatus == Drivers.Ntc.NtcStatus.Ok ? status.BoardDeciCelsius : NoTemperature);
            PutUInt16(buffer, offset + 10, status.SupplyMillivolts);
            LittleEndian.PutInt32(buffer, offset + 12, (int)(status.TimeMilliseconds / 1000));
            PutUInt16(buffer, offset + 16, status.CalibratedChannelMask);
            return SessionStatusLength;
        }

        /// <summary>Writes <paramref name="controller"/>'s session record as it is now: what a notification or a read of Status sends.</summary>
        public static int WriteSessionStatus(byte[] buffer, int offset, BalancerController controller) =>
            WriteSessionStatus(buffer, offset, controller.Status, (TargetMode)controller.Settings.Get(SettingId.TargetMode), controller.ChannelCount, controller.IsCalibrating);

        /// <summary>Writes one channel's record of <paramref name="controller"/> as it is now.</summary>
        public static int WriteChannelStatus(byte[] buffer, int offset, BalancerController controller, int channel)
        {
            var source = controller.Channel(channel);
            return WriteChannelStatus(buffer, offset, channel, ref controller.Status.Channels[channel], source.FaultValue, controller.IsCalibrated(channel), source.MinutesToTarget);
        }

        /// <summary>
        /// Writes one channel's morning-report line (<see cref="ChannelReportLength"/> bytes): its verdict, start and end
        /// rested voltage, charge and charge time, the self-discharge the hold measured, and its fault with the measured
        /// value. Values beyond a field's range are held at its limit.
        /// </summary>
        public static int WriteChannelReport(byte[] buffer, int offset, ref ChannelReport line)
        {
            WriteHeader(buffer, offset, ChannelReportType, ChannelReportLength);
            buffer[offset + 3] = (byte)line.Channel;
            buffer[offset + 4] = (byte)line.Verdict;
            PutUInt16(buffer, offset + 5, line.StartOcvMillivolts);
            PutUInt16(buffer, offset + 7, line.EndOcvMillivolts);
            PutUInt16(buffer, offset + 9, line.DeliveredMilliampereHours);
            PutUInt16(buffer, offset + 11, line.ChargeSeconds / 60);
            PutInt16(buffer, offset + 13, line.HasSelfDischarge ? (line.SelfDischargeMicrovoltsPerHour <= NoSelfDischarge ? NoSelfDischarge + 1 : line.SelfDischargeMicrovoltsPerHour) : NoSelfDischarge);
            buffer[offset + 15] = (byte)line.Fault;
            LittleEndian.PutInt32(buffer, offset + 16, line.FaultValue);
            return ChannelReportLength;
        }

        /// <summary>Writes a queued command's result (<see cref="ResultLength"/> bytes): its ticket, its opcode and the result.</summary>
        public static int WriteResult(byte[] buffer, int offset, int ticket, int opcode, int result)
        {
            WriteHeader(buffer, offset, ResultType, ResultLength);
            LittleEndian.PutInt32(buffer, offset + 3, ticket);
            buffer[offset + 7] = (byte)opcode;
            LittleEndian.PutInt32(buffer, offset + 8, result);
            return ResultLength;
        }

        /// <summary>Writes one setting (<see cref="ConfigValueLength"/> bytes): its id, value, minimum, maximum and default.</summary>
        public static int WriteConfigValue(byte[] buffer, int offset, SettingId id, int value)
        {
            WriteHeader(buffer, offset, ConfigValueType, ConfigValueLength);
            buffer[offset + 3] = (byte)id;
            LittleEndian.PutInt32(buffer, offset + 4, value);
            LittleEndian.PutInt32(buffer, offset + 8, BalancerSettings.MinimumOf(id));
            LittleEndian.PutInt32(buffer, offset + 12, BalancerSettings.MaximumOf(id));
            LittleEndian.PutInt32(buffer, offset + 16, BalancerSettings.DefaultOf(id));
            return ConfigValueLength;
        }

        private static void WriteHeader(byte[] buffer, int offset, byte type, int frameLength)
        {
            buffer[offset] = Version;
            buffer[offset + 1] = type;
            buffer[offset + 2] = (byte)(frameLength - HeaderLength);
        }

        /// <summary>Kept to 0–65 535.</summary>
        private static void PutUInt16(byte[] buffer, int at, int value)
        {
            value = value < 0 ? 0 : value > ushort.MaxValue ? ushort.MaxValue : value;
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
        }

        /// <summary>Kept to −32 768…32 767.</summary>
        private static void PutInt16(byte[] buffer, int at, int value)
        {
            value = value < short.MinValue ? short.MinValue : value > short.MaxValue ? short.MaxValue : value;
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
        }
    }
}
