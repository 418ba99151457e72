// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Balancer.Core.Settings;

namespace Balancer.Core.Reporting
{
    /// <summary>What the technician should do with a group (spec §8). Fixed values: logged and sent over BLE.</summary>
    public enum Verdict
    {
        /// <summary>The channel was not used this session.</summary>
        NotStarted = 0,

        /// <summary>At target, holding its charge.</summary>
        Ok = 1,

        /// <summary>Self-discharge above the leaky threshold: x mV/h.</summary>
        Leaky = 2,

        /// <summary>A deep group did not pass the recovery voltage in time.</summary>
        FailedToRecover = 3,

        /// <summary>The charger's own CV stopped short of the target: the group is as full as this module can make it.</summary>
        ChargerLimit = 4,

        /// <summary>Below 1.5 V at the check: replace the group.</summary>
        Quarantined = 5,

        /// <summary>The leads spanned more than one group.</summary>
        MisClip = 6,

        /// <summary>A thermistor or the INA219 failed.</summary>
        SensorFault = 7,

        /// <summary>More charge went in than the group can hold, or the charge took far too long: an internal short or a wrong capacity.</summary>
        CapacitySuspect = 8,

        /// <summary>No cell, a reversed clip or a flat group.</summary>
        NoCell = 9,

        /// <summary>The clip's contact resistance is too high: reseat it.</summary>
        PoorContact = 10,

        /// <summary>Stopped by another fault (see the fault code and values).</summary>
        Fault = 11,

        /// <summary>Stopped before the end, or still running.</summary>
        Incomplete = 12,

        /// <summary>
        /// The hold was too short to tell a leak from the relaxation's tail: the figure's uncertainty reaches the leaky
        /// threshold. Hold longer (overnight).
        /// </summary>
        HoldInconclusive = 13,

        /// <summary>The group was already at or above the target when it was checked: nothing to do (the adapter cannot discharge).</summary>
        AlreadyAtTarget = 14,

        /// <summary>
        /// The adapter lost power or restarted while the channel was working: the line is its last account in the recovery
        /// log. Nothing resumed by itself; start it again (its clip is checked again).
        /// </summary>
        Interrupted = 15,
    }

    /// <summary>One group's line in the morning report (spec §8). Integers in the units of their names.</summary>
    public struct ChannelReport
    {
        /// <summary>Channel index.</summary>
        public int Channel;

        /// <summary>Final state.</summary>
        public ChannelState State;

        /// <summary>What to do.</summary>
        public Verdict Verdict;

        /// <summary>Rested voltage at the check, mV (0 if never measured).</summary>
        public int StartOcvMillivolts;

        /// <summary>Last rested voltage, mV (0 if never measured).</summary>
        public int EndOcvMillivolts;

        /// <summary>Charge delivered, mAh.</summary>
        public int DeliveredMilliampereHours;

        /// <summary>Time with the relay closed, s.</summary>
        public int ChargeSeconds;

        /// <summary>Highest cell temperature, 0.1 °C; meaningful when <see cref="HasPeakTemperature"/>.</summary>
        public int PeakDeciCelsius;

        /// <summary>Whether a cell temperature was read.</summary>
        public bool HasPeakTemperature;

        /// <summary>Pauses.</summary>
        public int PauseCount;

        /// <summary>Time paused, s.</summary>
        public int PauseSeconds;

        /// <summary>Self-discharge, µV/h; meaningful when <see cref="HasSelfDischarge"/>.</summary>
        public int SelfDischargeMicrovoltsPerHour;

        /// <summary>The self-discharge's uncertainty, µV/h; meaningful when <see cref="HasSelfDischarge"/>.</summary>
        public int SelfDischargeUncertaintyMicrovoltsPerHour;

        /// <summary>Whether a hold measured self-discharge.</summary>
        public bool HasSelfDischarge;

        /// <summary>Whether the group was already at or above the target before any charge.</summary>
        public bool WasFoundAtTarget;

        /// <summary>Whether the channel's INA219 was calibrated; without it the voltages carry the chip's own ±0.5 % (±20 mV at 4 V).</summary>
        public bool IsCalibrated;

        /// <summary>The charger's CV when it limited the charge, mV; 0 otherwise.</summary>
        public int ChargerLimitMillivolts;

        /// <summary>Series resistance from the contact probe, µΩ; 0 when not measured.</summary>
        public int SeriesResistanceMicroohms;

        /// <summary>The latched fault, or None.</summary>
        public FaultCode Fault;

        /// <summary>The measured value at the fault.</summary>
        public int FaultValue;

        /// <summary>The threshold it crossed.</summary>
        public int FaultThreshold;

        /// <summary>Whether the session was cut by a power loss or restart while this channel was working.</summary>
        public bool WasInterrupted;
    }

    /// <summary>Builds the morning report from the channels' accounts.</summary>
    public static class MorningReport
    {
        /// <summary>Fills one line per channel, in place.</summary>
        public static void Fill(BalancerController controller, ChannelReport[] reports)
        {
            for (var i = 0; i < reports.Length && i < controller.ChannelCount; i++)
            {
                FillLine(controller, i, ref reports[i]);
            }
        }

