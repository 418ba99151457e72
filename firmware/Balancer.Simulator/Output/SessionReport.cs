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

        /// <summary>Time until the last charged group was topped, s; null when some charged group never was.</summary>
        public double? BalanceSeconds { get; init; }

        /// <summary>
        /// The physical lower bound on that time, s: for the slowest group, the charge it needs from its starting rest
        /// voltage to the target (on the cell curve) ÷ its charger's current,
        /// plus what the spec requires besides: the clip check, a rest before the first and before the last decision,
        /// and for a cold group the wait until it may charge.
        /// </summary>
        public double? BalanceBoundSeconds { get; init; }

        /// <summary>Achieved over bound.</summary>
        public double? BalanceRatio => BalanceSeconds is double a && BalanceBoundSeconds is double b && b > 0 ? a / b : null;

        /// <summary>Spread of the fully relaxed OCV of the charged groups and the reference at the end, mV.</summary>
        public double? FinalSpreadMillivolts { get; init; }

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
            var restSeconds = settings.RestMilliseconds / 1000.0;
            double? bound = null;
            var allTopped = true;
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
                if (isCharge && r.Fault == FaultCode.None && r.Verdict != Verdict.NotStarted)
                {
                    if (topped is double at && target > 0 && r.ChargerLimitMillivolts == 0)
                    {
                        lastTopped = Math.Max(lastTopped, at);
                        var seconds = WaitSeconds(simulation, i, settings, startOcv)
                            + ChargeSeconds(startOcv, target, group.CapacityMilliampereHours, charger.ProgrammedMilliamperes)
                            + CheckSeconds + (2 * restSeconds);
                        bound = Math.Max(bound ?? 0, seconds);
                    }
                    else
                    {
                        allTopped = false;
                    }
                }

                lines.Add(new ChannelLine
                {
                    Channel = i,
                    Group = spec.SpansGroups == 1 ? spec.Group.ToString() : $"{spec.Group}–{spec.Group + spec.SpansGroups - 1}",
                    Mode = isCharge ? "charge" : "monitor",
                    State = r.State,
                    Verdict = r.Verdict,
                    VerdictText = VerdictText(r),
                    StartOcvMillivolts = r.StartOcvMillivolts,
                    EndOcvMillivolts = r.EndOcvMillivolts,
                    DeliveredMilliampereHours = r.DeliveredMilliampereHours,
                    ChargeSeconds = r.ChargeSeconds,
                    PeakCelsius = r.HasPeakTemperature ? r.PeakDeciCelsius / 10.0 : null,
                    PauseCount = r.PauseCount,
                    PauseSeconds = r.PauseSeconds,
                    SelfDischargeMillivoltsPerHour = r.HasSelfDischarge ? r.SelfDischargeMicrovoltsPerHour / 1000.0 : null,
                    ChargerLimitMillivolts = r.ChargerLimitMillivolts == 0 ? null : r.ChargerLimitMillivolts,
                    SeriesResistanceMilliohms = r.SeriesResistanceMicroohms == 0 ? null : r.SeriesResistanceMicroohms / 1000.0,
                    Fault = r.Fault,
                    FaultValue = r.FaultValue,
                    FaultThreshold = r.FaultThreshold,
                    ToppedAtSeconds = topped,
                    TrueStartRestingMillivolts = Math.Round(startOcv, 1),
                    TrueEndOcvMillivolts = Math.Round(group.OcvMillivolts, 1),
                    TrueChargedMilliampereHours = Math.Round(group.ChargedMilliampereHours, 1),
                    ChargerMilliamperes = Math.Round(charger.ProgrammedMilliamperes, 1),
                    ChargerCvMillivolts = Math.Round(charger.CvMillivolts, 1),
                });
            }

            var finished = lines.Where(l => (l.Mode == "monitor" && l.Verdict == Verdict.Ok) || (l.Mode == "charge" && l.Fault == FaultCode.None && l.ToppedAtSeconds != null && l.ChargerLimitMillivolts == null)).ToList();
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
                Channels = lines,
                BalanceSeconds = allTopped && bound != null ? lastTopped : null,
                BalanceBoundSeconds = allTopped ? bound : null,
                FinalSpreadMillivolts = finished.Count >= 2 ? Math.Round(finished.Max(l => l.TrueEndOcvMillivolts) - finished.Min(l => l.TrueEndOcvMillivolts), 1) : null,
            };
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
            Verdict.Leaky => $"Leaky ({r.SelfDischargeMicrovoltsPerHour / 1000.0:0.0} mV/h)",
            Verdict.FailedToRecover => "Failed to recover",
            Verdict.ChargerLimit => $"Charger limit {r.ChargerLimitMillivolts / 1000.0:0.00} V",
            Verdict.Quarantined => "Quarantined (< 1.5 V)",
            Verdict.MisClip => $"Mis-clip ({r.FaultValue / 1000.0:0.0} V)",
            Verdict.SensorFault => "Sensor fault",
            Verdict.CapacitySuspect => "Capacity suspect",
            Verdict.NoCell => "No cell, reversed clip or flat group",
            Verdict.PoorContact => $"Poor contact ({r.FaultValue / 1000.0:0} mΩ)",
            Verdict.Fault => $"Fault {r.Fault}",
            Verdict.Incomplete => "Incomplete",
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

        /// <summary>Truth: charge that went into the group, mAh.</summary>
        public double TrueChargedMilliampereHours { get; init; }

        /// <summary>Truth: this channel's charger current, mA.</summary>
        public double ChargerMilliamperes { get; init; }

        /// <summary>Truth: this channel's charger CV, mV.</summary>
        public double ChargerCvMillivolts { get; init; }
    }
}
