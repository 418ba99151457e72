// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Balancer.Core.Log;
using Balancer.Core.Reporting;
using Balancer.Core.Settings;

namespace Balancer.Core.Protocol
{
    /// <summary>Command opcodes, written to the Command characteristic (docs/protocol.md). Fixed values.</summary>
    public enum CommandOpcode
    {
        /// <summary>Start a channel: channel u8.</summary>
        Start = 0x01,

        /// <summary>Stop a channel: channel u8.</summary>
        Stop = 0x02,

        /// <summary>Start every idle or finished channel: no payload.</summary>
        StartAll = 0x03,

        /// <summary>Stop every channel: no payload.</summary>
        StopAll = 0x04,

        /// <summary>Clear a channel's latched fault: channel u8.</summary>
        ClearFault = 0x05,

        /// <summary>Confirm charging a deep-discharged group: channel u8.</summary>
        ConfirmDeepDischarge = 0x06,

        /// <summary>Make a channel charge (0) or watch (1): channel u8, mode u8.</summary>
        SetMode = 0x07,

        /// <summary>Start a session: target mode u8, its value u16 (mV for MatchValue, the reference channel for MatchReference, else 0).</summary>
        StartSession = 0x08,

        /// <summary>Begin the cross-calibration: no payload.</summary>
        BeginCalibration = 0x09,

        /// <summary>Finish it with the reference cell's voltage from a meter: mV u16.</summary>
        FinishCalibration = 0x0A,

        /// <summary>Set the pairing passkey for the next pairing: u32, 0–999 999.</summary>
        SetPasskey = 0x0B,

        /// <summary>Page the recovery log out on the Log characteristic from a byte offset: u32 (0: the oldest record).</summary>
        ReadLog = 0x0C,

        /// <summary>
        /// Send every channel's morning-report line (a Channel report frame each) on Command, as the accounts stand now. No
        /// payload; answered at once (no Result).
        /// </summary>
        ReadReport = 0x0D,

        /// <summary>Set a setting (Config characteristic): id u8, value i32.</summary>
        ConfigSet = 0x20,

        /// <summary>Choose the setting the next Config read returns (Config characteristic): id u8.</summary>
        ConfigSelect = 0x21,
    }

    /// <summary>
    /// Validates every write to the Command, Config and EmergencyStop characteristics and turns the good ones into queued
    /// commands (docs/protocol.md). Runs on the BLE thread (or the simulator's socket thread): it never changes the control
    /// loop's state, only its command queue, the emergency-stop request and its own fields; after a ReadReport it reads the
    /// channels' accounts as the loop left them (<see cref="TryNextReport"/>). A refused write is answered
    /// with its <see cref="ProtocolError"/> and changes nothing; no exception leaves it, whatever the bytes. Nothing is
    /// allocated per write.
    /// </summary>
    public sealed class CommandHandler
    {
        /// <summary>The largest passkey (six digits, as BLE passkey entry shows them).</summary>
        public const int MaximumPasskey = 999_999;

        /// <summary>Queued commands whose results are still to be reported, at most (the queue's size).</summary>
        public const int PendingResults = CommandQueue.Capacity;

        private readonly BalancerController _controller;
        private readonly object _sync = new object();
        private readonly int[] _pendingTickets = new int[PendingResults];
        private readonly int[] _pendingOpcodes = new int[PendingResults];
        private int _nextPending;
        private int _nextReport = -1;

        /// <summary>Handles writes for <paramref name="controller"/>; <paramref name="passkey"/> is the device's until changed.</summary>
        public CommandHandler(BalancerController controller, int passkey)
        {
            _controller = controller;
            Passkey = passkey < 0 || passkey > MaximumPasskey ? 0 : passkey;
            SelectedSetting = SettingId.TargetMode;
        }

        /// <summary>The passkey the next pairing asks for.</summary>
        public int Passkey { get; private set; }

        /// <summary>The recovery log's pager, which ReadLog starts; null on an adapter that keeps no log.</summary>
        public LogPager Log { get; set; }

