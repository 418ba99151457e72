// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Balancer.Core.Reporting;
using Balancer.Core.Settings;
using Balancer.Simulator.Output;

namespace Balancer.Simulator.Sweep
{
    /// <summary>One session of a sweep, judged against the truth.</summary>
    public sealed record SweepSession(
        int Index,
        string Pack,
        string TargetMode,
        int ChargedGroups,
        int JudgedGroups,
        int Undershoots,
        int Overshoots,
        double? MaxTargetErrorMillivolts,
        double? SpreadMillivolts,
        double? TimeRatio,
        double HoldHours,
        int HealthyHeld,
        int FalseLeaky,
        int HealthyInconclusive,
        int LeaksHeld,
        int LeaksFound,
        int Faults,
        int SafetyViolations,
        string FirstSafetyViolation,
        IReadOnlyList<double> TargetErrorsMillivolts,
        IReadOnlyList<double> LeakFreeTargetErrorsMillivolts)
    {
        /// <summary>Reads a finished session.</summary>
        public static SweepSession From(int index, Simulation simulation, SessionReport report)
        {
            var charged = report.Channels.Where(c => c.Mode == "charge").ToList();
            var held = charged.Where(c => c.SelfDischargeMillivoltsPerHour != null).ToList();
            return new SweepSession(
                index,
                $"{simulation.Scenario.Pack.Series}S{simulation.Scenario.Pack.Parallel}P",
                report.TargetMode,
                charged.Count,
                report.JudgedGroups,
                report.UndershootGroups,
                report.OvershootGroups,
                report.MaxTargetErrorMillivolts,
                report.FinalSpreadMillivolts,
                report.BalanceRatio,
                simulation.Setting(SettingId.HoldEnabled) != 0 ? simulation.Setting(SettingId.HoldMilliseconds) / 3_600_000.0 : 0,
                held.Count(c => c.TrueLeakMilliamperes == 0),
                report.FalseLeakyVerdicts,
                held.Count(c => c.TrueLeakMilliamperes == 0 && c.Verdict == Verdict.HoldInconclusive),
                held.Count(c => c.TrueLeakMilliamperes > 0),
                held.Count(c => c.TrueLeakMilliamperes > 0 && c.Verdict == Verdict.Leaky),
                report.Channels.Count(c => c.Fault != Core.FaultCode.None),
                simulation.SafetyViolations,
                simulation.FirstSafetyViolation,
                charged.Where(c => c.TrueTargetErrorMillivolts != null).Select(c => c.TrueTargetErrorMillivolts.Value).ToList(),
                charged.Where(c => c.TrueTargetErrorMillivolts != null && c.TrueLeakMilliamperes == 0).Select(c => c.TrueTargetErrorMillivolts.Value).ToList());
        }
    }

    /// <summary>The distribution over a sweep's sessions.</summary>
    public sealed class SweepSummary
    {
        /// <summary>Summarises sessions.</summary>
        public SweepSummary(IReadOnlyList<SweepSession> sessions, int seed, double wallSeconds)
        {
            Sessions = sessions;
            Seed = seed;
            WallSeconds = wallSeconds;
        }

        /// <summary>Every session.</summary>
        public IReadOnlyList<SweepSession> Sessions { get; }

        /// <summary>The sweep's seed.</summary>
        public int Seed { get; }

        /// <summary>Wall time, s.</summary>
        public double WallSeconds { get; }

        /// <summary>|true final OCV − true target| of every judged group, mV.</summary>
        public double[] GroupTargetErrors => Sessions.SelectMany(s => s.TargetErrorsMillivolts).Select(Math.Abs).ToArray();

        /// <summary>
        /// |true final OCV − true target| of every judged group without a leak, mV: a leaking group loses its charge after
        /// it is topped (15 mV over a night at 1 mV/h), which no balancing can keep.
        /// </summary>
        public double[] LeakFreeGroupTargetErrors => Sessions.SelectMany(s => s.LeakFreeTargetErrorsMillivolts).Select(Math.Abs).ToArray();

        /// <summary>Signed target errors of every judged group, mV.</summary>
        public double[] SignedGroupTargetErrors => Sessions.SelectMany(s => s.TargetErrorsMillivolts).ToArray();

        /// <summary>The spread of every session with at least two balanced groups, mV.</summary>
        public double[] Spreads => Sessions.Where(s => s.SpreadMillivolts != null).Select(s => s.SpreadMillivolts.Value).ToArray();

