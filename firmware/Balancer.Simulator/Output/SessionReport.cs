// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Reporting;
using Balancer.Core.Settings;
using Balancer.Simulator.Physics;

namespace Balancer.Simulator.Output
{
    /// <summary>
    /// The morning report of a simulated session: what the firmware reports for each group, the physical truth behind
    /// it, and how the session compares with the physical lower bound on its time.
    /// </summary>
    public sealed record SessionReport
    {
        /// <summary>Scenario name.</summary>
        public required string Scenario { get; init; }

        /// <summary>Scenario description.</summary>
        public required string Description { get; init; }

        /// <summary>Seed.</summary>
        public required int Seed { get; init; }

        /// <summary>Simulated time, s.</summary>
        public required double SimulatedSeconds { get; init; }

        /// <summary>Wall time, s.</summary>
        public required double WallSeconds { get; init; }

        /// <summary>Simulated time over wall time; null when the wall time was not measured.</summary>
        public double? SpeedUp => WallSeconds > 0 ? SimulatedSeconds / WallSeconds : null;

        /// <summary>Target mode.</summary>
        public required string TargetMode { get; init; }

        /// <summary>The session's target, mV (0 when none was known).</summary>
        public required int TargetMillivolts { get; init; }

        /// <summary>Tolerance, mV.</summary>
        public required int ToleranceMillivolts { get; init; }

        /// <summary>One line per channel.</summary>
        public required IReadOnlyList<ChannelLine> Channels { get; init; }

        /// <summary>Truth: what the groups should end at, mV: the target in TopOff and MatchValue, the reference group's fully relaxed OCV in MatchReference, the highest clipped group's in MatchHighest; null when there was none.</summary>
        public double? TrueTargetMillivolts { get; init; }

        /// <summary>Time until the last charged group was topped, s; null unless every charged group ended in the band.</summary>
        public double? BalanceSeconds { get; init; }

        /// <summary>
        /// The physical lower bound on that time, s: for the slowest group, the charge that took it from its true starting
        /// OCV to its true final OCV (on the cell curve) ÷ its charger's current (a tenth of it below 2.9 V), plus what the
        /// spec requires besides: the clip check, a rest before the first and before the last decision, and the waits
        /// for a confirmation or for a cold group to warm. Null unless every charged group ended in the band.
        /// </summary>
        public double? BalanceBoundSeconds { get; init; }

        /// <summary>Achieved over bound; judged only when every charged group ended in the band, and then at least 1.</summary>
        public double? BalanceRatio => BalanceSeconds is double a && BalanceBoundSeconds is double b && b > 0 ? a / b : null;

        /// <summary>Spread of the true fully relaxed OCV of the charged groups that ended in the band and of the reference, mV.</summary>
        public double? FinalSpreadMillivolts { get; init; }

        /// <summary>The largest |true final OCV − true target| over the charged groups that were judged, mV.</summary>
        public double? MaxTargetErrorMillivolts { get; init; }

        /// <summary>Charged groups judged against the target (no fault, no charger limit, started).</summary>
        public int JudgedGroups { get; init; }

        /// <summary>Of those, the groups whose true final OCV is below the band: the firmware stopped short.</summary>
        public int UndershootGroups { get; init; }

        /// <summary>Of those, the groups whose true final OCV is above the band.</summary>
        public int OvershootGroups { get; init; }

        /// <summary>Groups reported Leaky although the scenario injected no leak.</summary>
        public int FalseLeakyVerdicts { get; init; }

        /// <summary>Groups with an injected leak whose hold ended without a Leaky verdict.</summary>
        public int MissedLeaks { get; init; }

        /// <summary>
        /// The sessions a reboot found unfinished, as the firmware read them back from its recovery log, each line beside
        /// what truly went into the group before the power went.
        /// </summary>
        public IReadOnlyList<InterruptedLine> Interrupted { get; init; } = [];

        /// <summary>Bytes the firmware wrote to its flash (log and settings) during the run.</summary>
        public long FlashBytesWritten { get; init; }

        /// <summary>Commits of those writes: on the ESP32's LittleFS each one copies a file's last block.</summary>
        public long FlashCommits { get; init; }

        /// <summary>Whether any channel ended with a latched fault.</summary>
        public bool HasFaults => Channels.Any(c => c.Fault != FaultCode.None);

