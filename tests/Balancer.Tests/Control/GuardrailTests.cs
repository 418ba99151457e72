// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Guardrails;
using Balancer.Core.Settings;
using Balancer.Drivers.Ntc;
using Balancer.Tests.Settings;
using Xunit;
using static Balancer.Tests.TestTime;

namespace Balancer.Tests.Control
{
    /// <summary>
    /// Every row of the guardrail table (spec §5): trips at its threshold in the tick of the offending sample, not just
    /// below it, releases only past its hysteresis, and latches and clears by the rules.
    /// </summary>
    public class GuardrailTests
    {
        private static ControlRig Charging(System.Action<BalancerSettings> configure = null)
        {
            var rig = new ControlRig(1, configure);
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();
            return rig;
        }

        private static void AssertFaultedThisTick(ControlRig rig, FaultCode fault, GuardrailId guardrail, int value)
        {
            Assert.Equal(ChannelState.Fault, rig.State());
            Assert.Equal(fault, rig.Channel().Fault);
            Assert.Equal(guardrail, rig.Channel().FaultGuardrail);
            Assert.Equal(value, rig.Channel().FaultValue);
            Assert.False(rig.Coils[0].IsHigh);
            var latched = rig.Recorder.Of(EventKind.FaultLatched, 0).Last();
            Assert.Equal(rig.Now, latched.TimeMilliseconds);
            Assert.Equal(value, latched.Value);
        }

        [Fact]
        public void Over_Voltage_Trips_Above_4_25_V_While_Charging_In_The_Same_Tick()
        {
            var rig = Charging();
            rig.Groups[0].ForcedMillivolts = 4251;

            rig.Tick();

            AssertFaultedThisTick(rig, FaultCode.OverVoltage, GuardrailId.OverVoltage, 4251);
            Assert.Equal(4250, rig.Channel().FaultThreshold);
        }

        [Fact]
        public void Over_Voltage_Does_Not_Trip_At_4_25_V()
        {
            var rig = ChargingThroughHighResistance();
            rig.Groups[0].ForcedMillivolts = 4250;

            rig.Ticks(20);

            Assert.Equal(ChannelState.Charging, rig.State());
            Assert.True(rig.Coils[0].IsHigh);
        }

        /// <summary>A 250 mΩ path: 4.25–4.30 V under 1 A is still far from target once corrected, so charging goes on.</summary>
        private static ControlRig ChargingThroughHighResistance()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[0].SeriesMilliohms = 250;
            rig.StartAndRunToCharging();
            rig.Ticks(ChannelController.PulseResistanceSamples); // past the pulse-start contact check
            return rig;
        }

        [Fact]
        public void Over_Voltage_Cannot_Be_Set_Beyond_The_4_30_V_Hard_Limit()
        {
            var rig = ChargingThroughHighResistance();

            Assert.Equal(SettingResult.AboveMaximum, rig.Controller.TrySetSetting(SettingId.OverVoltageMillivolts, 4301, out _));
            rig.Set(SettingId.OverVoltageMillivolts, 4300);
            rig.Groups[0].ForcedMillivolts = 4300;
            rig.Tick();
            Assert.Equal(ChannelState.Charging, rig.State());
            rig.Groups[0].ForcedMillivolts = 4301;
            rig.Tick();
            Assert.Equal(FaultCode.OverVoltage, rig.Channel().Fault);
        }

        [Fact]
        public void Over_Current_Trips_On_The_Third_Sample_Above_1_3_A()
        {
            var rig = Charging();
            rig.Groups[0].ForcedMilliamperes = 1301;

            rig.Ticks(2);
            Assert.Equal(ChannelState.Charging, rig.State());
            rig.Tick();

            AssertFaultedThisTick(rig, FaultCode.OverCurrent, GuardrailId.OverCurrent, 1301);
        }