        /// <summary>One channel's line of the report, from its live account.</summary>
        public static void FillLine(BalancerController controller, int channel, ref ChannelReport line) =>
            FromAccount(
                controller.Channel(channel).Account,
                channel,
                controller.IsCalibrated(channel),
                controller.Settings.Get(SettingId.LeakyMicrovoltsPerHour),
                false,
                ref line);

        /// <summary>
        /// One line from a channel's account: the live one, or the last one the recovery log holds. When the session was
        /// <paramref name="interrupted"/> (a power loss or restart), a channel that was still working gets
        /// <see cref="Verdict.Interrupted"/>; one that had finished or faulted keeps its verdict.
        /// </summary>
        public static void FromAccount(ChannelAccount account, int channel, bool calibrated, int leakyMicrovoltsPerHour, bool interrupted, ref ChannelReport report)
        {
            report.Channel = channel;
            report.State = account.State;
            report.StartOcvMillivolts = account.HasStartOcv ? account.StartOcvMillivolts : 0;
            report.EndOcvMillivolts = account.HasOcv ? account.OcvMillivolts : 0;
            report.DeliveredMilliampereHours = (int)(account.DeliveredMicroampereMilliseconds / ChannelAccount.MicroampereMillisecondsPerMilliampereHour);
            report.ChargeSeconds = (int)(account.ChargeMilliseconds / 1000);
            report.PeakDeciCelsius = account.PeakDeciCelsius;
            report.HasPeakTemperature = account.HasPeakTemperature;
            report.PauseCount = account.PauseCount;
            report.PauseSeconds = (int)(account.PauseMilliseconds / 1000);
            report.SelfDischargeMicrovoltsPerHour = account.SelfDischargeMicrovoltsPerHour;
            report.SelfDischargeUncertaintyMicrovoltsPerHour = account.SelfDischargeUncertaintyMicrovoltsPerHour;
            report.HasSelfDischarge = account.HasSelfDischarge;
            report.WasFoundAtTarget = account.IsFoundAtTarget;
            report.IsCalibrated = calibrated;
            report.ChargerLimitMillivolts = account.ChargerLimitMillivolts;
            report.SeriesResistanceMicroohms = account.HasSeriesResistance ? account.SeriesResistanceMicroohms : 0;
            report.Fault = account.Fault;
            report.FaultValue = account.FaultValue;
            report.FaultThreshold = account.FaultThreshold;
            report.WasInterrupted = interrupted && ChannelStates.IsWorking(account.State);
            report.Verdict = report.WasInterrupted && account.Fault == FaultCode.None
                ? Verdict.Interrupted
                : VerdictFor(ref report, account.Mode, leakyMicrovoltsPerHour);
        }

        /// <summary>The verdict for one line: faults name their cause; a finished group is judged by its hold and its charger.</summary>
        public static Verdict VerdictFor(ref ChannelReport report, ChannelMode mode, int leakyMicrovoltsPerHour)
        {
            switch (report.Fault)
            {
                case FaultCode.None:
                    break;
                case FaultCode.Quarantined:
                    return Verdict.Quarantined;
                case FaultCode.MisClip:
                    return Verdict.MisClip;
                case FaultCode.NoCellOrReversed:
                    return Verdict.NoCell;
                case FaultCode.PoorContact:
                    return Verdict.PoorContact;
                case FaultCode.SensorFault:
                case FaultCode.SensorLost:
                    return Verdict.SensorFault;
                case FaultCode.SelfTestFailed:
                    // The threshold carries the finding: a sensor's, or the dead-man's, which is the board's fault.
                    return report.FaultThreshold >= (int)SelfTestFinding.DeadManNotEnabling ? Verdict.Fault : Verdict.SensorFault;
                case FaultCode.NoRecovery:
                    return Verdict.FailedToRecover;
                case FaultCode.CapacityExceeded:
                case FaultCode.Timeout:
                    return Verdict.CapacitySuspect;
                default:
                    return Verdict.Fault;
            }

            if (report.State == ChannelState.Idle && report.StartOcvMillivolts == 0)
            {
                return Verdict.NotStarted;
            }

            // Leaky only when the figure reaches the threshold and is told from no leak at all; a figure whose uncertainty
            // still reaches the threshold says nothing either way.
            var rate = report.SelfDischargeMicrovoltsPerHour;
            var uncertainty = report.SelfDischargeUncertaintyMicrovoltsPerHour;
            if (report.HasSelfDischarge && rate >= leakyMicrovoltsPerHour && rate > uncertainty)
            {
                return Verdict.Leaky;
            }

            if (mode == ChannelMode.MonitorOnly)
            {
                return report.State == ChannelState.Ready ? Verdict.Ok : Verdict.Incomplete;
            }

            if (report.State != ChannelState.Done && report.State != ChannelState.Topped && report.State != ChannelState.Holding)
            {
                return Verdict.Incomplete;
            }

            if (report.HasSelfDischarge && (long)rate + uncertainty >= leakyMicrovoltsPerHour)
            {
                return Verdict.HoldInconclusive;
            }

            if (report.WasFoundAtTarget)
            {
                return Verdict.AlreadyAtTarget;
            }

            return report.ChargerLimitMillivolts != 0 ? Verdict.ChargerLimit : Verdict.Ok;
        }
    }
}