        /// <summary>The setting a Config read returns.</summary>
        public SettingId SelectedSetting { get; private set; }

        /// <summary>The ticket of the last queued command (0 before any): its result comes back in a Result frame.</summary>
        public int LastTicket { get; private set; }

        /// <summary>The opcode of the last queued command.</summary>
        public CommandOpcode LastOpcode { get; private set; }

        /// <summary>
        /// The EmergencyStop characteristic: any write, of any length and content, from any client, stops every channel.
        /// A stop is never refused.
        /// </summary>
        public ProtocolError HandleEmergencyStop()
        {
            _controller.RequestEmergencyStop();
            return ProtocolError.Ok;
        }

        /// <summary>A write of <paramref name="length"/> bytes to the Command characteristic, over a link that is or is not authenticated.</summary>
        public ProtocolError HandleCommand(byte[] frame, int length, bool isAuthenticated)
        {
            var error = CheckHeader(frame, length);
            if (error != ProtocolError.Ok)
            {
                return error;
            }

            var opcode = frame[1];
            var payload = length - ProtocolFrames.HeaderLength;
            if (opcode == (int)CommandOpcode.ConfigSet || opcode == (int)CommandOpcode.ConfigSelect)
            {
                return ProtocolError.WrongCharacteristic;
            }

            var expected = PayloadLengthOf(opcode);
            if (expected < 0)
            {
                return ProtocolError.UnknownOpcode;
            }

            if (!isAuthenticated)
            {
                return ProtocolError.NotAuthenticated;
            }

            if (payload != expected)
            {
                return ProtocolError.BadLength;
            }

            var channel = payload > 0 ? frame[3] : 0;
            switch ((CommandOpcode)opcode)
            {
                case CommandOpcode.Start:
                    return IsChannel(channel) ? Enqueue(CommandOpcode.Start, QueuedCommand.Start, channel, 0, 0) : ProtocolError.UnknownChannel;
                case CommandOpcode.Stop:
                    return IsChannel(channel) ? Enqueue(CommandOpcode.Stop, QueuedCommand.Stop, channel, 0, 0) : ProtocolError.UnknownChannel;
                case CommandOpcode.StartAll:
                    return Enqueue(CommandOpcode.StartAll, QueuedCommand.StartAll, 0, 0, 0);
                case CommandOpcode.StopAll:
                    return Enqueue(CommandOpcode.StopAll, QueuedCommand.StopAll, 0, 0, 0);
                case CommandOpcode.ClearFault:
                    return IsChannel(channel) ? Enqueue(CommandOpcode.ClearFault, QueuedCommand.ClearFault, channel, 0, 0) : ProtocolError.UnknownChannel;
                case CommandOpcode.ConfirmDeepDischarge:
                    return IsChannel(channel) ? Enqueue(CommandOpcode.ConfirmDeepDischarge, QueuedCommand.ConfirmDeepDischarge, channel, 0, 0) : ProtocolError.UnknownChannel;
                case CommandOpcode.SetMode:
                    if (!IsChannel(channel))
                    {
                        return ProtocolError.UnknownChannel;
                    }

                    return frame[4] > (int)ChannelMode.MonitorOnly ? ProtocolError.OutOfRange : Enqueue(CommandOpcode.SetMode, QueuedCommand.SetMode, channel, frame[4], 0);
                case CommandOpcode.StartSession:
                    return StartSession(frame[3], LittleEndian.GetUInt16(frame, 4));
                case CommandOpcode.BeginCalibration:
                    return Enqueue(CommandOpcode.BeginCalibration, QueuedCommand.BeginCalibration, 0, 0, 0);
                case CommandOpcode.FinishCalibration:
                    var reference = LittleEndian.GetUInt16(frame, 3);
                    return reference < CalibrationRoutine.MinimumReferenceMillivolts || reference > CalibrationRoutine.MaximumReferenceMillivolts
                        ? ProtocolError.OutOfRange
                        : Enqueue(CommandOpcode.FinishCalibration, QueuedCommand.FinishCalibration, 0, reference, 0);
                case CommandOpcode.ReadLog:
                    var offset = LittleEndian.GetInt32(frame, 3);
                    if (offset < 0)
                    {
                        return ProtocolError.OutOfRange;
                    }

                    if (Log == null)
                    {
                        return ProtocolError.NoLog;
                    }

                    Log.Start(offset);
                    return ProtocolError.Ok;
                case CommandOpcode.ReadReport:
                    lock (_sync)
                    {
                        _nextReport = 0;
                    }

                    return ProtocolError.Ok;
                default: // SetPasskey: the only opcode left with a payload of 4.
                    var passkey = LittleEndian.GetInt32(frame, 3);
                    if (passkey < 0 || passkey > MaximumPasskey)
                    {
                        return ProtocolError.OutOfRange;
                    }

                    Passkey = passkey;
                    return ProtocolError.Ok;
            }
        }