        /// <summary>Builds the report at the end of a run.</summary>
        public static SessionReport Build(Simulation simulation, double wallSeconds)
        {
            var controller = simulation.Board.Controller;
            var settings = controller.Settings;
            var reports = simulation.Report();
            var lines = new List<ChannelLine>();
            var tolerance = settings.ToleranceMillivolts;
            var target = controller.HasTarget ? controller.TargetMillivolts : 0;
            var trueTarget = TrueTarget(simulation, settings);
            var restSeconds = settings.RestMilliseconds / 1000.0;
            double bound = 0;
            var allReached = true;
            double lastTopped = 0;
            for (var i = 0; i < reports.Length; i++)
            {
                var spec = simulation.Scenario.Channels[i];
                var group = simulation.GroupOf(i);
                var charger = simulation.Chargers[i];
                var r = reports[i];
                var topped = LastEntry(simulation, i, ChannelState.Topped);
                var isCharge = controller.Channel(i).Mode == ChannelMode.Charge;
                var startOcv = simulation.StartRestingMillivolts(i);
                double? error = null;
                if (isCharge && r.Fault == FaultCode.None && r.Verdict != Verdict.NotStarted && r.ChargerLimitMillivolts == 0 && trueTarget is double goal)
                {
                    error = group.OcvMillivolts - goal;
                    var reached = Math.Abs(error.Value) <= tolerance && topped != null;
                    allReached &= reached;
                    if (reached)
                    {
                        lastTopped = Math.Max(lastTopped, topped.Value);
                        bound = Math.Max(bound, WaitSeconds(simulation, i, settings, startOcv)
                            + ChargeSeconds(startOcv, group.OcvMillivolts, group.CapacityMilliampereHours, charger.ProgrammedMilliamperes)
                            + CheckSeconds + (2 * restSeconds));
                    }
                }

                lines.Add(new ChannelLine
                {
                    Channel = i,
                    Group = spec.SpansGroups == 1 ? spec.Group.ToString() : $"{spec.Group}–{spec.Group + spec.SpansGroups - 1}",
                    Mode = isCharge ? "charge" : "monitor",
                    State = r.State,
                    Verdict = r.Verdict,
                    VerdictText = VerdictText(r) + (r.IsCalibrated || r.Verdict == Verdict.NotStarted ? string.Empty : " (channel not calibrated)"),
                    IsCalibrated = r.IsCalibrated,
                    StartOcvMillivolts = r.StartOcvMillivolts,
                    EndOcvMillivolts = r.EndOcvMillivolts,
                    DeliveredMilliampereHours = r.DeliveredMilliampereHours,
                    ChargeSeconds = r.ChargeSeconds,
                    PeakCelsius = r.HasPeakTemperature ? r.PeakDeciCelsius / 10.0 : null,
                    PauseCount = r.PauseCount,
                    PauseSeconds = r.PauseSeconds,
                    SelfDischargeMillivoltsPerHour = r.HasSelfDischarge ? r.SelfDischargeMicrovoltsPerHour / 1000.0 : null,
                    SelfDischargeUncertaintyMillivoltsPerHour = r.HasSelfDischarge ? r.SelfDischargeUncertaintyMicrovoltsPerHour / 1000.0 : null,
                    ChargerLimitMillivolts = r.ChargerLimitMillivolts == 0 ? null : r.ChargerLimitMillivolts,
                    SeriesResistanceMilliohms = r.SeriesResistanceMicroohms == 0 ? null : r.SeriesResistanceMicroohms / 1000.0,
                    Fault = r.Fault,
                    FaultValue = r.FaultValue,
                    FaultThreshold = r.FaultThreshold,
                    ToppedAtSeconds = topped,
                    TrueStartRestingMillivolts = Math.Round(startOcv, 1),
                    TrueEndOcvMillivolts = Math.Round(group.OcvMillivolts, 1),
                    TrueTargetErrorMillivolts = error is double e ? Math.Round(e, 1) : null,
                    TrueLeakMilliamperes = group.LeakMilliamperes,
                    TrueChargedMilliampereHours = Math.Round(group.ChargedMilliampereHours, 1),
                    ChargerMilliamperes = Math.Round(charger.ProgrammedMilliamperes, 1),
                    ChargerCvMillivolts = Math.Round(charger.CvMillivolts, 1),
                });
            }

            var judged = lines.Where(l => l.TrueTargetErrorMillivolts != null).ToList();
            var inBand = judged.Where(l => Math.Abs(l.TrueTargetErrorMillivolts.Value) <= tolerance).ToList();
            var reference = lines.Where(l => l.Mode == "monitor" && l.Verdict == Verdict.Ok).ToList();
            var balanced = inBand.Concat(reference).ToList();
            var timed = allReached && judged.Count > 0;
            return new SessionReport
            {
                Scenario = simulation.Scenario.Name,
                Description = simulation.Scenario.Description,
                Seed = simulation.Scenario.Seed,
                SimulatedSeconds = simulation.ElapsedMilliseconds / 1000.0,
                WallSeconds = wallSeconds,
                TargetMode = ((TargetMode)settings.Get(SettingId.TargetMode)).ToString(),
                TargetMillivolts = target,
                ToleranceMillivolts = tolerance,
                TrueTargetMillivolts = trueTarget is double t ? Math.Round(t, 1) : null,
                Channels = lines,
                BalanceSeconds = timed ? lastTopped : null,
                BalanceBoundSeconds = timed ? bound : null,
                FinalSpreadMillivolts = balanced.Count >= 2 ? Math.Round(balanced.Max(l => l.TrueEndOcvMillivolts) - balanced.Min(l => l.TrueEndOcvMillivolts), 1) : null,
                MaxTargetErrorMillivolts = judged.Count > 0 ? judged.Max(l => Math.Abs(l.TrueTargetErrorMillivolts.Value)) : null,
                JudgedGroups = judged.Count,
                UndershootGroups = judged.Count(l => l.TrueTargetErrorMillivolts < -tolerance),
                OvershootGroups = judged.Count(l => l.TrueTargetErrorMillivolts > tolerance),
                FalseLeakyVerdicts = lines.Count(l => l.Verdict == Verdict.Leaky && l.TrueLeakMilliamperes == 0),
                MissedLeaks = lines.Count(l => l.TrueLeakMilliamperes > 0 && l.SelfDischargeMillivoltsPerHour != null && l.Verdict != Verdict.Leaky),
                Interrupted = InterruptedLines(simulation),
                FlashBytesWritten = simulation.Board.Flash?.BytesWritten ?? 0,
                FlashCommits = simulation.Board.Flash?.Commits ?? 0,
            };
        }

