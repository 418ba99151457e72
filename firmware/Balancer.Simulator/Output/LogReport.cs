// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Guardrails;
using Balancer.Core.Log;
using Balancer.Core.Reporting;
using Balancer.Simulator.Storage;
using static System.FormattableString;

namespace Balancer.Simulator.Output
{
    /// <summary>
    /// A recovery log read back on the host, from a board or from the simulator (the same format): every record, and every
    /// session's morning report built by the firmware's own reader and verdicts (docs/recovery-log.md).
    /// </summary>
    public sealed record LogReport
    {
        private static readonly JsonSerializerOptions Json = new()
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter() },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            IncludeFields = true,
        };

        /// <summary>Bytes in the file.</summary>
        public long Bytes { get; init; }

        /// <summary>Bytes at the end that held no whole record (a write the power cut).</summary>
        public long TornTailBytes { get; init; }

        /// <summary>Corrupt records stepped over in the middle.</summary>
        public int CorruptRecords { get; init; }

        /// <summary>Every whole record, in order.</summary>
        public IReadOnlyList<LogEntry> Records { get; init; } = [];

        /// <summary>Every session, in order.</summary>
        public IReadOnlyList<LoggedSession> Sessions { get; init; } = [];

        /// <summary>Reads a log's bytes; throws <see cref="FormatException"/> when they hold no record at all.</summary>
        public static LogReport Read(byte[] bytes, int channels = BalancerController.MaxChannels)
        {
            var file = new FlashFileEmulator();
            file.Bytes.AddRange(bytes);
            var log = new RecoveryLog(file, new FlashFileEmulator(), long.MaxValue);
            log.Open();
            var records = new List<LogEntry>();
            while (log.TryReadNext())
            {
                records.Add(LogEntry.From(log.Record));
            }

            if (records.Count == 0)
            {
                throw new FormatException(bytes.Length == 0 ? "the file is empty" : $"no whole record in {bytes.Length} bytes: not a recovery log");
            }

            var sessions = new List<LoggedSession>();
            var reader = new SessionReader(log, channels);
            reader.Rewind();
            while (reader.TryReadNext())
            {
                sessions.Add(LoggedSession.From(reader, reader.Ending));
            }

            return new LogReport
            {
                Bytes = bytes.Length,
                TornTailBytes = log.TornTailBytes,
                CorruptRecords = log.CorruptRecords,
                Records = records,
                Sessions = sessions,
            };
        }

        /// <summary>The records and sessions as JSON.</summary>
        public string ToJson() => JsonSerializer.Serialize(this, Json);

        /// <summary>One row per record.</summary>
        public string ToCsv()
        {
            var csv = new StringBuilder("sequence,time_ms,type,channel,text\n");
            foreach (var r in Records)
            {
                csv.Append(Invariant($"{r.Sequence},{r.TimeMilliseconds},{r.Type},{(r.Channel is int c ? c.ToString(CultureInfo.InvariantCulture) : string.Empty)},\"{r.Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n"));
            }

            return csv.ToString();
        }

        /// <summary>The morning report of every session in the log, newest last, in Markdown.</summary>
        public string ToMarkdown()
        {
            var text = new StringBuilder("# Recovery log\n\n");
            text.AppendLine(Invariant($"{Records.Count} records in {Bytes} bytes, {Sessions.Count} session{(Sessions.Count == 1 ? string.Empty : "s")}, {Records.Count(r => r.Type == LogRecordType.Boot)} boots."));
            if (TornTailBytes > 0 || CorruptRecords > 0)
            {
                text.AppendLine(Invariant($"Damage: {CorruptRecords} corrupt record{(CorruptRecords == 1 ? string.Empty : "s")} stepped over, {TornTailBytes} bytes of a torn last write dropped; every whole record is kept."));
            }

            foreach (var s in Sessions)
            {
                text.AppendLine();
                text.AppendLine(Invariant($"## Session {s.Session}: {Ending(s.Ending)}{(s.IsStartLost ? "; its start is no longer in the log (it outlived both of the log's files), so its settings and target are not known" : string.Empty)}"));
                text.AppendLine();
                text.AppendLine(Invariant($"{s.TargetMode}, target {(s.TargetMillivolts > 0 ? s.TargetMillivolts + " mV" : "none known")}; ran {ReportFiles.Duration((s.LastMilliseconds - s.StartMilliseconds) / 1000.0)} by its last record; {s.FaultCount} fault{(s.FaultCount == 1 ? string.Empty : "s")}{(s.LostRecords > 0 ? Invariant($"; {s.LostRecords} records lost to a full queue") : string.Empty)}."));
                text.AppendLine();
                text.AppendLine("| ch | verdict | start OCV | end OCV | mAh | charge time | peak °C | pauses | self-discharge | contact | account |");
                text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
                for (var k = 0; k < s.Lines.Count; k++)
                {
                    var l = s.Lines[k];
                    var peak = l.HasPeakTemperature ? (l.PeakDeciCelsius / 10.0).ToString("0.0", CultureInfo.InvariantCulture) : "—";
                    var leak = l.HasSelfDischarge ? Invariant($"{l.SelfDischargeMicrovoltsPerHour / 1000.0:0.00} ± {l.SelfDischargeUncertaintyMicrovoltsPerHour / 1000.0:0.00} mV/h") : "—";
                    var contact = l.SeriesResistanceMicroohms > 0 ? Invariant($"{l.SeriesResistanceMicroohms / 1000.0:0} mΩ") : "—";
                    text.AppendLine(Invariant(
                        $"| {l.Channel} | {SessionReport.VerdictText(l)}{(l.IsCalibrated ? string.Empty : " (channel not calibrated)")} | {Mv(l.StartOcvMillivolts)} | {Mv(l.EndOcvMillivolts)} | {l.DeliveredMilliampereHours} | {ReportFiles.Duration(l.ChargeSeconds)} | {peak} | {l.PauseCount} | {leak} | {contact} | {ReportFiles.Duration((s.AccountMilliseconds[k] - s.StartMilliseconds) / 1000.0)} in |"));
                }
            }

            return text.ToString();
        }

        private static string Mv(int millivolts) => millivolts > 0 ? Invariant($"{millivolts} mV") : "—";

        private static string Ending(SessionEnding ending) => ending switch
        {
            SessionEnding.Ended => "ended",
            SessionEnding.Interrupted => "interrupted by a power loss or restart (nothing resumed by itself)",
            SessionEnding.EndLost => "its end record was lost (a full queue); the next session began",
            _ => "still open when the log was read",
        };
    }

    /// <summary>One record of a recovery log, decoded.</summary>
    /// <param name="Sequence">Its sequence number.</param>
    /// <param name="TimeMilliseconds">Its time, ms since the boot it was written under.</param>
    /// <param name="Type">What it holds.</param>
    /// <param name="Channel">The channel it is about, if any.</param>
    /// <param name="Text">What it says, in words.</param>
    public sealed record LogEntry(uint Sequence, long TimeMilliseconds, LogRecordType Type, int? Channel, string Text)
    {
        /// <summary>The record the log has just read.</summary>
        public static LogEntry From(RecordLog r)
        {
            var p = r.Payload;
            var at = r.PayloadOffset;
            var n = r.PayloadLength;
            var type = (LogRecordType)r.Type;
            switch (type)
            {
                case LogRecordType.Boot when n >= 16:
                    var unfinished = p[at + 3] != 0 ? Invariant($"; found session {(uint)LittleEndian.GetInt32(p, at + 12)} unfinished") : string.Empty;
                    return new(r.Sequence, r.TimeMilliseconds, type, null, Invariant($"boot: {p[at + 1]} channels, settings {(SettingsLoad)p[at + 2]}{unfinished}; {LittleEndian.GetInt32(p, at + 4)} torn bytes cut, {LittleEndian.GetInt32(p, at + 8)} corrupt records"));
                case LogRecordType.SessionStart when n >= 12:
                    return new(r.Sequence, r.TimeMilliseconds, type, null, Invariant($"session start: {p[at]} channels, {(Core.Settings.TargetMode)p[at + 1]}{(p[at + 2] != 0 ? Invariant($", target {LittleEndian.GetInt32(p, at + 3)} mV") : string.Empty)}, relaxation {LittleEndian.GetInt32(p, at + 7)} ‰, {p[at + 11]} settings"));
                case LogRecordType.ChannelStart when n >= 15:
                    return new(r.Sequence, r.TimeMilliseconds, type, p[at], Invariant($"channel start: {(ChannelMode)p[at + 1]}, {(p[at + 2] != 0 ? Invariant($"calibrated (gain {LittleEndian.GetInt32(p, at + 3) / 1e6:0.000000}, offset {LittleEndian.GetInt32(p, at + 7)} mV, {LittleEndian.GetInt32(p, at + 11)} µA)") : "not calibrated")}"));
                case LogRecordType.Checkpoint or LogRecordType.ChannelEnd when n == 1 + ChannelAccount.RecordLength:
                    var account = new ChannelAccount();
                    if (account.TryRead(p, at + 1))
                    {
                        var mah = account.DeliveredMicroampereMilliseconds / (double)ChannelAccount.MicroampereMillisecondsPerMilliampereHour;
                        var fault = account.Fault != FaultCode.None ? Invariant($", fault {account.Fault} ({account.FaultValue} against {account.FaultThreshold})") : string.Empty;
                        return new(r.Sequence, r.TimeMilliseconds, type, p[at], Invariant($"{(type == LogRecordType.Checkpoint ? "checkpoint" : "channel end")}: {account.State}, {mah:0} mAh in {account.ChargeMilliseconds / 1000} s, OCV {(account.HasOcv ? account.OcvMillivolts + " mV" : "—")}{fault}"));
                    }

                    break;
                case LogRecordType.Event when n >= 15:
                    var e = new BalancerEvent
                    {
                        Kind = (EventKind)p[at],
                        Channel = (sbyte)p[at + 1],
                        From = (ChannelState)p[at + 2],
                        To = (ChannelState)p[at + 3],
                        Reason = (TransitionReason)p[at + 4],
                        Fault = (FaultCode)p[at + 5],
                        Guardrail = (GuardrailId)p[at + 6],
                        Value = LittleEndian.GetInt32(p, at + 7),
                        Threshold = LittleEndian.GetInt32(p, at + 11),
                    };
                    return new(r.Sequence, r.TimeMilliseconds, type, e.Channel >= 0 ? e.Channel : null, EventText.Describe(new SimulationEvent(r.TimeMilliseconds, e, null)));
                case LogRecordType.SessionEnd:
                    return new(r.Sequence, r.TimeMilliseconds, type, null, "session end");
                case LogRecordType.RecordsLost when n >= 4:
                    return new(r.Sequence, r.TimeMilliseconds, type, null, Invariant($"{LittleEndian.GetInt32(p, at)} records lost: the queue was full"));
            }

            return new(r.Sequence, r.TimeMilliseconds, type, null, Invariant($"record of type {r.Type}, {n} bytes, not understood"));
        }
    }
}
