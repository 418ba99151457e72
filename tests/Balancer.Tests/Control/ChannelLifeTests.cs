// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Settings;
using Balancer.Tests.Settings;
using Xunit;
using static Balancer.Tests.TestTime;

namespace Balancer.Tests.Control
{
    /// <summary>Every edge of a channel's life (spec §3), one test each, driven by a toy group.</summary>
    public class ChannelLifeTests
    {
        [Fact]
        public void Idle_Goes_To_Checking_On_Start_With_The_Relay_Open_And_The_Charger_Powered()
        {
            var rig = new ControlRig();

            Assert.Equal(CommandResult.Ok, rig.Controller.Start(0));

            Assert.Equal(ChannelState.Checking, rig.State());
            Assert.Equal(CheckStep.Settling, rig.Channel().CheckStep);
            Assert.False(rig.Coils[0].IsHigh);
            Assert.True(rig.Supplies[0].IsHigh);
            Assert.Contains((ChannelState.Idle, ChannelState.Checking, TransitionReason.StartCommand), rig.Recorder.Transitions(0));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(499)]
        public void Checking_Refuses_A_Clip_Below_Half_A_Volt_As_No_Cell_Reversed_Or_Flat(int millivolts)
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = millivolts;

            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Fault, 5_000);

            Assert.Equal(FaultCode.NoCellOrReversed, rig.Channel().Fault);
            Assert.Equal(Balancer.Core.Guardrails.GuardrailId.ClipNoCell, rig.Channel().FaultGuardrail);
            Assert.Equal(millivolts, rig.Channel().FaultValue);
            Assert.Equal(0, rig.Coils[0].TransitionCount);
        }

        [Fact]
        public void Checking_Accepts_Half_A_Volt_As_A_Cell_To_Classify_Further()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 500;

            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Fault, 5_000);

            Assert.Equal(FaultCode.Quarantined, rig.Channel().Fault);
            Assert.Equal(Balancer.Core.Guardrails.GuardrailId.ClipQuarantine, rig.Channel().FaultGuardrail);
        }

        [Theory]
        [InlineData(4351)]
        [InlineData(8100)]
        public void Checking_Refuses_A_Clip_Above_4_35_V_As_A_Mis_Clip_And_Never_Closes_The_Relay(int millivolts)
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = millivolts;

            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Fault, 5_000);
            rig.RunFor(Minute);

            Assert.Equal(FaultCode.MisClip, rig.Channel().Fault);
            Assert.Equal(Balancer.Core.Guardrails.GuardrailId.ClipSpansGroups, rig.Channel().FaultGuardrail);
            Assert.Equal(millivolts, rig.Channel().FaultValue);
            Assert.Equal(0, rig.Coils[0].TransitionCount);
            Assert.False(rig.Supplies[0].IsHigh);
        }

        [Fact]
        public void Checking_Refuses_A_Group_Above_4_25_V_At_Rest_As_Over_Voltage_Without_Closing_The_Relay()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4350;

            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Fault, 5_000);

            Assert.Equal(FaultCode.OverVoltage, rig.Channel().Fault);
            Assert.Equal(4350, rig.Channel().FaultValue);
            Assert.Equal(0, rig.Coils[0].TransitionCount);
        }

        [Fact]
        public void Checking_Accepts_4_25_V_At_Rest_And_Tops_It_Without_Charging()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4250;

            rig.Controller.Start(0);
            rig.RunUntil(() => rig.State() == ChannelState.Topped, 2 * Minute, "topped");

            Assert.Equal(0, rig.Channel().DeliveredMilliampereHours);
        }

        [Theory]
        [InlineData(1499, true)]
        [InlineData(1500, false)]
        public void Checking_Quarantines_A_Group_Below_1_5_V(int millivolts, bool quarantined)
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = millivolts;

            rig.Controller.Start(0);
            rig.Ticks(20);

            Assert.Equal(quarantined, rig.Channel().Fault == FaultCode.Quarantined);
            Assert.Equal(quarantined ? CheckStep.None : CheckStep.AwaitingConfirmation, rig.Channel().CheckStep);
        }

        [Fact]
        public void Checking_Waits_For_Confirmation_Of_A_Deep_Discharged_Group_Before_Closing_The_Relay()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 2200;
            rig.Controller.Start(0);
            rig.RunFor(10 * Minute);

            Assert.Equal(CheckStep.AwaitingConfirmation, rig.Channel().CheckStep);
            Assert.Equal(0, rig.Coils[0].TransitionCount);
            var asked = Assert.Single(rig.Recorder.Of(EventKind.ConfirmationNeeded, 0));
            Assert.Equal(2200, asked.Value);

            Assert.Equal(CommandResult.Ok, rig.Controller.ConfirmDeepDischarge(0));
            rig.Tick();

            Assert.Equal(CheckStep.ProbingContact, rig.Channel().CheckStep);
            Assert.True(rig.Coils[0].IsHigh);
        }

        [Fact]
        public void Confirmation_Is_Refused_When_Nothing_Waits_For_It()
        {
            var rig = new ControlRig();

            Assert.Equal(CommandResult.WrongState, rig.Controller.ConfirmDeepDischarge(0));
        }

        [Theory]
        [InlineData(2499, CheckStep.AwaitingConfirmation)]
        [InlineData(2500, CheckStep.ProbingContact)]
        public void Checking_Asks_For_Confirmation_Only_Below_2_5_V(int millivolts, CheckStep expected)
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = millivolts;

            rig.Controller.Start(0);
            rig.RunUntil(() => rig.Channel().CheckStep == expected, 5_000, expected.ToString());
        }

        [Fact]
        public void Checking_Refuses_A_Contact_Above_300_Milliohms_With_The_Figure()
        {
            var rig = new ControlRig();
            rig.Groups[0].SeriesMilliohms = 400;

            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Fault, 5_000);

            Assert.Equal(FaultCode.PoorContact, rig.Channel().Fault);
            Assert.Equal(Balancer.Core.Guardrails.GuardrailId.ClipContact, rig.Channel().FaultGuardrail);
            // ΔV at 1 A through 400 mΩ is 400 mV; the toy's readings are exact to the mV.
            Assert.InRange(rig.Channel().FaultValue, 395_000, 405_000);
            Assert.Equal(300_000, rig.Channel().FaultThreshold);
            Assert.False(rig.Coils[0].IsHigh);
        }

        [Fact]
        public void Checking_Measures_A_Good_Contact_And_Goes_Ready()
        {
            var rig = new ControlRig();
            rig.Groups[0].SeriesMilliohms = 250;

            rig.Controller.Start(0);
            rig.RunUntil(() => rig.State() != ChannelState.Checking, 5_000, "check done");

            Assert.Equal(ChannelState.Ready, rig.State());
            Assert.Equal(TransitionReason.ClipChecked, rig.Channel().LastReason);
            Assert.InRange(rig.Channel().SeriesResistanceMicroohms, 245_000, 255_000);
            Assert.False(rig.Coils[0].IsHigh);
            var probe = Assert.Single(rig.Recorder.Of(EventKind.ContactResistance, 0));
            Assert.Equal(rig.Channel().SeriesResistanceMicroohms, probe.Value);
        }

        [Fact]
        public void Checking_Leaves_The_Resistance_Unknown_When_The_Charger_Gives_Too_Little_Current_To_Measure()
        {
            var rig = new ControlRig();
            rig.Groups[0].ChargerMilliamperes = 40;

            rig.Controller.Start(0);
            rig.RunUntil(() => rig.State() != ChannelState.Checking, 5_000, "check done");

            Assert.Equal(ChannelState.Ready, rig.State());
            Assert.False(rig.Channel().HasSeriesResistance);
        }

        [Fact]
        public void Ready_Starts_Charging_Only_After_The_Rest_Time_When_Below_Target()
        {
            var rig = new ControlRig();
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Ready, 5_000);
            var readyAt = rig.Now;

            rig.RunUntilState(ChannelState.Charging, 2 * Minute);

            Assert.InRange(rig.Now - readyAt, 30_000, 32_000);
            Assert.Equal(TransitionReason.BelowTarget, rig.Channel().LastReason);
            Assert.True(rig.Coils[0].IsHigh);
            Assert.InRange(rig.Channel().OcvMillivolts, 3899, 3901);
        }

        [Fact]
        public void Ready_Charges_A_Group_In_The_Lower_Half_Of_The_Tolerance_Towards_The_Target()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4197;
            rig.Controller.Start(0);

            rig.RunUntil(() => rig.State() != ChannelState.Checking && rig.State() != ChannelState.Ready, 2 * Minute, "decided");

            Assert.Equal(ChannelState.Charging, rig.State());
        }

        [Fact]
        public void Ready_Goes_To_Topped_When_The_Rested_Voltage_Is_Already_In_The_Upper_Half_Of_The_Tolerance()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4198;
            rig.Controller.Start(0);

            rig.RunUntil(() => rig.State() != ChannelState.Checking && rig.State() != ChannelState.Ready, 2 * Minute, "decided");

            Assert.Equal(ChannelState.Topped, rig.State());
            Assert.Equal(TransitionReason.FoundAtTarget, rig.Channel().LastReason);
            Assert.True(rig.Channel().IsFoundAtTarget);
            Assert.Equal(0, rig.Channel().DeliveredMilliampereHours);
        }

        [Fact]
        public void A_Group_Found_At_Target_That_Sags_And_Takes_Charge_Is_No_Longer_Reported_As_Found_There()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4198;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Topped, 2 * Minute);

            rig.Groups[0].OcvMillivolts = 4185;
            rig.RunUntilState(ChannelState.Charging, Minute);

            Assert.False(rig.Channel().IsFoundAtTarget);
        }

        [Fact]
        public void Ready_Waits_While_The_Target_Is_Unknown()
        {
            var rig = new ControlRig(2, s => s.Accept(SettingId.TargetMode, (int)TargetMode.MatchReference));
            rig.Set(SettingId.ReferenceChannel, 1);
            rig.Controller.SetMode(1, ChannelMode.MonitorOnly);

            rig.Controller.Start(0);
            rig.RunFor(2 * Minute);

            Assert.Equal(ChannelState.Ready, rig.State());
            Assert.False(rig.Controller.HasTarget);
            Assert.Equal(1, rig.Coils[0].TransitionCount / 2); // the contact probe only
        }

        [Fact]
        public void Charging_Rests_When_The_Pulse_Runs_Its_Length()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.ChargePulseMilliseconds, 20_000));
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();
            var chargingSince = rig.Channel().StateEnteredAtMilliseconds;

            rig.RunUntilState(ChannelState.Resting, Minute);

            Assert.Equal(TransitionReason.PulseComplete, rig.Channel().LastReason);
            Assert.InRange(rig.Now - chargingSince, 20_000, 20_000 + rig.Period);
            Assert.False(rig.Coils[0].IsHigh);
        }

        [Fact]
        public void Charging_Rests_When_The_Voltage_Corrected_For_Series_Resistance_Nears_The_Target()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.TargetMode, (int)TargetMode.MatchValue));
            rig.Set(SettingId.TargetMillivolts, 4100);
            rig.Groups[0].OcvMillivolts = 4050;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 2; // small group: 45 mV in about 22 mAh
            rig.StartAndRunToCharging();

            rig.RunUntilState(ChannelState.Resting, 10 * Minute);

            Assert.Equal(TransitionReason.NearTarget, rig.Channel().LastReason);
            // The loaded voltage is 60 mV above the group's; the corrected one, averaged over a second, stopped at the
            // target (the toy group does not relax, and the rig tells the firmware so).
            Assert.InRange(rig.Groups[0].OcvMillivolts, 4099, 4102);
        }

        [Fact]
        public void Resting_Charges_Again_When_The_Rested_Voltage_Is_Below_Target()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.ChargePulseMilliseconds, 20_000));
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();
            rig.RunUntilState(ChannelState.Resting, Minute);
            var restingSince = rig.Now;

            rig.RunUntilState(ChannelState.Charging, 2 * Minute);

            Assert.InRange(rig.Now - restingSince, 30_000, 32_000);
            Assert.Equal(TransitionReason.BelowTarget, rig.Channel().LastReason);
            Assert.Contains(rig.Recorder.Of(EventKind.OcvMeasured, 0), e => e.Value > 3700);
        }

        [Fact]
        public void Charging_Stops_When_Group_Reaches_Target_Without_Overshoot()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.TargetMode, (int)TargetMode.MatchValue));
            rig.Set(SettingId.TargetMillivolts, 4000);
            rig.Groups[0].OcvMillivolts = 3850;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 0.25;
            var highest = 0.0;

            rig.Controller.Start(0);
            rig.RunUntil(
                () =>
                {
                    highest = System.Math.Max(highest, rig.Groups[0].OcvMillivolts);
                    return rig.State() == ChannelState.Topped;
                },
                4 * 60 * Minute,
                "topped");

            Assert.Equal(TransitionReason.AtTarget, rig.Channel().LastReason);
            Assert.InRange(rig.Channel().OcvMillivolts, 3995, 4005);
            Assert.True(highest <= 4005, $"overshot to {highest:F1} mV");
            // 150 mV at 0.25 mV/mAh is 600 mAh.
            Assert.InRange(rig.Channel().DeliveredMilliampereHours, 575, 602);
        }

        [Fact]
        public void Topped_Reports_The_Charger_Limit_When_The_Chargers_CV_Is_Below_Target()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4120;
            rig.Groups[0].ChargerCvMillivolts = 4170;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 2;

            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Topped, 60 * Minute);

            Assert.Equal(TransitionReason.ChargerLimit, rig.Channel().LastReason);
            Assert.InRange(rig.Channel().ChargerLimitMillivolts, 4160, 4172);
            Assert.InRange(rig.Channel().OcvMillivolts, 4160, 4171);
            Assert.Equal(2, rig.Recorder.Transitions(0).Count(t => t.Reason == TransitionReason.ChargerTapered));
        }

        [Fact]
        public void Topped_Calls_A_Group_Full_When_The_Charger_Terminates_At_The_Target()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4050;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 0.5;

            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Topped, 2 * 60 * Minute);

            // The TP4056 at exactly 4.20 V stops at 100 mA, 6 mV of IR short of its CV through 60 mΩ: full by CC/CV.
            Assert.Equal(TransitionReason.ChargerTerminated, rig.Channel().LastReason);
            Assert.Equal(0, rig.Channel().ChargerLimitMillivolts);
            Assert.InRange(rig.Channel().OcvMillivolts, 4192, 4196);
            rig.RunUntilState(ChannelState.Done, 10 * Minute);
            Assert.DoesNotContain(rig.Recorder.Transitions(0), t => t.Reason == TransitionReason.Sagged);
        }

        [Fact]
        public void Ready_Pauses_When_A_Pause_Condition_Arises_Before_Charging()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Ready, 5_000);

            rig.SupplyMillivolts = 10_000;
            rig.Tick();

            Assert.Equal(ChannelState.Paused, rig.State());
            Assert.Equal(Core.Guardrails.GuardrailId.SupplyLow, rig.Recorder.Of(EventKind.PauseStarted, 0).Single().Guardrail);
        }

        [Fact]
        public void Resting_Pauses_When_A_Pause_Condition_Arises_And_Resumes_Through_A_Rest()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.ChargePulseMilliseconds, 20_000));
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();
            rig.RunUntilState(ChannelState.Resting, Minute);

            rig.BoardDeciCelsius = 720;
            rig.Tick();
            Assert.Equal(ChannelState.Paused, rig.State());
            rig.BoardDeciCelsius = 550;
            rig.Tick();

            Assert.Equal(ChannelState.Resting, rig.State());
            rig.RunUntilState(ChannelState.Charging, Minute);
        }

        [Fact]
        public void Topped_Finishes_After_Settling_When_No_Hold_Is_Set()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4198;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Topped, 2 * Minute);
            var toppedAt = rig.Now;

            rig.RunUntilState(ChannelState.Done, 10 * Minute);

            Assert.InRange(rig.Now - toppedAt, 5 * Minute, (5 * Minute) + rig.Period);
            Assert.Equal(TransitionReason.TopSettled, rig.Channel().LastReason);
            Assert.False(rig.Supplies[0].IsHigh);
        }

        [Fact]
        public void Topped_Charges_Again_When_The_Group_Sags_Below_Tolerance_While_Settling()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4198;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Topped, 2 * Minute);

            rig.Groups[0].OcvMillivolts = 4190;
            rig.RunUntilState(ChannelState.Charging, Minute);

            Assert.Equal(TransitionReason.Sagged, rig.Channel().LastReason);
        }

        [Fact]
        public void Holding_Measures_Self_Discharge_Within_Ten_Percent_Of_The_Leak()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.HoldEnabled, 1));
            rig.Groups[0].OcvMillivolts = 4199;
            rig.Groups[0].LeakMillivoltsPerHour = 3;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Holding, 10 * Minute);
            var holdingAt = rig.Now;

            rig.RunUntilState(ChannelState.Done, 70 * Minute);

            Assert.InRange(rig.Now - holdingAt, 60 * Minute, (60 * Minute) + rig.Period);
            Assert.Equal(TransitionReason.HoldComplete, rig.Channel().LastReason);
            Assert.True(rig.Channel().HasSelfDischarge);
            Assert.InRange(rig.Channel().SelfDischargeMicrovoltsPerHour, 2700, 3300);
            Assert.Equal(60, rig.Recorder.Of(EventKind.HoldSample, 0).Count());
        }

        [Fact]
        public void Paused_Resumes_By_Itself_When_The_Condition_Clears_And_Counts_The_Pause()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();

            rig.Groups[0].TemperatureDeciCelsius = 460;
            rig.Tick();
            Assert.Equal(ChannelState.Paused, rig.State());
            rig.RunFor(Minute);
            rig.Groups[0].TemperatureDeciCelsius = 400;
            rig.Tick();

            Assert.Equal(ChannelState.Resting, rig.State());
            Assert.Equal(TransitionReason.PauseCleared, rig.Channel().LastReason);
            Assert.Equal(1, rig.Channel().PauseCount);
            Assert.InRange(rig.Channel().PauseMilliseconds, Minute, Minute + (2 * rig.Period));
            var ended = Assert.Single(rig.Recorder.Of(EventKind.PauseEnded, 0));
            Assert.Equal(Core.Guardrails.GuardrailId.CellHot, ended.Guardrail);
            rig.RunUntilState(ChannelState.Charging, Minute);
        }

        [Fact]
        public void Fault_Clears_Only_When_Its_Cause_Is_Gone_And_Returns_To_Idle()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();
            rig.Groups[0].TemperatureDeciCelsius = 560;
            rig.Tick();
            Assert.Equal(FaultCode.OverTemperature, rig.Channel().Fault);

            Assert.Equal(CommandResult.CauseStillPresent, rig.Controller.ClearFault(0));
            Assert.Equal(ChannelState.Fault, rig.State());

            rig.Groups[0].TemperatureDeciCelsius = 300;
            rig.Tick();
            Assert.Equal(CommandResult.Ok, rig.Controller.ClearFault(0));
            Assert.Equal(ChannelState.Idle, rig.State());
            Assert.Single(rig.Recorder.Of(EventKind.FaultCleared, 0));
        }

        [Fact]
        public void Start_Is_Refused_On_A_Latched_Fault()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 5000;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Fault, 5_000);

            Assert.Equal(CommandResult.WrongState, rig.Controller.Start(0));
            Assert.Equal(CommandResult.WrongState, rig.Controller.Stop(0));
            Assert.Equal(ChannelState.Fault, rig.State());
        }

        [Fact]
        public void Stop_Returns_A_Charging_Channel_To_Idle_With_The_Relay_Open_And_The_Charger_Off()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();

            Assert.Equal(CommandResult.Ok, rig.Controller.Stop(0));

            Assert.Equal(ChannelState.Idle, rig.State());
            Assert.Equal(TransitionReason.StopCommand, rig.Channel().LastReason);
            Assert.False(rig.Coils[0].IsHigh);
            Assert.False(rig.Supplies[0].IsHigh);
        }

        [Fact]
        public void Done_Starts_A_New_Session_On_Start()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 4198;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Done, 10 * Minute);

            Assert.Equal(CommandResult.Ok, rig.Controller.Start(0));

            Assert.Equal(ChannelState.Checking, rig.State());
            Assert.False(rig.Channel().HasOcv);
        }

        [Fact]
        public void Emergency_Stop_Opens_Every_Relay_Cuts_Every_Charger_And_Holds_Until_A_Start()
        {
            var rig = new ControlRig(2);
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[1].OcvMillivolts = 3700;
            rig.Controller.StartAll();
            rig.RunUntil(() => rig.State(0) == ChannelState.Charging && rig.State(1) == ChannelState.Charging, 2 * Minute, "both charging");

            rig.Controller.EmergencyStop();

            Assert.All(rig.Coils, c => Assert.False(c.IsHigh));
            Assert.All(rig.Supplies, s => Assert.False(s.IsHigh));
            Assert.Equal(ChannelState.Idle, rig.State(0));
            Assert.Equal(ChannelState.Idle, rig.State(1));
            Assert.True(rig.Controller.IsEmergencyStopped);
            Assert.Single(rig.Recorder.Of(EventKind.EmergencyStop, -1));
            rig.RunFor(Minute);
            Assert.All(rig.Coils, c => Assert.False(c.IsHigh));

            rig.Controller.Start(0);
            Assert.False(rig.Controller.IsEmergencyStopped);
        }

        [Fact]
        public void An_Unknown_State_Is_A_Fault_With_The_Relay_Open()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();
            typeof(ChannelController).GetProperty(nameof(ChannelController.State))!.SetValue(rig.Channel(), (ChannelState)42);

            rig.Tick();

            Assert.Equal(ChannelState.Fault, rig.State());
            Assert.Equal(FaultCode.InternalError, rig.Channel().Fault);
            Assert.Equal(TransitionReason.UnknownState, rig.Channel().LastReason);
            Assert.False(rig.Coils[0].IsHigh);
        }

        [Fact]
        public void Relays_Switch_Only_On_Entering_A_State_Or_The_Contact_Probe()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.ChargePulseMilliseconds, 20_000));
            rig.Groups[0].OcvMillivolts = 4000;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 1;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Done, 3 * 60 * Minute);

            var events = rig.Recorder.Events.Where(e => e.Channel == 0).ToList();
            var relayEvents = events.Select((e, i) => (e, i)).Where(x => x.e.Kind == EventKind.RelayChanged).ToList();
            Assert.True(relayEvents.Count >= 6);
            foreach (var (relay, index) in relayEvents)
            {
                var before = events[index - 1];
                var entered = before.Kind == EventKind.StateChanged || before.Kind == EventKind.CheckStepChanged;
                Assert.True(
                    entered && before.TimeMilliseconds == relay.TimeMilliseconds,
                    $"relay {(relay.Value == 1 ? "closed" : "opened")} at {relay.TimeMilliseconds} ms after {before.Kind}");
            }
        }
    }
}