        private static List<InterruptedLine> InterruptedLines(Simulation simulation)
        {
            var lines = new List<InterruptedLine>();
            foreach (var session in simulation.InterruptedSessions)
            {
                for (var k = 0; k < session.Lines.Count; k++)
                {
                    var r = session.Lines[k];
                    var spec = simulation.Scenario.Channels[r.Channel];
                    var outage = session.OutageMilliseconds ?? session.LastMilliseconds;
                    lines.Add(new InterruptedLine
                    {
                        Session = session.Session,
                        Channel = r.Channel,
                        Group = spec.SpansGroups == 1 ? spec.Group.ToString() : $"{spec.Group}–{spec.Group + spec.SpansGroups - 1}",
                        Verdict = r.Verdict,
                        VerdictText = VerdictText(r),
                        OutageSeconds = (outage - simulation.StartMilliseconds) / 1000.0,
                        SessionSecondsBeforeOutage = (outage - session.StartMilliseconds) / 1000.0,
                        AccountSecondsBeforeOutage = (outage - session.AccountMilliseconds[k]) / 1000.0,
                        LoggedMilliampereHours = r.DeliveredMilliampereHours,
                        LoggedChargeSeconds = r.ChargeSeconds,
                        TrueMilliampereHoursAtOutage = session.TrueChargedAtOutage is { } truth ? Math.Round(truth[r.Channel], 1) : null,
                    });
                }
            }

            return lines;
        }

        /// <summary>What the groups should truly end at, mV; null when the mode names none.</summary>
        public static double? TrueTarget(Simulation simulation, BalancerSettings settings)
        {
            switch ((TargetMode)settings.Get(SettingId.TargetMode))
            {
                case Core.Settings.TargetMode.MatchReference:
                    var reference = settings.Get(SettingId.ReferenceChannel);
                    return reference >= 0 && reference < simulation.Scenario.Channels.Count ? simulation.GroupOf(reference).OcvMillivolts : null;
                case Core.Settings.TargetMode.MatchHighest:
                    var highest = double.MinValue;
                    for (var i = 0; i < simulation.Scenario.Channels.Count; i++)
                    {
                        if (simulation.Scenario.Channels[i].SpansGroups == 1 && !simulation.Scenario.Channels[i].Reversed)
                        {
                            highest = Math.Max(highest, simulation.StartRestingMillivolts(i));
                        }
                    }

                    return highest > double.MinValue ? highest : null;
                default:
                    return settings.Get(SettingId.TargetMillivolts);
            }
        }

