// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Balancer.Core.Settings;

namespace Balancer.Core.Log
{
    /// <summary>How a session in the log ended.</summary>
    public enum SessionEnding
    {
        /// <summary>Its end record is there: no charging channel was working any more.</summary>
        Ended = 0,

        /// <summary>A boot followed it before its end: the power went, or the adapter restarted.</summary>
        Interrupted = 1,

        /// <summary>The log stops inside it: still running when the log was read (or cut off by the power at the very end).</summary>
        Open = 2,

        /// <summary>Another session began before its end record: the end was lost (the record queue was full).</summary>
        EndLost = 3,
    }

    /// <summary>
    /// Reads the log back a session at a time: each channel's last account (its last checkpoint, or its end), its
    /// calibration, the target and the leaky threshold the session ran with, and how it ended. What the boot uses to
    /// report an interrupted session, and what the host's <c>report</c> turns into the morning report. Preallocated for
    /// <paramref name="channels"/> channels; reading allocates nothing.
    /// </summary>
    public sealed class SessionReader
    {
        private readonly RecoveryLog _log;
        private bool _isStartPending;
        private bool _isAtLogStart = true;

        /// <summary>A reader over <paramref name="log"/> (opened) for sessions of up to <paramref name="channels"/> channels.</summary>
        public SessionReader(RecoveryLog log, int channels)
        {
            _log = log;
            Accounts = new ChannelAccount[channels];
            HasAccount = new bool[channels];
            IsCalibrated = new bool[channels];
            AccountMilliseconds = new long[channels];
            for (var i = 0; i < channels; i++)
            {
                Accounts[i] = new ChannelAccount();
            }
        }

        /// <summary>Each channel's last account in the session.</summary>
        public ChannelAccount[] Accounts { get; }

        /// <summary>Whether the channel was started in the session: its account is the last one logged, or Checking before the first.</summary>
        public bool[] HasAccount { get; }

        /// <summary>Whether the channel's INA219 was calibrated when it started.</summary>
        public bool[] IsCalibrated { get; }

        /// <summary>When each channel's last account was taken, ms since its boot.</summary>
        public long[] AccountMilliseconds { get; }

        /// <summary>The session's first record's sequence number: its id in the log.</summary>
        public uint Session { get; private set; }

        /// <summary>Channels the board had.</summary>
        public int ChannelCount { get; private set; }

        /// <summary>When the session began and its last record, ms since the boot it ran under.</summary>
        public long StartMilliseconds { get; private set; }

        /// <summary>The time of the session's last record, ms since the boot it ran under.</summary>
        public long LastMilliseconds { get; private set; }

        /// <summary>How it ended.</summary>
        public SessionEnding Ending { get; private set; }

        /// <summary>
        /// Whether its start is no longer in the log: a session so long that the log's files turned twice during it. The
        /// log then begins inside it; its accounts are there, its settings and target are not.
        /// </summary>
        public bool IsStartLost { get; private set; }

        /// <summary>The target mode it started with.</summary>
        public TargetMode TargetMode { get; private set; }

        /// <summary>The target, mV, when one was known at the start or set later (0 otherwise).</summary>
        public int TargetMillivolts { get; private set; }

        /// <summary>The leaky threshold it ran with, µV/h.</summary>
        public int LeakyMicrovoltsPerHour { get; private set; }

        /// <summary>Faults latched during the session.</summary>
        public int FaultCount { get; private set; }

        /// <summary>Records lost to a full queue during the session.</summary>
        public int LostRecords { get; private set; }

        /// <summary>Starts again from the oldest record.</summary>
        public void Rewind()
        {
            _log.Rewind();
            _isStartPending = false;
            _isAtLogStart = true;
        }

        /// <summary>Reads the next session; false, leaving the last one read in place, when there is none.</summary>
        public bool TryReadNext()
        {
            var record = _log.Record;
            if (_isStartPending)
            {
                _isStartPending = false;
                Begin(record);
            }
            else
            {
                while (true)
                {
                    if (!_log.TryReadNext())
                    {
                        return false;
                    }

                    record = _log.Record;
                    var isFirst = _isAtLogStart;
                    _isAtLogStart = false;
                    if (record.Type == (byte)LogRecordType.SessionStart)
                    {
                        Begin(record);
                        break;
                    }

                    if (isFirst && IsInsideSession(record.Type))
                    {
                        BeginWithoutStart(record);
                        Take(record);
                        break;
                    }
                }
            }

            while (_log.TryReadNext())
            {
                record = _log.Record;
                switch ((LogRecordType)record.Type)
                {
                    case LogRecordType.SessionEnd:
                        Ending = SessionEnding.Ended;
                        LastMilliseconds = record.TimeMilliseconds;
                        return true;

                    case LogRecordType.Boot:
                        Ending = SessionEnding.Interrupted;
                        return true;

                    case LogRecordType.SessionStart:
                        Ending = SessionEnding.EndLost;
                        _isStartPending = true;
                        return true;
                }

                LastMilliseconds = record.TimeMilliseconds;
                Take(record);
            }

            Ending = SessionEnding.Open;
            return true;
        }

