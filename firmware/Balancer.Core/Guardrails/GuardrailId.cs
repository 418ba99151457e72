// SPDX-License-Identifier: MIT

namespace Balancer.Core.Guardrails
{
    /// <summary>One row of the guardrail table (spec §5). Fixed values: they are logged with every trip.</summary>
    public enum GuardrailId
    {
        /// <summary>No guardrail.</summary>
        None = 0,

        /// <summary>Group voltage while charging.</summary>
        OverVoltage = 1,

        /// <summary>Charge current.</summary>
        OverCurrent = 2,

        /// <summary>Current with the relay open.</summary>
        RelayStuck = 3,

        /// <summary>The charger delivers nothing while the group is well below target.</summary>
        ChargerNotDelivering = 4,

        /// <summary>Voltage falls below its running maximum at steady current.</summary>
        VoltageFalls = 5,

        /// <summary>Cell too cold to charge.</summary>
        CellCold = 6,

        /// <summary>Cell too warm to charge.</summary>
        CellHot = 7,

        /// <summary>Cell at the fault temperature.</summary>
        CellOverTemperature = 8,

        /// <summary>Board too warm to charge.</summary>
        BoardHot = 9,

        /// <summary>Board at the fault temperature.</summary>
        BoardOverTemperature = 10,

        /// <summary>The cell NTC reads open or short.</summary>
        CellSensor = 11,

        /// <summary>The board NTC reads open or short.</summary>
        BoardSensor = 12,

        /// <summary>The channel's INA219 does not answer or does not convert.</summary>
        SensorLost = 13,

        /// <summary>A deep group does not rise as its charge predicts: an internal short takes the trickle.</summary>
        NoRecovery = 14,

        /// <summary>Charge time.</summary>
        ChargeTime = 15,

        /// <summary>Charge delivered against the declared capacity.</summary>
        CapacityExceeded = 16,

        /// <summary>12 V input low.</summary>
        SupplyLow = 17,

        /// <summary>The control tick ran late.</summary>
        LateTick = 18,

        /// <summary>Series resistance at the start of a pulse: the clip loosened since the check.</summary>
        ContactResistance = 19,

        /// <summary>Clip check: nothing, or a reversed clip, under the clips (a group rests well above this).</summary>
        ClipNoCell = 20,

        /// <summary>Clip check: more than one group's voltage, so the clips span groups.</summary>
        ClipSpansGroups = 21,

        /// <summary>Clip check: the group rests above the over-voltage limit already.</summary>
        ClipOverVoltage = 22,

        /// <summary>Clip check: a group this low is not to be charged (quarantine).</summary>
        ClipQuarantine = 23,

        /// <summary>Clip check: the contact probe measured too much series resistance.</summary>
        ClipContact = 24,

        /// <summary>At a later rest: the clip came off (nothing under it).</summary>
        RestClipOff = 25,

        /// <summary>At a later rest: the clip now spans groups.</summary>
        RestSpansGroups = 26,
    }

    /// <summary>What a guardrail compares. The unit is in the name.</summary>
    public enum GuardrailQuantity
    {
        /// <summary>Group voltage read with the relay closed and settled, mV.</summary>
        ChargingMillivolts = 0,

        /// <summary>Current with the relay closed and settled, mA.</summary>
        ChargingMilliamperes = 1,

        /// <summary>Current with the relay open and settled, mA.</summary>
        OpenRelayMilliamperes = 2,

        /// <summary>Current while charging a group whose last rested voltage is more than 50 mV short of target, mA.</summary>
        ShortfallChargingMilliamperes = 3,

        /// <summary>How far the voltage fell below its running maximum at steady current, mV.</summary>
        DropBelowMaximumMillivolts = 4,

        /// <summary>Cell temperature from a working NTC, 0.1 °C.</summary>
        CellDeciCelsius = 5,

        /// <summary>Board temperature from a working NTC, 0.1 °C.</summary>
        BoardDeciCelsius = 6,

        /// <summary>1 when the cell NTC reads open or short (or is missing), else 0.</summary>
        CellSensorBroken = 7,