        /// <summary>
        /// The shortest time a charger can bring a group from one rested voltage to another: a tenth of its current
        /// while the group is below the TP4056's 2.9 V trickle threshold, its full current above, s.
        /// </summary>
        public static double ChargeSeconds(double fromMillivolts, double toMillivolts, double capacityMilliampereHours, double chargerMilliamperes)
        {
            var from = OcvCurve.SocAt(fromMillivolts);
            var to = Math.Max(from, OcvCurve.SocAt(toMillivolts));
            var trickleEnd = Math.Clamp(OcvCurve.SocAt(ChargerModel.TrickleBelowMillivolts), from, to);
            var trickle = (trickleEnd - from) / 100 * capacityMilliampereHours / (chargerMilliamperes * ChargerModel.TerminationFraction);
            var full = (to - trickleEnd) / 100 * capacityMilliampereHours / chargerMilliamperes;
            return (trickle + full) * 3600;
        }

        /// <summary>
        /// How long the spec makes a group wait before it may charge, s: a deep-discharged group until the technician
        /// confirms, a group too cold to charge until it has warmed to the cold-resume temperature.
        /// </summary>
        public static double WaitSeconds(Simulation simulation, int channel, BalancerSettings settings, double startMillivolts)
        {
            var confirm = 0.0;
            if (startMillivolts < HardLimits.DeepDischargeMillivolts)
            {
                var confirmation = simulation.Scenario.Commands.FirstOrDefault(c => c.Command == Scenarios.CommandKind.Confirm && c.Channel == channel);
                confirm = confirmation == null ? 0 : confirmation.AtMinutes * 60;
            }

            return Math.Max(confirm, ColdWaitSeconds(simulation, channel, settings));
        }

        /// <summary>How long a group that starts too cold to charge waits until it has warmed to the cold-resume temperature, s.</summary>
        public static double ColdWaitSeconds(Simulation simulation, int channel, BalancerSettings settings)
        {
            var series = simulation.Series;
            var pause = settings.Get(SettingId.CellColdPauseDeciCelsius) / 10.0;
            var resume = settings.Get(SettingId.CellColdResumeDeciCelsius) / 10.0;
            if (series.Count == 0 || series[0].Channels[channel].GroupCelsius >= pause)
            {
                return 0;
            }

            var warm = series.FirstOrDefault(r => r.Channels[channel].GroupCelsius >= resume);
            return warm == null ? simulation.ElapsedMilliseconds / 1000.0 : warm.ElapsedMilliseconds / 1000.0;
        }

        /// <summary>The clip check's own time before the first rest: 1 s of voltage, the settle, the probe, s.</summary>
        public const double CheckSeconds = 1.5;

        /// <summary>What the technician reads for a verdict.</summary>
        public static string VerdictText(ChannelReport r) => r.Verdict switch
        {
            Verdict.Ok => "OK",
            Verdict.Leaky => $"Leaky ({r.SelfDischargeMicrovoltsPerHour / 1000.0:0.0} ± {r.SelfDischargeUncertaintyMicrovoltsPerHour / 1000.0:0.0} mV/h)",
            Verdict.HoldInconclusive => $"Hold inconclusive ({r.SelfDischargeMicrovoltsPerHour / 1000.0:0.0} ± {r.SelfDischargeUncertaintyMicrovoltsPerHour / 1000.0:0.0} mV/h): hold longer",
            Verdict.FailedToRecover => "Failed to recover",
            Verdict.AlreadyAtTarget => $"Already at {r.EndOcvMillivolts / 1000.0:0.000} V, nothing to do",
            Verdict.ChargerLimit => $"Charger limit {r.ChargerLimitMillivolts / 1000.0:0.00} V",
            Verdict.Quarantined => "Quarantined (< 1.5 V)",
            Verdict.MisClip => $"Mis-clip ({r.FaultValue / 1000.0:0.0} V)",
            Verdict.SensorFault => "Sensor fault",
            Verdict.CapacitySuspect => "Capacity suspect",
            Verdict.NoCell => "No cell, reversed clip or flat group",
            Verdict.PoorContact => $"Poor contact ({r.FaultValue / 1000.0:0} mΩ)",
            Verdict.Fault => $"Fault {r.Fault}",
            Verdict.Incomplete => "Incomplete",
            Verdict.Interrupted => $"Interrupted in {r.State}: power lost or restarted, start it again",
            _ => "Not started",
        };

        private static double? LastEntry(Simulation simulation, int channel, ChannelState state)
        {
            double? at = null;
            foreach (var e in simulation.Events)
            {
                if (e.Note == null && e.Event.Kind == EventKind.StateChanged && e.Event.Channel == channel && e.Event.To == state)
                {
                    at = e.ElapsedMilliseconds / 1000.0;
                }
            }

            return at;
        }
    }

    /// <summary>One group's line.</summary>
    public sealed record ChannelLine
    {
        /// <summary>Channel index.</summary>
        public int Channel { get; init; }