        /// <summary>A write of <paramref name="length"/> bytes to the Config characteristic.</summary>
        public ProtocolError HandleConfig(byte[] frame, int length, bool isAuthenticated)
        {
            var error = CheckHeader(frame, length);
            if (error != ProtocolError.Ok)
            {
                return error;
            }

            var opcode = frame[1];
            var payload = length - ProtocolFrames.HeaderLength;
            if (opcode != (int)CommandOpcode.ConfigSet && opcode != (int)CommandOpcode.ConfigSelect)
            {
                return PayloadLengthOf(opcode) >= 0 ? ProtocolError.WrongCharacteristic : ProtocolError.UnknownOpcode;
            }

            if (!isAuthenticated)
            {
                return ProtocolError.NotAuthenticated;
            }

            if (opcode == (int)CommandOpcode.ConfigSelect)
            {
                if (payload != 1)
                {
                    return ProtocolError.BadLength;
                }

                if (!BalancerSettings.IsDefined((SettingId)frame[3]))
                {
                    return ProtocolError.UnknownSetting;
                }

                SelectedSetting = (SettingId)frame[3];
                return ProtocolError.Ok;
            }

            if (payload != 5)
            {
                return ProtocolError.BadLength;
            }

            var id = (SettingId)frame[3];
            if (!BalancerSettings.IsDefined(id))
            {
                return ProtocolError.UnknownSetting;
            }

            var value = LittleEndian.GetInt32(frame, 4);
            if (value < BalancerSettings.MinimumOf(id) || value > BalancerSettings.MaximumOf(id))
            {
                return ProtocolError.OutOfRange;
            }

            return Enqueue(CommandOpcode.ConfigSet, QueuedCommand.SetSetting, 0, (int)id, value);
        }

        /// <summary>
        /// Takes one queued command whose result the loop has recorded, oldest slot first: its ticket, opcode and result,
        /// for a Result frame. False when none is done yet. Each result is given once.
        /// </summary>
        public bool TryTakeResult(out int ticket, out int opcode, out int result)
        {
            lock (_sync)
            {
                for (var i = 0; i < PendingResults; i++)
                {
                    var slot = (_nextPending + i) % PendingResults;
                    if (_pendingTickets[slot] != 0 && _controller.Commands.TryGetResult(_pendingTickets[slot], out result))
                    {
                        ticket = _pendingTickets[slot];
                        opcode = _pendingOpcodes[slot];
                        _pendingTickets[slot] = 0;
                        return true;
                    }
                }
            }

            ticket = 0;
            opcode = 0;
            result = 0;
            return false;
        }