        /// <summary>1 when the board NTC reads open or short, else 0.</summary>
        BoardSensorBroken = 8,

        /// <summary>1 when the INA219 did not answer or had no fresh conversion this tick, else 0.</summary>
        SensorMissed = 9,

        /// <summary>
        /// Charge into a group still below the recovery voltage since its voltage last rose by the recovery rise (or since
        /// charging began), mAh.
        /// </summary>
        StalledRecoveryMilliampereHours = 10,

        /// <summary>Time with the relay closed this session, ms.</summary>
        ChargeMilliseconds = 11,

        /// <summary>Charge delivered this session, mAh.</summary>
        DeliveredMilliampereHours = 12,

        /// <summary>12 V input, mV.</summary>
        SupplyMillivolts = 13,

        /// <summary>How late the tick started after its deadline, ms.</summary>
        LatenessMilliseconds = 14,

        /// <summary>(V − rested OCV) ÷ I over the first samples of a pulse, µΩ: group, leads and clip.</summary>
        PulseResistanceMicroohms = 15,

        /// <summary>The group's rested voltage at the end of a rest (the clip check's included), mV.</summary>
        RestedMillivolts = 16,

        /// <summary>Series resistance measured by the clip check's contact probe, µΩ.</summary>
        ProbeMicroohms = 17,
    }

    /// <summary>The unit of a guardrail's measured value and threshold. Fixed values: they cross the air and the log.</summary>
    public enum GuardrailUnit
    {
        /// <summary>No unit: a flag, 1 or 0.</summary>
        Flag = 0,

        /// <summary>Millivolts.</summary>
        Millivolts = 1,

        /// <summary>Milliamperes.</summary>
        Milliamperes = 2,

        /// <summary>Tenths of a degree Celsius.</summary>
        DeciCelsius = 3,

        /// <summary>Milliseconds.</summary>
        Milliseconds = 4,

        /// <summary>Milliampere-hours.</summary>
        MilliampereHours = 5,

        /// <summary>Microohms.</summary>
        Microohms = 6,
    }

    /// <summary>When a row is evaluated.</summary>
    public enum GuardrailScope
    {
        /// <summary>Relay closed and the sample converted after the settle time.</summary>
        WhileCharging = 0,

        /// <summary>Relay open and the sample converted after the settle time, in an active state.</summary>
        WhileRelayOpen = 1,

        /// <summary>In any active state (Checking to Holding, Paused).</summary>
        WhileActive = 2,

        /// <summary>Once a tick for the whole board.</summary>
        Board = 3,

        /// <summary>Once, when the clip check has its rested voltage or its probe's resistance.</summary>
        AtClipCheck = 4,

        /// <summary>At the end of each later rest (and each minute of a hold), on the rested voltage.</summary>
        AtRest = 5,
    }

    /// <summary>How the measured value is compared with the trip value.</summary>
    public enum GuardrailComparison
    {
        /// <summary>Trips when the value is greater than the trip value; releases at or below the release value.</summary>
        Above = 0,

        /// <summary>Trips when the value is at or above the trip value; releases at or below the release value.</summary>
        AtOrAbove = 1,

        /// <summary>Trips when the value is less than the trip value; releases at or above the release value.</summary>
        Below = 2,
    }

    /// <summary>What a trip does (the row's severity). Fixed values: logged.</summary>
    public enum GuardrailReaction
    {
        /// <summary>No reaction.</summary>
        None = 0,

        /// <summary>The channel pauses (relay open) and resumes by itself after the release.</summary>
        PauseChannel = 1,

        /// <summary>Every charging channel pauses and resumes by itself after the release.</summary>
        PauseAll = 2,

        /// <summary>The channel's relay opens and the fault latches.</summary>
        FaultChannel = 3,

        /// <summary>Every active channel's relay opens and the fault latches on each.</summary>
        FaultAll = 4,

        /// <summary>The channel's charger supply is cut (a welded relay cannot charge), an alarm sounds, the fault latches.</summary>
        CutSupplyAndFault = 5,

        /// <summary>Every relay opens at once and the event is logged; channels go on after a rest.</summary>
        OpenAll = 6,
    }
}