        /// <summary>Group number(s) under the clips.</summary>
        public string Group { get; init; }

        /// <summary>charge or monitor.</summary>
        public string Mode { get; init; }

        /// <summary>Final state.</summary>
        public ChannelState State { get; init; }

        /// <summary>Verdict.</summary>
        public Verdict Verdict { get; init; }

        /// <summary>Verdict as the technician reads it.</summary>
        public string VerdictText { get; init; }

        /// <summary>Rested voltage at the check, as measured, mV.</summary>
        public int StartOcvMillivolts { get; init; }

        /// <summary>Last rested voltage, as measured, mV.</summary>
        public int EndOcvMillivolts { get; init; }

        /// <summary>Charge counted by the firmware, mAh.</summary>
        public int DeliveredMilliampereHours { get; init; }

        /// <summary>Time with the relay closed, s.</summary>
        public int ChargeSeconds { get; init; }

        /// <summary>Peak cell temperature, °C.</summary>
        public double? PeakCelsius { get; init; }

        /// <summary>Pauses.</summary>
        public int PauseCount { get; init; }

        /// <summary>Time paused, s.</summary>
        public int PauseSeconds { get; init; }

        /// <summary>Self-discharge from the hold, mV/h.</summary>
        public double? SelfDischargeMillivoltsPerHour { get; init; }

        /// <summary>Its uncertainty, mV/h.</summary>
        public double? SelfDischargeUncertaintyMillivoltsPerHour { get; init; }

        /// <summary>Whether the channel's INA219 was calibrated.</summary>
        public bool IsCalibrated { get; init; }

        /// <summary>The charger's CV when it limited the charge, mV.</summary>
        public int? ChargerLimitMillivolts { get; init; }

        /// <summary>Series resistance from the contact probe, mΩ.</summary>
        public double? SeriesResistanceMilliohms { get; init; }

        /// <summary>Latched fault.</summary>
        public FaultCode Fault { get; init; }

        /// <summary>Measured value at the fault.</summary>
        public int FaultValue { get; init; }

        /// <summary>Threshold it crossed.</summary>
        public int FaultThreshold { get; init; }

        /// <summary>When the group was last topped, s.</summary>
        public double? ToppedAtSeconds { get; init; }

        /// <summary>Truth: what the group rested at when the session began, mV.</summary>
        public double TrueStartRestingMillivolts { get; init; }

        /// <summary>Truth: the group's fully relaxed OCV at the end, mV.</summary>
        public double TrueEndOcvMillivolts { get; init; }

        /// <summary>Truth: fully relaxed OCV at the end minus the true target, mV; null when the group was not judged.</summary>
        public double? TrueTargetErrorMillivolts { get; init; }

        /// <summary>Truth: the leak the scenario injected, mA.</summary>
        public double TrueLeakMilliamperes { get; init; }

        /// <summary>Truth: charge that went into the group, mAh.</summary>
        public double TrueChargedMilliampereHours { get; init; }

        /// <summary>Truth: this channel's charger current, mA.</summary>
        public double ChargerMilliamperes { get; init; }

        /// <summary>Truth: this channel's charger CV, mV.</summary>
        public double ChargerCvMillivolts { get; init; }
    }

    /// <summary>One channel of a session a power loss or restart cut, from the recovery log.</summary>
    public sealed record InterruptedLine
    {
        /// <summary>The session's id in the log (its first record's sequence number).</summary>
        public uint Session { get; init; }

        /// <summary>Channel index.</summary>
        public int Channel { get; init; }

        /// <summary>The group it was clipped to.</summary>
        public string Group { get; init; }

        /// <summary>The verdict the log gives: Interrupted for a channel that was working, else its own.</summary>
        public Verdict Verdict { get; init; }

        /// <summary>The verdict in words.</summary>
        public string VerdictText { get; init; }

        /// <summary>When the power went, s since the simulation started.</summary>
        public double OutageSeconds { get; init; }

        /// <summary>How long the session had run when the power went, s.</summary>
        public double SessionSecondsBeforeOutage { get; init; }

        /// <summary>How long before the power went the logged account was taken, s: at most the checkpoint interval and the logging side's second.</summary>
        public double AccountSecondsBeforeOutage { get; init; }

        /// <summary>Charge delivered by the logged account, mAh.</summary>
        public int LoggedMilliampereHours { get; init; }

        /// <summary>Time with the relay closed by the logged account, s.</summary>
        public int LoggedChargeSeconds { get; init; }

        /// <summary>Truth: the charge the group had taken when the power went, mAh.</summary>
        public double? TrueMilliampereHoursAtOutage { get; init; }
    }
}