        /// <summary>Reads every session and keeps the last; false when the log has none.</summary>
        public bool TryReadLast()
        {
            Rewind();
            var found = false;
            while (TryReadNext())
            {
                found = true;
            }

            return found;
        }

        private static bool IsInsideSession(byte type) =>
            type == (byte)LogRecordType.ChannelStart || type == (byte)LogRecordType.Checkpoint || type == (byte)LogRecordType.Event
            || type == (byte)LogRecordType.ChannelEnd || type == (byte)LogRecordType.RecordsLost;

        /// <summary>The log begins inside a session whose start it no longer holds.</summary>
        private void BeginWithoutStart(RecordLog record)
        {
            Reset(record);
            IsStartLost = true;
            ChannelCount = Accounts.Length;
            TargetMode = TargetMode.TopOff;
            TargetMillivolts = 0;
            LeakyMicrovoltsPerHour = BalancerSettings.DefaultOf(SettingId.LeakyMicrovoltsPerHour);
        }

        private void Reset(RecordLog record)
        {
            for (var i = 0; i < HasAccount.Length; i++)
            {
                HasAccount[i] = false;
                IsCalibrated[i] = false;
                AccountMilliseconds[i] = 0;
            }

            Session = record.Sequence;
            StartMilliseconds = record.TimeMilliseconds;
            LastMilliseconds = record.TimeMilliseconds;
            FaultCount = 0;
            LostRecords = 0;
            IsStartLost = false;
        }

        private void Begin(RecordLog record)
        {
            var payload = record.Payload;
            var at = record.PayloadOffset;
            Reset(record);
            ChannelCount = payload[at];
            TargetMode = (TargetMode)payload[at + 1];
            TargetMillivolts = payload[at + 2] != 0 ? LittleEndian.GetInt32(payload, at + 3) : 0;
            var leaky = (int)SettingId.LeakyMicrovoltsPerHour;
            LeakyMicrovoltsPerHour = record.PayloadLength >= 12 + (leaky * 4) && payload[at + 11] >= leaky
                ? LittleEndian.GetInt32(payload, at + 12 + ((leaky - 1) * 4))
                : BalancerSettings.DefaultOf(SettingId.LeakyMicrovoltsPerHour);
        }

        private void Take(RecordLog record)
        {
            var payload = record.Payload;
            var at = record.PayloadOffset;
            switch ((LogRecordType)record.Type)
            {
                case LogRecordType.ChannelStart:
                    if (record.PayloadLength >= 3 && payload[at] < HasAccount.Length && payload[at + 1] <= (byte)ChannelMode.MonitorOnly)
                    {
                        // Started: checking its clip until its first account comes.
                        var started = payload[at];
                        IsCalibrated[started] = payload[at + 2] != 0;
                        Accounts[started].Clear(ChannelState.Checking, (ChannelMode)payload[at + 1]);
                        HasAccount[started] = true;
                        AccountMilliseconds[started] = record.TimeMilliseconds;
                    }

                    break;

                case LogRecordType.Checkpoint:
                case LogRecordType.ChannelEnd:
                    var channel = payload[at];
                    if (record.PayloadLength == 1 + ChannelAccount.RecordLength && channel < HasAccount.Length
                        && Accounts[channel].TryRead(payload, at + 1))
                    {
                        HasAccount[channel] = true;
                        AccountMilliseconds[channel] = record.TimeMilliseconds;
                    }

                    break;

                case LogRecordType.Event:
                    if (record.PayloadLength >= 15)
                    {
                        var kind = payload[at];
                        if (kind == (byte)Events.EventKind.FaultLatched)
                        {
                            FaultCount++;
                        }
                        else if (kind == (byte)Events.EventKind.TargetSet)
                        {
                            TargetMillivolts = LittleEndian.GetInt32(payload, at + 7);
                        }
                    }

                    break;

                case LogRecordType.RecordsLost:
                    if (record.PayloadLength >= 4)
                    {
                        LostRecords += LittleEndian.GetInt32(payload, at);
                    }

                    break;
            }
        }
    }
}
