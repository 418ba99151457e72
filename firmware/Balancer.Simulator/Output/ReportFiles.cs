// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Balancer.Core;

namespace Balancer.Simulator.Output
{
    /// <summary>Writes a session's files: report.md, report.json, events.csv, timeseries.csv, plot.svg.</summary>
    public static class ReportFiles
    {
        private static readonly JsonSerializerOptions Json = new()
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter() },
        };

        /// <summary>The report as report.json holds it.</summary>
        public static string ToJson(SessionReport report) => JsonSerializer.Serialize(report, Json);

        /// <summary>Writes every file into the folder (created if needed); returns their paths.</summary>
        public static IReadOnlyList<string> Write(string folder, Simulation simulation, SessionReport report)
        {
            Directory.CreateDirectory(folder);
            var files = new List<string>
            {
                Save(folder, "report.md", Markdown(report)),
                Save(folder, "report.json", ToJson(report) + "\n"),
                Save(folder, "events.csv", Events(simulation.Events)),
                Save(folder, "timeseries.csv", Series(simulation.Series)),
                Save(folder, "plot.svg", SvgPlot.Render(report.Scenario, simulation.Series, report.TargetMillivolts)),
            };
            if (simulation.Board.Flash != null)
            {
                // The firmware's own recovery log, in the device's format: `report` reads it as it reads a board's.
                var log = Path.Combine(folder, "recovery.log");
                File.WriteAllBytes(log, simulation.Board.Flash.LogBytes());
                files.Add(log);
            }

            return files;
        }

        /// <summary>The morning report as Markdown.</summary>
        public static string Markdown(SessionReport r)
        {
            var text = new StringBuilder();
            text.AppendLine($"# Morning report: {r.Scenario}");
            text.AppendLine();
            if (!string.IsNullOrEmpty(r.Description))
            {
                text.AppendLine(r.Description);
                text.AppendLine();
            }

            text.AppendLine(r.SpeedUp is double speed
                ? Invariant($"Simulated {Duration(r.SimulatedSeconds)} in {r.WallSeconds:0.00} s of wall time ({speed:N0}×), seed {r.Seed}.")
                : Invariant($"Simulated {Duration(r.SimulatedSeconds)}, seed {r.Seed}."));
            text.AppendLine(Invariant($"Target: {r.TargetMode}, {(r.TargetMillivolts > 0 ? r.TargetMillivolts + " mV" : "none known")}, tolerance {r.ToleranceMillivolts} mV."));
            text.AppendLine();
            text.AppendLine("| ch | group | verdict | start OCV | end OCV | mAh | charge time | peak °C | pauses | self-discharge | contact | fault |");
            text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var c in r.Channels)
            {
                var reference = c.Mode == "monitor" ? " (reference)" : string.Empty;
                var peak = c.PeakCelsius is double p ? p.ToString("0.0", CultureInfo.InvariantCulture) : "—";
                var pauses = c.PauseCount + (c.PauseCount > 0 ? $" ({Duration(c.PauseSeconds)})" : string.Empty);
                var leak = c.SelfDischargeMillivoltsPerHour is double sd ? Invariant($"{sd:0.00} ± {c.SelfDischargeUncertaintyMillivoltsPerHour:0.00} mV/h") : "—";
                var contact = c.SeriesResistanceMilliohms is double rs ? rs.ToString("0", CultureInfo.InvariantCulture) + " mΩ" : "—";
                var fault = c.Fault == FaultCode.None ? "—" : Invariant($"{c.Fault} ({c.FaultValue} against {c.FaultThreshold})");
                text.AppendLine(Invariant(
                    $"| {c.Channel} | {c.Group}{reference} | {c.VerdictText} | {Mv(c.StartOcvMillivolts)} | {Mv(c.EndOcvMillivolts)} | {c.DeliveredMilliampereHours} | {Duration(c.ChargeSeconds)} | {peak} | {pauses} | {leak} | {contact} | {fault} |"));
            }

            foreach (var session in r.Interrupted.GroupBy(l => l.Session))
            {
                var first = session.First();
                text.AppendLine();
                text.AppendLine(Invariant($"## Interrupted session (log session {session.Key})"));
                text.AppendLine();
                text.AppendLine(Invariant($"The power went {Duration(first.SessionSecondsBeforeOutage)} into this session, at {Duration(first.OutageSeconds)}; the firmware read each channel's last account back from its recovery log at the next boot. Nothing resumed by itself."));
                text.AppendLine();
                text.AppendLine("| ch | group | verdict | mAh | charge time | account taken before the outage | truth: charge into the group by the outage |");
                text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
                foreach (var l in session)
                {
                    text.AppendLine(Invariant(
                        $"| {l.Channel} | {l.Group} | {l.VerdictText} | {l.LoggedMilliampereHours} | {Duration(l.LoggedChargeSeconds)} | {Duration(l.AccountSecondsBeforeOutage)} | {(l.TrueMilliampereHoursAtOutage is double t ? t.ToString("0", CultureInfo.InvariantCulture) + " mAh" : "—")} |"));
                }
            }

            text.AppendLine();
            text.AppendLine("## Against the physics");
            text.AppendLine();
            text.AppendLine(r.TrueTargetMillivolts is double goal
                ? Invariant($"True target: **{goal:0.0} mV** fully relaxed (the firmware aimed at {Mv(r.TargetMillivolts)}).")
                : "True target: none.");
            text.AppendLine();
            text.AppendLine("| ch | group at rest, start | group fully relaxed, end | against the true target | charge into the group | leak | charger | topped at |");
            text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var c in r.Channels)
            {
                var error = c.TrueTargetErrorMillivolts is double e
                    ? Invariant($"{e:+0.0;-0.0;0.0} mV{(Math.Abs(e) > r.ToleranceMillivolts ? (e < 0 ? " **short**" : " **over**") : string.Empty)}")
                    : "—";
                text.AppendLine(Invariant(
                    $"| {c.Channel} | {c.TrueStartRestingMillivolts:0.0} mV | {c.TrueEndOcvMillivolts:0.0} mV | {error} | {c.TrueChargedMilliampereHours:0} mAh | {c.TrueLeakMilliamperes:0.#} mA | {c.ChargerMilliamperes:0} mA, CV {c.ChargerCvMillivolts:0} mV | {(c.ToppedAtSeconds is double t ? Duration(t) : "—")} |"));
            }

            text.AppendLine();
            if (r.BalanceRatio is double ratio)
            {
                text.AppendLine(Invariant($"**Balance time:** {Duration(r.BalanceSeconds.Value)} against a physical lower bound of {Duration(r.BalanceBoundSeconds.Value)} (the slowest group's charge from its true starting OCV to its true final OCV ÷ its charger's current, at a tenth of it below 2.9 V, plus the clip check, two rests, and any wait for a confirmation or for a cold group to warm): ratio **{ratio:0.000}**."));
            }
            else if (r.JudgedGroups > 0)
            {
                text.AppendLine(Invariant($"**Balance time:** not judged: {r.UndershootGroups} of {r.JudgedGroups} charged groups ended below the target band and {r.OvershootGroups} above it."));
            }
            else
            {
                text.AppendLine("**Balance time:** not applicable (no charged group was judged against a target).");
            }

            if (r.MaxTargetErrorMillivolts is double worst)
            {
                text.AppendLine(Invariant($"**Largest target error**, fully relaxed: **{worst:0.0} mV** (tolerance {r.ToleranceMillivolts} mV)."));
            }

            if (r.FinalSpreadMillivolts is double spread)
            {
                text.AppendLine(Invariant($"**Final OCV spread** of the groups that ended in the band and the reference, fully relaxed: **{spread:0.0} mV**."));
            }

            if (r.FalseLeakyVerdicts > 0 || r.MissedLeaks > 0)
            {
                text.AppendLine(Invariant($"**Self-discharge verdicts against the injected leak:** {r.FalseLeakyVerdicts} healthy group(s) reported Leaky, {r.MissedLeaks} leak(s) missed."));
            }

            if (r.FlashCommits > 0)
            {
                text.AppendLine(Invariant($"**Recovery log:** {r.FlashBytesWritten} bytes written to flash in {r.FlashCommits} commits ({r.FlashBytesWritten * 3600 / Math.Max(1, r.SimulatedSeconds):0} B/h); `report recovery.log` reads it back."));
            }

            text.AppendLine();
            text.AppendLine(r.HasFaults ? "The session ended with faults." : "The session ended without faults.");
            return text.ToString();
        }

        private static string Events(IReadOnlyList<SimulationEvent> events)
        {
            var csv = new StringBuilder("elapsed_ms,time,channel,kind,from,to,reason,fault,guardrail,value,threshold,text\n");
            foreach (var entry in events)
            {
                var e = entry.Event;
                var kind = entry.Note != null ? "Note" : e.Kind.ToString();
                var state = e.Kind == Core.Events.EventKind.StateChanged && entry.Note == null;
                csv.Append(Invariant($"{entry.ElapsedMilliseconds},{EventText.Clock(entry.ElapsedMilliseconds)},{(e.Channel < 0 ? "board" : e.Channel.ToString(CultureInfo.InvariantCulture))},{kind},"));
                csv.Append(Invariant($"{(state ? e.From.ToString() : string.Empty)},{(state ? e.To.ToString() : string.Empty)},{(e.Reason != Core.Events.TransitionReason.None ? e.Reason.ToString() : string.Empty)},"));
                csv.Append(Invariant($"{(e.Fault != FaultCode.None ? e.Fault.ToString() : string.Empty)},{(e.Guardrail != Core.Guardrails.GuardrailId.None ? e.Guardrail.ToString() : string.Empty)},"));
                csv.Append(Invariant($"{(entry.Note == null ? e.Value.ToString(CultureInfo.InvariantCulture) : string.Empty)},{(entry.Note == null ? e.Threshold.ToString(CultureInfo.InvariantCulture) : string.Empty)},{Quote(EventText.Describe(entry))}\n"));
            }

            return csv.ToString();
        }

        private static string Series(IReadOnlyList<SeriesRow> rows)
        {
            var csv = new StringBuilder("elapsed_s");
            var channels = rows.Count > 0 ? rows[0].Channels.Length : 0;
            for (var c = 0; c < channels; c++)
            {
                csv.Append(Invariant($",ch{c}_state,ch{c}_mV,ch{c}_mA,ch{c}_ocv_mV,ch{c}_true_rest_mV,ch{c}_true_mA,ch{c}_group_C,ch{c}_soc_pct"));
            }

            csv.Append('\n');
            foreach (var row in rows)
            {
                csv.Append(Invariant($"{row.ElapsedMilliseconds / 1000.0:0.0}"));
                foreach (var c in row.Channels)
                {
                    csv.Append(Invariant($",{c.State},{c.GroupMillivolts},{c.CurrentMilliamperes},{c.OcvMillivolts},{c.TrueRestingMillivolts:0.0},{c.TrueCurrentMilliamperes:0.0},{c.GroupCelsius:0.00},{c.SocPercent:0.000}"));
                }

                csv.Append('\n');
            }

            return csv.ToString();
        }

        /// <summary>Seconds as h:mm:ss.</summary>
        public static string Duration(double seconds)
        {
            var t = TimeSpan.FromSeconds(Math.Round(seconds));
            return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}");
        }

        private static string Mv(int millivolts) => millivolts == 0 ? "—" : millivolts.ToString(CultureInfo.InvariantCulture) + " mV";

        private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";

        private static string Save(string folder, string name, string content)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, content, new UTF8Encoding(false));
            return path;
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