        /// <summary>
        /// After a ReadReport, writes the next channel's report line (<see cref="ProtocolFrames.ChannelReportLength"/> bytes)
        /// into <paramref name="buffer"/>, from its account as the last tick left it (read under
        /// <see cref="BalancerController.TickSync"/>, so never half of two ticks); false once every channel's was given. Allocates nothing when no report was asked for.
        /// </summary>
        public bool TryNextReport(byte[] buffer)
        {
            lock (_sync)
            {
                if (_nextReport < 0 || _nextReport >= _controller.ChannelCount)
                {
                    _nextReport = -1;
                    return false;
                }

                WriteReportLine(_nextReport++, buffer);
                return true;
            }
        }

        /// <summary>
        /// One report line. Its own method, so the report's struct (a heap object on nanoCLR, made at every entry of a method
        /// that has it as a local) is made only when a line is asked for, and the handler keeps none for good.
        /// </summary>
        private void WriteReportLine(int channel, byte[] buffer)
        {
            var line = default(ChannelReport);
            lock (_controller.TickSync)
            {
                MorningReport.FillLine(_controller, channel, ref line);
            }

            ProtocolFrames.WriteChannelReport(buffer, 0, ref line);
        }

        /// <summary>The payload length an opcode of the Command characteristic takes, or −1 for an unknown opcode.</summary>
        public static int PayloadLengthOf(int opcode)
        {
            switch (opcode)
            {
                case (int)CommandOpcode.StartAll:
                case (int)CommandOpcode.StopAll:
                case (int)CommandOpcode.BeginCalibration:
                case (int)CommandOpcode.ReadReport:
                    return 0;
                case (int)CommandOpcode.Start:
                case (int)CommandOpcode.Stop:
                case (int)CommandOpcode.ClearFault:
                case (int)CommandOpcode.ConfirmDeepDischarge:
                    return 1;
                case (int)CommandOpcode.SetMode:
                case (int)CommandOpcode.FinishCalibration:
                    return 2;
                case (int)CommandOpcode.StartSession:
                    return 3;
                case (int)CommandOpcode.SetPasskey:
                case (int)CommandOpcode.ReadLog:
                    return 4;
                default:
                    return -1;
            }
        }

        private static ProtocolError CheckHeader(byte[] frame, int length)
        {
            if (frame == null || length < ProtocolFrames.HeaderLength || length > frame.Length)
            {
                return ProtocolError.BadLength;
            }

            if (frame[0] != ProtocolFrames.Version)
            {
                return ProtocolError.BadVersion;
            }

            return frame[2] != length - ProtocolFrames.HeaderLength ? ProtocolError.BadLength : ProtocolError.Ok;
        }

        private ProtocolError StartSession(int mode, int value)
        {
            if (mode > (int)TargetMode.MatchHighest)
            {
                return ProtocolError.OutOfRange;
            }

            if (mode == (int)TargetMode.MatchValue
                && (value < BalancerSettings.MinimumOf(SettingId.TargetMillivolts) || value > BalancerSettings.MaximumOf(SettingId.TargetMillivolts)))
            {
                return ProtocolError.OutOfRange;
            }

            if (mode == (int)TargetMode.MatchReference && !IsChannel(value))
            {
                return ProtocolError.UnknownChannel;
            }

            if ((mode == (int)TargetMode.TopOff || mode == (int)TargetMode.MatchHighest) && value != 0)
            {
                return ProtocolError.OutOfRange;
            }

            return Enqueue(CommandOpcode.StartSession, QueuedCommand.StartSession, 0, mode, value);
        }

        private bool IsChannel(int channel) => channel >= 0 && channel < _controller.ChannelCount;

        private ProtocolError Enqueue(CommandOpcode opcode, QueuedCommand command, int channel, int value, int argument)
        {
            lock (_sync)
            {
                if (_controller.Commands.TryEnqueue(command, channel, value, argument, out var ticket) != CommandResult.Ok)
                {
                    return ProtocolError.QueueFull;
                }

                LastTicket = ticket;
                LastOpcode = opcode;
                _pendingTickets[_nextPending] = ticket;
                _pendingOpcodes[_nextPending] = (int)opcode;
                _nextPending = (_nextPending + 1) % PendingResults;
                return ProtocolError.Ok;
            }
        }
    }
}