        /// <summary>The time ratio of every session whose groups all ended in the band.</summary>
        public double[] Ratios => Sessions.Where(s => s.TimeRatio != null).Select(s => s.TimeRatio.Value).ToArray();

        /// <summary>The value below which a fraction <paramref name="p"/> of <paramref name="values"/> lie (nearest rank).</summary>
        public static double? Percentile(double[] values, double p)
        {
            if (values.Length == 0)
            {
                return null;
            }

            var sorted = values.OrderBy(v => v).ToArray();
            var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }

        /// <summary>The table the README carries.</summary>
        public string Markdown()
        {
            var text = new StringBuilder();
            var judged = Sessions.Sum(s => s.JudgedGroups);
            text.AppendLine(Invariant($"{Sessions.Count} sessions (seed {Seed}) in {WallSeconds:0} s of wall time; {judged} charged groups judged against the true target."));
            text.AppendLine();
            text.AppendLine("| figure | p50 | p95 | p99 | max | count |");
            text.AppendLine("| --- | --- | --- | --- | --- | --- |");
            Row(text, "\\|true relaxed OCV − true target\\| per group (mV)", GroupTargetErrors);
            Row(text, "the same, groups without a leak (mV)", LeakFreeGroupTargetErrors);
            Row(text, "true relaxed OCV spread of the balanced groups (mV)", Spreads);
            Row(text, "time ratio, sessions with every group in the band", Ratios, "0.000");
            text.AppendLine();
            text.AppendLine(Invariant($"- groups that ended in the band: {GroupTargetErrors.Count(e => e <= 5)} of {judged}; short of it: {Sessions.Sum(s => s.Undershoots)}; over it: {Sessions.Sum(s => s.Overshoots)}"));
            text.AppendLine(Invariant($"- false Leaky verdicts: {Sessions.Sum(s => s.FalseLeaky)} in {Sessions.Sum(s => s.HealthyHeld)} held zero-leak groups"));
            foreach (var (name, holds) in new[] { ("overnight (8 h)", Sessions.Where(s => s.HoldHours >= 8).ToList()), ("one-hour", Sessions.Where(s => s.HoldHours > 0 && s.HoldHours < 8).ToList()) })
            {
                text.AppendLine(Invariant($"- {name} holds: 1 mV/h leaks found {holds.Sum(s => s.LeaksFound)} of {holds.Sum(s => s.LeaksHeld)}; zero-leak groups reported Leaky {holds.Sum(s => s.FalseLeaky)}, inconclusive {holds.Sum(s => s.HealthyInconclusive)}, of {holds.Sum(s => s.HealthyHeld)}"));
            }

            text.AppendLine(Invariant($"- sessions with a latched fault: {Sessions.Count(s => s.Faults > 0)}"));
            text.AppendLine(Invariant($"- safety-invariant violations: {Sessions.Sum(s => s.SafetyViolations)} ticks in {Sessions.Count(s => s.SafetyViolations > 0)} sessions"));
            var first = Sessions.FirstOrDefault(s => s.FirstSafetyViolation != null);
            if (first != null)
            {
                text.AppendLine(Invariant($"  - first: session {first.Index}, {first.FirstSafetyViolation}"));
            }

            return text.ToString();
        }

        /// <summary>One line per session.</summary>
        public string Csv()
        {
            var csv = new StringBuilder("index,pack,target_mode,charged,judged,undershoots,overshoots,max_target_error_mv,spread_mv,time_ratio,hold_hours,healthy_held,false_leaky,healthy_inconclusive,leaks_held,leaks_found,faults,safety_violations\n");
            foreach (var s in Sessions)
            {
                csv.AppendLine(Invariant($"{s.Index},{s.Pack},{s.TargetMode},{s.ChargedGroups},{s.JudgedGroups},{s.Undershoots},{s.Overshoots},{s.MaxTargetErrorMillivolts},{s.SpreadMillivolts},{s.TimeRatio:0.####},{s.HoldHours:0.##},{s.HealthyHeld},{s.FalseLeaky},{s.HealthyInconclusive},{s.LeaksHeld},{s.LeaksFound},{s.Faults},{s.SafetyViolations}"));
            }

            return csv.ToString();
        }

        private static void Row(StringBuilder text, string name, double[] values, string format = "0.0")
        {
            string F(double? v) => v is double d ? d.ToString(format, CultureInfo.InvariantCulture) : "—";
            text.AppendLine($"| {name} | {F(Percentile(values, 0.50))} | {F(Percentile(values, 0.95))} | {F(Percentile(values, 0.99))} | {F(values.Length > 0 ? values.Max() : null)} | {values.Length} |");
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