        [Fact]
        public void Over_Current_Does_Not_Trip_At_1_3_A_Or_On_Two_Samples_Apart()
        {
            var rig = Charging();
            rig.Groups[0].ForcedMilliamperes = 1300;
            rig.Ticks(10);
            rig.Groups[0].ForcedMilliamperes = 1400;
            rig.Ticks(2);
            rig.Groups[0].ForcedMilliamperes = 1000;
            rig.Tick();
            rig.Groups[0].ForcedMilliamperes = 1400;
            rig.Ticks(2);

            Assert.Equal(ChannelState.Charging, rig.State());
        }

        [Fact]
        public void Current_With_The_Relay_Open_Cuts_The_Charger_Supply_Sounds_The_Alarm_And_Faults_Relay_Stuck()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[0].LeakageWhenOpenMilliamperes = 21;
            rig.Controller.Start(0);

            rig.Ticks(2);
            Assert.Equal(ChannelState.Checking, rig.State());
            rig.Tick();

            AssertFaultedThisTick(rig, FaultCode.RelayStuck, GuardrailId.RelayStuck, 21);
            Assert.False(rig.Supplies[0].IsHigh);
            Assert.True(rig.Channel().IsAlarmSounding);
            Assert.True(rig.Controller.Status.IsAlarmSounding);
        }

        [Fact]
        public void Twenty_Milliamperes_With_The_Relay_Open_Is_Not_A_Stuck_Relay()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[0].LeakageWhenOpenMilliamperes = 20;
            rig.Controller.Start(0);

            rig.Ticks(10);

            Assert.Equal(FaultCode.None, rig.Channel().Fault);
        }

        [Fact]
        public void A_Welded_Relay_Is_Found_While_Resting_And_The_Second_Disconnect_Stops_The_Charge()
        {
            var rig = Charging(s => s.Accept(SettingId.ChargePulseMilliseconds, 20_000));
            rig.Groups[0].IsWelded = true;

            rig.RunUntilState(ChannelState.Fault, Minute);

            Assert.Equal(FaultCode.RelayStuck, rig.Channel().Fault);
            Assert.False(rig.Supplies[0].IsHigh);
            rig.Tick();
            Assert.Equal(0, rig.Frame.Channels[0].CurrentMicroamperes);
        }

        [Fact]
        public void Charger_Not_Delivering_Trips_After_Ten_Seconds_Below_20_mA_When_Far_Below_Target()
        {
            var rig = Charging();
            rig.Groups[0].ForcedMilliamperes = 19;
            rig.Groups[0].ForcedMillivolts = 3700; // below the taper floor: not a charger at its CV

            rig.Ticks(99);
            Assert.Equal(ChannelState.Charging, rig.State());
            rig.Tick();

            AssertFaultedThisTick(rig, FaultCode.ChargerNotDelivering, GuardrailId.ChargerNotDelivering, 19);
        }

        [Fact]
        public void Twenty_Milliamperes_Counts_As_Delivering()
        {
            var rig = Charging();
            rig.Groups[0].ForcedMilliamperes = 20;
            rig.Groups[0].ForcedMillivolts = 3700;

            rig.Ticks(150);

            Assert.Equal(FaultCode.None, rig.Channel().Fault);
        }

        [Fact]
        public void A_Silent_Charger_Within_50_mV_Of_Target_Is_Not_A_Fault()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.TargetMode, (int)TargetMode.MatchValue));
            rig.Set(SettingId.TargetMillivolts, 3749);
            rig.Groups[0].OcvMillivolts = 3700;
            rig.StartAndRunToCharging();
            rig.Groups[0].ForcedMilliamperes = 0;
            rig.Groups[0].ForcedMillivolts = 3700;

            rig.Ticks(150);

            Assert.NotEqual(FaultCode.ChargerNotDelivering, rig.Channel().Fault);
        }

        [Fact]
        public void A_Voltage_Falling_51_mV_Below_Its_Maximum_At_Steady_Current_Faults_Clip_Or_Short()
        {
            var rig = Charging();
            var top = rig.Frame.Channels[0].GroupMillivolts;
            rig.Groups[0].ForcedMillivolts = top - 50;
            rig.Tick();
            Assert.Equal(ChannelState.Charging, rig.State());

            rig.Groups[0].ForcedMillivolts = top - 51;
            rig.Tick();

            AssertFaultedThisTick(rig, FaultCode.ClipOrShort, GuardrailId.VoltageFalls, 51);
        }

        [Fact]
        public void A_Voltage_Fall_With_A_Current_Step_Is_Not_A_Short()
        {
            var rig = Charging();
            var top = rig.Frame.Channels[0].GroupMillivolts;
            rig.Groups[0].ForcedMillivolts = top - 80;
            rig.Groups[0].ForcedMilliamperes = 500; // current halved: the IR drop fell, the new maximum starts here

            rig.Ticks(5);

            Assert.Equal(ChannelState.Charging, rig.State());
        }

        [Theory]
        [InlineData(49, true)]
        [InlineData(50, false)]
        public void Charging_Pauses_Below_5_Degrees(int deciCelsius, bool pauses)
        {
            var rig = Charging();
            rig.Groups[0].TemperatureDeciCelsius = deciCelsius;

            rig.Tick();

            Assert.Equal(pauses ? ChannelState.Paused : ChannelState.Charging, rig.State());
            Assert.Equal(!pauses, rig.Coils[0].IsHigh);
        }

        [Fact]
        public void A_Cold_Pause_Resumes_Only_At_8_Degrees()
        {
            var rig = Charging();
            rig.Groups[0].TemperatureDeciCelsius = 20;
            rig.Tick();
            rig.Groups[0].TemperatureDeciCelsius = 79;
            rig.Ticks(10);
            Assert.Equal(ChannelState.Paused, rig.State());

            rig.Groups[0].TemperatureDeciCelsius = 80;
            rig.Tick();

            Assert.Equal(ChannelState.Resting, rig.State());
        }

        [Fact]
        public void A_Cold_Group_Is_Not_Probed_Or_Charged_Until_It_Warms()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[0].TemperatureDeciCelsius = 20;
            rig.Controller.Start(0);

            rig.RunFor(5 * Minute);

            Assert.Equal(CheckStep.HeldByPause, rig.Channel().CheckStep);
            Assert.Equal(0, rig.Coils[0].TransitionCount);
            rig.Groups[0].TemperatureDeciCelsius = 80;
            rig.RunUntilState(ChannelState.Charging, 2 * Minute);
        }

        [Theory]
        [InlineData(450, true)]
        [InlineData(449, false)]
        public void Charging_Pauses_At_45_Degrees(int deciCelsius, bool pauses)
        {
            var rig = Charging();
            rig.Groups[0].TemperatureDeciCelsius = deciCelsius;

            rig.Tick();

            Assert.Equal(pauses ? ChannelState.Paused : ChannelState.Charging, rig.State());
        }

        [Fact]
        public void A_Hot_Pause_Resumes_Only_At_40_Degrees()
        {
            var rig = Charging();
            rig.Groups[0].TemperatureDeciCelsius = 470;
            rig.Tick();
            rig.Groups[0].TemperatureDeciCelsius = 401;
            rig.Ticks(10);
            Assert.Equal(ChannelState.Paused, rig.State());

            rig.Groups[0].TemperatureDeciCelsius = 400;
            rig.Tick();

            Assert.Equal(ChannelState.Resting, rig.State());
        }

        [Theory]
        [InlineData(550, true)]
        [InlineData(549, false)]
        public void Cell_Over_Temperature_Faults_At_55_Degrees(int deciCelsius, bool faults)
        {
            var rig = Charging();
            rig.Groups[0].TemperatureDeciCelsius = deciCelsius;

            rig.Tick();

            Assert.Equal(faults ? FaultCode.OverTemperature : FaultCode.None, rig.Channel().Fault);
            Assert.Equal(faults ? ChannelState.Fault : ChannelState.Paused, rig.State());
        }

        [Fact]
        public void Cell_Over_Temperature_Faults_Even_When_Not_Charging()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.HoldEnabled, 1));
            rig.Groups[0].OcvMillivolts = 4199;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Holding, 10 * Minute);

            rig.Groups[0].TemperatureDeciCelsius = 600;
            rig.Tick();

            Assert.Equal(FaultCode.OverTemperature, rig.Channel().Fault);
        }

        [Theory]
        [InlineData(NtcStatus.Open)]
        [InlineData(NtcStatus.Short)]
        public void A_Broken_Cell_Thermistor_Faults_Sensor_Fault(NtcStatus status)
        {
            var rig = Charging();
            rig.Groups[0].NtcStatus = status;

            rig.Tick();

            AssertFaultedThisTick(rig, FaultCode.SensorFault, GuardrailId.CellSensor, 1);
        }

        [Fact]
        public void A_Channel_Without_Cell_Thermistor_Charges_Only_When_Configured_Off()
        {
            var required = new ControlRig();
            required.Groups[0].HasNtc = false;
            required.Controller.Start(0);
            required.Tick();
            Assert.Equal(FaultCode.SensorFault, required.Channel().Fault);

            var optional = new ControlRig(1, s => s.Accept(SettingId.CellSensorRequired, 0));
            optional.Groups[0].HasNtc = false;
            optional.Groups[0].OcvMillivolts = 3700;
            optional.StartAndRunToCharging();
            Assert.Equal(FaultCode.None, optional.Channel().Fault);
        }

        [Theory]
        [InlineData(700, true)]
        [InlineData(699, false)]
        public void Board_Temperature_Pauses_Every_Channel_At_70_Degrees(int deciCelsius, bool pauses)
        {
            var rig = new ControlRig(2);
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[1].OcvMillivolts = 3800;
            rig.Controller.StartAll();
            rig.RunUntil(() => rig.State(0) == ChannelState.Charging && rig.State(1) == ChannelState.Charging, 2 * Minute, "both charging");
            rig.BoardDeciCelsius = deciCelsius;

            rig.Tick();

            var expected = pauses ? ChannelState.Paused : ChannelState.Charging;
            Assert.Equal(expected, rig.State(0));
            Assert.Equal(expected, rig.State(1));
        }

        [Fact]
        public void A_Board_Pause_Resumes_Only_At_60_Degrees()
        {
            var rig = Charging();
            rig.BoardDeciCelsius = 750;
            rig.Tick();
            rig.BoardDeciCelsius = 601;
            rig.Ticks(10);
            Assert.Equal(ChannelState.Paused, rig.State());

            rig.BoardDeciCelsius = 600;
            rig.Tick();

            Assert.Equal(ChannelState.Resting, rig.State());
        }

        [Theory]
        [InlineData(850, true)]
        [InlineData(849, false)]
        public void Board_Over_Temperature_Faults_Every_Active_Channel_At_85_Degrees(int deciCelsius, bool faults)
        {
            var rig = new ControlRig(2);
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Controller.Start(0);
            rig.Controller.Start(1);
            rig.RunUntilState(ChannelState.Charging, 2 * Minute);
            rig.BoardDeciCelsius = deciCelsius;

            rig.Tick();

            Assert.Equal(faults ? FaultCode.BoardOverTemperature : FaultCode.None, rig.Channel(0).Fault);
            Assert.Equal(faults ? FaultCode.BoardOverTemperature : FaultCode.None, rig.Channel(1).Fault);
            Assert.False(rig.Coils[0].IsHigh);
        }

        [Fact]
        public void A_Broken_Board_Thermistor_Faults_Every_Active_Channel()
        {
            var rig = Charging();
            rig.BoardStatus = NtcStatus.Open;

            rig.Tick();

            Assert.Equal(FaultCode.SensorFault, rig.Channel().Fault);
            Assert.Equal(GuardrailId.BoardSensor, rig.Channel().FaultGuardrail);
        }

        [Fact]
        public void A_Sensor_That_Stops_Answering_Faults_Sensor_Lost_On_The_Third_Tick()
        {
            var rig = Charging();
            rig.Groups[0].IsAnswering = false;

            rig.Ticks(2);
            Assert.Equal(ChannelState.Charging, rig.State());
            rig.Tick();

            AssertFaultedThisTick(rig, FaultCode.SensorLost, GuardrailId.SensorLost, 1);
        }

        [Fact]
        public void A_Sensor_Without_Fresh_Conversions_Faults_Sensor_Lost_On_The_Third_Tick()
        {
            var rig = Charging();
            rig.Groups[0].IsConverting = false;

            rig.Ticks(2);
            Assert.Equal(ChannelState.Charging, rig.State());
            rig.Tick();

            Assert.Equal(FaultCode.SensorLost, rig.Channel().Fault);
        }

        [Fact]
        public void Two_Missed_Conversions_Then_A_Good_One_Is_Not_A_Lost_Sensor()
        {
            var rig = Charging();
            for (var i = 0; i < 5; i++)
            {
                rig.Groups[0].IsConverting = false;
                rig.Ticks(2);
                rig.Groups[0].IsConverting = true;
                rig.Tick();
            }

            Assert.Equal(FaultCode.None, rig.Channel().Fault);
        }

        [Fact]
        public void A_Deep_Group_That_Takes_One_Percent_Of_Its_Capacity_Without_Rising_20_mV_Faults_No_Recovery()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.GroupCapacityMilliampereHours, 7_800));
            rig.Groups[0].OcvMillivolts = 2600;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 0; // an internal short eats the charge
            rig.Groups[0].SeriesMilliohms = 20;
            rig.Groups[0].ChargerMilliamperes = 100; // the TP4056's trickle below 2.9 V
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Charging, 2 * Minute);
            var chargeStart = rig.Now;

            rig.RunUntilState(ChannelState.Fault, 60 * Minute);

            // 10 ‰ of 7.8 Ah is 78 mAh: 46.8 min of 100 mA, and the rests between pulses add to it.
            Assert.Equal(FaultCode.NoRecovery, rig.Channel().Fault);
            Assert.Equal(78, rig.Channel().FaultValue);
            Assert.Equal(78, rig.Channel().FaultThreshold);
            Assert.InRange(rig.Channel().DeliveredMilliampereHours, 78, 79);
            Assert.InRange(rig.Now - chargeStart, 46 * Minute, 60 * Minute);
        }

        [Fact]
        public void A_Large_Deep_Group_Rising_Slowly_On_A_Trickle_Is_Not_Faulted_Where_A_Fixed_30_Minutes_Would()
        {
            // A 3P group of 7.8 Ah at 2.2 V on a 100 mA trickle: the 0.8 V to 3.0 V take about 120 mAh, 72 min. It rises
            // about 6.7 mV per mAh, far more than the 20 mV every 78 mAh the rule asks.
            var rig = new ControlRig(1, s => s.Accept(SettingId.GroupCapacityMilliampereHours, 7_800));
            rig.Groups[0].OcvMillivolts = 2200;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 6.7;
            rig.Groups[0].ChargerMilliamperes = 100;
            rig.Controller.Start(0);
            rig.RunUntil(() => rig.Channel().CheckStep == CheckStep.AwaitingConfirmation, Minute, "asked to confirm");
            rig.Controller.ConfirmDeepDischarge(0);
            rig.RunUntilState(ChannelState.Charging, 2 * Minute);
            var chargeStart = rig.Now;

            rig.RunUntil(() => rig.Channel().HasRecovered || rig.State() == ChannelState.Fault, 3 * 60 * Minute, "recovered");

            Assert.Equal(FaultCode.None, rig.Channel().Fault);
            Assert.True(rig.Now - chargeStart > 60 * Minute, $"recovered after {(rig.Now - chargeStart) / Minute} min");
        }

        [Fact]
        public void A_Deep_Group_That_Passes_3_V_Is_Not_Faulted()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 2900;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 0.5;
            rig.Controller.Start(0);

            rig.RunFor(40 * Minute);

            Assert.Equal(FaultCode.None, rig.Channel().Fault);
            Assert.True(rig.Channel().HasRecovered);
        }

        [Fact]
        public void The_Charge_Time_Limit_Is_One_And_A_Half_Capacities_Plus_An_Hour_Capped_At_16_Hours()
        {
            var settings = new BalancerSettings();
            Assert.Equal((long)(12.7 * 3_600_000), settings.ChargeTimeLimitMilliseconds); // 7.8 Ah at 1 A
            settings.Accept(SettingId.GroupCapacityMilliampereHours, 30_000);
            Assert.Equal(16L * 3_600_000, settings.ChargeTimeLimitMilliseconds);
        }

        [Fact]
        public void Charge_Time_Faults_Timeout_At_The_Limit()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.GroupCapacityMilliampereHours, 500));
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 0;
            rig.Groups[0].ChargerMilliamperes = 200; // 1.75 h limit comes before 600 mAh

            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Fault, 3 * 60 * Minute);

            Assert.Equal(FaultCode.Timeout, rig.Channel().Fault);
            Assert.InRange(rig.Channel().ChargeMilliseconds, 105 * Minute, (105 * Minute) + rig.Period);
            Assert.Equal(105 * Minute, rig.Channel().FaultThreshold);
        }

        [Fact]
        public void Charge_Above_120_Percent_Of_The_Declared_Capacity_Faults_Capacity_Exceeded()
        {
            var rig = new ControlRig(1, s => s.Accept(SettingId.GroupCapacityMilliampereHours, 500));
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 0;

            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Fault, 2 * 60 * Minute);

            Assert.Equal(FaultCode.CapacityExceeded, rig.Channel().Fault);
            Assert.Equal(601, rig.Channel().FaultValue);
            Assert.Equal(600, rig.Channel().FaultThreshold);
        }

        [Theory]
        [InlineData(10_499, true)]
        [InlineData(10_500, false)]
        public void A_Supply_Below_10_5_V_Pauses_Every_Channel(int millivolts, bool pauses)
        {
            var rig = Charging();
            rig.SupplyMillivolts = millivolts;

            rig.Tick();

            Assert.Equal(pauses ? ChannelState.Paused : ChannelState.Charging, rig.State());
        }

        [Fact]
        public void A_Supply_Pause_Resumes_Only_At_11_V()
        {
            var rig = Charging();
            rig.SupplyMillivolts = 9_000;
            rig.Tick();
            rig.SupplyMillivolts = 10_999;
            rig.Ticks(10);
            Assert.Equal(ChannelState.Paused, rig.State());

            rig.SupplyMillivolts = 11_000;
            rig.Tick();

            Assert.Equal(ChannelState.Resting, rig.State());
        }

        [Fact]
        public void A_Tick_More_Than_Three_Periods_Late_Opens_Every_Relay_And_Skips_The_Heartbeat()
        {
            var rig = Charging();
            var heartbeats = rig.Heartbeat.TransitionCount;

            var healthy = rig.Tick(latenessMilliseconds: 301);

            Assert.False(healthy);
            Assert.False(rig.Coils[0].IsHigh);
            Assert.Equal(ChannelState.Resting, rig.State());
            Assert.Equal(TransitionReason.LateTick, rig.Channel().LastReason);
            Assert.Equal(heartbeats, rig.Heartbeat.TransitionCount);
            var late = Assert.Single(rig.Recorder.Of(EventKind.LateTick, -1));
            Assert.Equal(301, late.Value);
            Assert.Equal(300, late.Threshold);
            Assert.Equal(FaultCode.None, rig.Channel().Fault);
        }

        [Fact]
        public void A_Late_Tick_Judges_Its_Sample_With_The_Relay_As_It_Was_When_The_Sample_Was_Taken()
        {
            var rig = Charging();
            rig.Groups[0].ForcedMilliamperes = 1400;
            rig.Ticks(2);

            rig.Tick(latenessMilliseconds: 400);

            Assert.Equal(FaultCode.OverCurrent, rig.Channel().Fault);
        }

        [Fact]
        public void A_Late_Tick_Closes_No_Relay_Even_When_A_Rest_Ends_In_It()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Controller.Start(0);
            rig.RunUntilState(ChannelState.Ready, 5_000);
            rig.RunFor(29_000);

            for (var i = 0; i < 20; i++)
            {
                rig.Tick(latenessMilliseconds: 301);
                Assert.False(rig.Coils[0].IsHigh);
            }

            rig.RunUntilState(ChannelState.Charging, 5_000);
        }

        [Fact]
        public void Over_Current_Counts_Across_A_Lost_Sample()
        {
            var rig = Charging();
            rig.Groups[0].ForcedMilliamperes = 1400;
            rig.Ticks(2);
            rig.Groups[0].IsConverting = false;
            rig.Tick();
            rig.Groups[0].IsConverting = true;

            rig.Tick();

            Assert.Equal(FaultCode.OverCurrent, rig.Channel().Fault);
        }

        [Fact]
        public void A_Tick_Three_Periods_Late_Is_Still_Healthy()
        {
            var rig = Charging();

            Assert.True(rig.Tick(latenessMilliseconds: 300));

            Assert.True(rig.Coils[0].IsHigh);
        }

        [Fact]
        public void Every_Healthy_Tick_Toggles_The_Heartbeat()
        {
            var rig = Charging();
            var before = rig.Heartbeat.TransitionCount;

            rig.Ticks(10);

            Assert.Equal(before + 10, rig.Heartbeat.TransitionCount);
        }

        [Fact]
        public void A_Fault_Stays_Latched_After_Its_Cause_Goes_Away()
        {
            var rig = Charging();
            rig.Groups[0].ForcedMillivolts = 4300;
            rig.Tick();
            rig.Groups[0].ForcedMillivolts = null;

            rig.RunFor(10 * Minute);

            Assert.Equal(ChannelState.Fault, rig.State());
            Assert.Equal(FaultCode.OverVoltage, rig.Channel().Fault);
            Assert.False(rig.Coils[0].IsHigh);
            Assert.Single(rig.Recorder.Of(EventKind.FaultLatched, 0));
        }

        [Fact]
        public void A_Lost_Sensor_Fault_Clears_Only_Once_The_Sensor_Answers_Again()
        {
            var rig = Charging();
            rig.Groups[0].IsAnswering = false;
            rig.Ticks(3);

            Assert.Equal(CommandResult.CauseStillPresent, rig.Controller.ClearFault(0));
            rig.Groups[0].IsAnswering = true;
            rig.Tick();

            Assert.Equal(CommandResult.Ok, rig.Controller.ClearFault(0));
        }

        [Fact]
        public void A_Board_Over_Temperature_Fault_Clears_Only_Below_85_Degrees()
        {
            var rig = Charging();
            rig.BoardDeciCelsius = 870;
            rig.Tick();

            Assert.Equal(CommandResult.CauseStillPresent, rig.Controller.ClearFault(0));
            rig.BoardDeciCelsius = 849;
            rig.Tick();

            Assert.Equal(CommandResult.Ok, rig.Controller.ClearFault(0));
            Assert.False(rig.Channel().IsAlarmSounding);
        }

        [Fact]
        public void A_Relay_Stuck_Fault_Silences_The_Alarm_On_Clear_And_Is_Found_Again_At_The_Next_Check()
        {
            var rig = new ControlRig();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[0].LeakageWhenOpenMilliamperes = 200;
            rig.Controller.Start(0);
            rig.Ticks(3);
            Assert.True(rig.Channel().IsAlarmSounding);
            Assert.Equal(CommandResult.CauseStillPresent, rig.Controller.ClearFault(0)); // the last sample still showed it
            rig.Tick(); // the charger supply is cut: no current any more

            Assert.Equal(CommandResult.Ok, rig.Controller.ClearFault(0));
            Assert.False(rig.Channel().IsAlarmSounding);
            rig.Controller.Start(0);
            rig.Ticks(3);

            Assert.Equal(FaultCode.RelayStuck, rig.Channel().Fault);
            Assert.False(rig.Supplies[0].IsHigh);
        }

        [Fact]
        public void A_Clip_That_Loosened_Since_The_Check_Faults_Poor_Contact_At_The_Start_Of_The_Next_Pulse()
        {
            var rig = Charging(s => s.Accept(SettingId.ChargePulseMilliseconds, 20_000));
            rig.RunUntilState(ChannelState.Resting, Minute);
            rig.Groups[0].SeriesMilliohms = 350; // 1 A through 350 mΩ fits under the 4.2 V CV from 3.70 V

            rig.RunUntilState(ChannelState.Fault, Minute);

            Assert.Equal(FaultCode.PoorContact, rig.Channel().Fault);
            Assert.Equal(GuardrailId.ContactResistance, rig.Channel().FaultGuardrail);
            Assert.InRange(rig.Channel().FaultValue, 345_000, 360_000);
            var closedFor = rig.Now - rig.Channel().StateEnteredAtMilliseconds;
            Assert.Equal(0, closedFor);
        }

        [Fact]
        public void A_Contact_Of_290_Milliohms_At_The_Pulse_Start_Is_Accepted()
        {
            var rig = Charging(s => s.Accept(SettingId.ChargePulseMilliseconds, 20_000));
            rig.RunUntilState(ChannelState.Resting, Minute);
            rig.Groups[0].SeriesMilliohms = 290;

            rig.RunUntilState(ChannelState.Charging, Minute);
            rig.Ticks(20);

            Assert.Equal(FaultCode.None, rig.Channel().Fault);
        }

        [Fact]
        public void A_Clip_That_Comes_Off_Is_Found_At_The_Next_Rested_Voltage()
        {
            var rig = Charging(s => s.Accept(SettingId.ChargePulseMilliseconds, 20_000));
            rig.RunUntilState(ChannelState.Resting, Minute);
            rig.Groups[0].ForcedMillivolts = 0;
            rig.Groups[0].ForcedMilliamperes = 0;

            rig.RunUntilState(ChannelState.Fault, Minute);

            Assert.Equal(FaultCode.NoCellOrReversed, rig.Channel().Fault);
            Assert.Equal(GuardrailId.RestClipOff, rig.Channel().FaultGuardrail);
            Assert.Equal(TransitionReason.ClipLost, rig.Channel().LastReason);
        }

        [Fact]
        public void Every_Fault_A_Channel_Latches_Names_Its_Row_Threshold_And_Unit()
        {
            // The clip-check and rest rows, like every other, give the fault a row: id, trip value, unit.
            var table = new GuardrailTable(new BalancerSettings());
            foreach (var id in new[] { GuardrailId.ClipNoCell, GuardrailId.ClipSpansGroups, GuardrailId.ClipOverVoltage, GuardrailId.ClipQuarantine, GuardrailId.ClipContact, GuardrailId.RestClipOff, GuardrailId.RestSpansGroups })
            {
                var row = table.Find(id);
                Assert.NotNull(row);
                Assert.True(row.IsFault, $"{id} latches a fault");
                Assert.True(table.IndexOf(id) >= table.TickRowCount, $"{id} is not evaluated every tick");
            }

            Assert.Equal(500, table.Find(GuardrailId.ClipNoCell).TripValue);
            Assert.Equal(GuardrailUnit.Microohms, table.Find(GuardrailId.ClipContact).Unit);
            Assert.Equal(GuardrailUnit.Millivolts, table.Find(GuardrailId.RestSpansGroups).Unit);
            Assert.Equal(table.IndexOf(GuardrailId.ClipSpansGroups), table.FirstBeyond(GuardrailScope.AtClipCheck, GuardrailQuantity.RestedMillivolts, 7_900));
            Assert.Equal(table.IndexOf(GuardrailId.ClipOverVoltage), table.FirstBeyond(GuardrailScope.AtClipCheck, GuardrailQuantity.RestedMillivolts, 4_260));
            Assert.Equal(-1, table.FirstBeyond(GuardrailScope.AtClipCheck, GuardrailQuantity.RestedMillivolts, 3_900));
            Assert.Equal(-1, table.FirstBeyond(GuardrailScope.AtRest, GuardrailQuantity.RestedMillivolts, 4_260));
        }

        [Fact]
        public void The_Table_Has_One_Row_Per_Guardrail_Of_The_Spec()
        {
            var table = new GuardrailTable(new BalancerSettings());
            var ids = Enumerable.Range(0, table.Count).Select(i => table[i].Id).ToList();

            Assert.Equal(System.Enum.GetValues<GuardrailId>().Where(id => id != GuardrailId.None).OrderBy(id => id), ids.OrderBy(id => id));
        }
    }
}
