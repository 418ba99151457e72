// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Reporting;
using Balancer.Core.Settings;
using Balancer.Drivers.Ntc;
using Balancer.Tests.Control;
using Balancer.Tests.Settings;
using Xunit;
using static Balancer.Tests.TestTime;

namespace Balancer.Tests.Reporting
{
    /// <summary>The morning report (spec §8): a session per verdict, run on a toy group, judged as a technician would.</summary>
    public class MorningReportTests
    {
        private const int Hour = 60 * Minute;

        public static IEnumerable<object[]> Sessions()
        {
            yield return Case(Verdict.Ok, g => g.OcvMillivolts = 4100, 3 * Hour);
            yield return Case(Verdict.AlreadyAtTarget, g => g.OcvMillivolts = 4199, 10 * Minute);
            yield return Case(Verdict.Leaky, g => { g.OcvMillivolts = 4199; g.LeakMillivoltsPerHour = 1; g.NoiseMillivolts = 2; }, 7 * Hour, holdHours: 6);
            yield return Case(Verdict.Ok, g => { g.OcvMillivolts = 4150; g.LeakMillivoltsPerHour = 0.1; g.NoiseMillivolts = 2; }, 8 * Hour, holdHours: 6);

            // One hour of hold cannot tell 0.1 mV/h from the half a millivolt a dithered mean may sit off by.
            yield return Case(Verdict.HoldInconclusive, g => { g.OcvMillivolts = 4199; g.LeakMillivoltsPerHour = 0.1; g.NoiseMillivolts = 2; }, 2 * Hour, holdHours: 1);
            yield return Case(Verdict.ChargerLimit, g => { g.OcvMillivolts = 4120; g.ChargerCvMillivolts = 4170; g.SlopeMillivoltsPerMilliampereHour = 2; }, 2 * Hour);
            yield return Case(Verdict.Quarantined, g => g.OcvMillivolts = 1200, Minute);
            yield return Case(Verdict.MisClip, g => g.OcvMillivolts = 7900, Minute);
            yield return Case(Verdict.NoCell, g => g.OcvMillivolts = 0, Minute);
            yield return Case(Verdict.PoorContact, g => g.SeriesMilliohms = 450, Minute);
            yield return Case(Verdict.SensorFault, g => g.NtcStatus = NtcStatus.Open, Minute);
            yield return Case(Verdict.FailedToRecover, g => { g.OcvMillivolts = 2700; g.SlopeMillivoltsPerMilliampereHour = 0; }, Hour, confirm: true);
            yield return Case(Verdict.CapacitySuspect, g => { g.OcvMillivolts = 3700; g.SlopeMillivoltsPerMilliampereHour = 0.001; }, 12 * Hour);
            yield return Case(Verdict.Incomplete, g => g.OcvMillivolts = 3600, 10 * Minute);
        }

        private static object[] Case(Verdict verdict, Action<ToyGroup> group, long runMilliseconds, int holdHours = 0, bool confirm = false) =>
            new object[] { verdict, group, runMilliseconds, holdHours, confirm };

        [Theory]
        [MemberData(nameof(Sessions))]
        public void Each_Outcome_Gets_The_Verdict_A_Technician_Can_Act_On(Verdict expected, Action<ToyGroup> group, long runMilliseconds, int holdHours, bool confirm)
        {
            var rig = new ControlRig(2, s =>
            {
                s.Accept(SettingId.HoldEnabled, holdHours > 0 ? 1 : 0);
                s.Accept(SettingId.HoldMilliseconds, Math.Max(holdHours, 1) * Hour);
                s.Accept(SettingId.GroupCapacityMilliampereHours, 2600);
            });
            group(rig.Groups[0]);
            rig.Controller.Start(0);
            rig.RunUntil(() => rig.State() != ChannelState.Checking || rig.Channel().CheckStep == CheckStep.AwaitingConfirmation, Minute, "checked");
            if (confirm)
            {
                rig.Controller.ConfirmDeepDischarge(0);
            }

            var end = rig.Now + runMilliseconds;
            while (rig.Now < end && rig.State() is not (ChannelState.Done or ChannelState.Fault))
            {
                rig.Tick();
            }

            var reports = new ChannelReport[2];
            MorningReport.Fill(rig.Controller, reports);

            Assert.Equal(expected, reports[0].Verdict);
            Assert.Equal(Verdict.NotStarted, reports[1].Verdict);
            Assert.Equal(rig.Channel().Fault, reports[0].Fault);
        }

        [Fact]
        public void A_Line_Carries_The_Numbers_Of_The_Session()
        {
            var rig = new ControlRig(1, s =>
            {
                s.Accept(SettingId.HoldEnabled, 1);
                s.Accept(SettingId.HoldMilliseconds, 6 * Hour);
            });
            rig.Groups[0].OcvMillivolts = 4050;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 0.5;
            rig.Groups[0].LeakMillivoltsPerHour = 0.1;
            rig.Groups[0].TemperatureDeciCelsius = 312;
            rig.Groups[0].NoiseMillivolts = 2;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Done, 8 * Hour);
            var reports = new ChannelReport[1];

            MorningReport.Fill(rig.Controller, reports);

            var line = reports[0];
            Assert.Equal(Verdict.Ok, line.Verdict);
            Assert.Equal(4050, line.StartOcvMillivolts);
            Assert.InRange(line.EndOcvMillivolts, 4190, 4200); // the 4.20 V charger terminates 6 mV of IR short of its CV
            Assert.InRange(line.DeliveredMilliampereHours, 285, 305); // 150 mV at 0.5 mV/mAh, less the leak
            // CC at 1 A until the loaded voltage meets the 4.20 V CV (OCV 4.14 V): 180 mAh in 648 s. Then CV through
            // 60 mΩ: the gap closes with τ = 60 mΩ × 3600 s / 0.5 mV/mAh = 432 s, from 60 mV to the 6 mV of the
            // 100 mA termination, ln 10 × 432 s = 995 s. Together about 1643 s.
            Assert.InRange(line.ChargeSeconds, 1600, 1700);
            Assert.Equal(312, line.PeakDeciCelsius);
            Assert.True(line.HasSelfDischarge);
            Assert.InRange(line.SelfDischargeMicrovoltsPerHour, 50, 150);
            Assert.InRange(line.SelfDischargeUncertaintyMicrovoltsPerHour, 150, 400); // mostly the ripple of dithered 4 mV codes

            Assert.InRange(line.SeriesResistanceMicroohms, 55_000, 65_000);
            Assert.Equal(0, line.PauseCount);
        }
    }
}
