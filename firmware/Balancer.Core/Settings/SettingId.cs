// SPDX-License-Identifier: MIT

namespace Balancer.Core.Settings
{
    /// <summary>
    /// Every configurable value of the adapter. Values are fixed: they travel in BLE Config writes and the recovery
    /// log. Units are in the names; ranges and defaults are in <see cref="BalancerSettings"/>.
    /// </summary>
    public enum SettingId
    {
        /// <summary>No setting.</summary>
        None = 0,

        /// <summary>Control tick period, ms (spec §2: 100, 50–1000).</summary>
        TickPeriodMilliseconds = 1,

        /// <summary>How the target is chosen: a <see cref="TargetMode"/> value.</summary>
        TargetMode = 2,

        /// <summary>The target typed in by the technician for <see cref="Settings.TargetMode.MatchValue"/>, mV.</summary>
        TargetMillivolts = 3,

        /// <summary>The monitor-only channel whose open-circuit voltage is the target in <see cref="Settings.TargetMode.MatchReference"/>.</summary>
        ReferenceChannel = 4,

        /// <summary>How close the rested voltage must come to the target, mV (spec §4: 5, 2–50).</summary>
        ToleranceMillivolts = 5,

        /// <summary>Rest with the relay open before an open-circuit reading counts, ms (spec §2: 30 s).</summary>
        RestMilliseconds = 6,

        /// <summary>The longest charge pulse between two rests, ms.</summary>
        ChargePulseMilliseconds = 7,

        /// <summary>The current the chargers are built for (TP4056 R_PROG), mA; sets the time limit.</summary>
        ChargeCurrentMilliamperes = 8,

        /// <summary>Declared capacity of one parallel group, mAh; sets the time and capacity limits.</summary>
        GroupCapacityMilliampereHours = 9,

        /// <summary>Group voltage while charging that faults OverVoltage, mV (spec §5: 4250, hard limit 4300).</summary>
        OverVoltageMillivolts = 10,

        /// <summary>Charge current that faults OverCurrent after the debounce, mA (spec §5: 1300, hard limit 1600).</summary>
        OverCurrentMilliamperes = 11,

        /// <summary>Current with the relay open that means a welded relay, mA (spec §5: 20).</summary>
        RelayOpenCurrentMilliamperes = 12,

        /// <summary>Below this current the charger is not delivering, mA (spec §5: 20).</summary>
        ChargerNotDeliveringMilliamperes = 13,

        /// <summary>How long the charger may deliver nothing before the fault, ms (spec §5: 10 s).</summary>
        ChargerNotDeliveringMilliseconds = 14,

        /// <summary>Fall below the running maximum at steady current that faults ClipOrShort, mV (spec §5: 50).</summary>
        VoltageDropMillivolts = 15,

        /// <summary>Cell temperature below which charging pauses, 0.1 °C (spec §5: 5 °C).</summary>
        CellColdPauseDeciCelsius = 16,

        /// <summary>Cell temperature at or above which a cold pause ends, 0.1 °C (spec §5: 8 °C).</summary>
        CellColdResumeDeciCelsius = 17,

        /// <summary>Cell temperature at or above which charging pauses, 0.1 °C (spec §5: 45 °C).</summary>
        CellHotPauseDeciCelsius = 18,

        /// <summary>Cell temperature at or below which a hot pause ends, 0.1 °C (spec §5: 40 °C).</summary>
        CellHotResumeDeciCelsius = 19,

        /// <summary>Cell temperature that faults OverTemperature, 0.1 °C (spec §5: 55 °C, the hard limit).</summary>
        CellFaultDeciCelsius = 20,

        /// <summary>Board temperature at or above which every channel pauses, 0.1 °C (spec §5: 70 °C).</summary>
        BoardPauseDeciCelsius = 21,

        /// <summary>Board temperature at or below which a board pause ends, 0.1 °C (spec §5: 60 °C).</summary>
        BoardResumeDeciCelsius = 22,

        /// <summary>Board temperature that faults every channel, 0.1 °C (spec §5: 85 °C, the hard limit).</summary>
        BoardFaultDeciCelsius = 23,

        /// <summary>1: a channel charges only with a working cell NTC; 0: the board NTC alone guards (spec §5).</summary>
        CellSensorRequired = 24,

        /// <summary>Ticks in a row without an answer or a fresh conversion that fault SensorLost (spec §5: 3).</summary>
        SensorLostTicks = 25,

        /// <summary>Voltage a deep group must pass, mV (spec §5: 3000).</summary>
        RecoveryMillivolts = 26,

        /// <summary>
        /// Charge a deep group may take without its voltage rising by <see cref="RecoveryRiseMillivolts"/>, ‰ of the group's
        /// capacity (spec §5: the group must keep rising at the rate its trickle predicts). Below 3.0 V a healthy cell's
        /// curve climbs about 16 mV per ‰ at its flattest, so 10 ‰ should raise it by about 160 mV; a group whose short
        /// takes nine tenths of the trickle rises by a tenth of that.
        /// </summary>
        RecoveryChargePermille = 27,

        /// <summary>Charge delivered, as a percentage of the declared capacity, that faults CapacityExceeded (spec §5: 120).</summary>
        CapacityLimitPercent = 28,

        /// <summary>12 V input below which every channel pauses, mV (spec §5: 10 500).</summary>
        SupplyPauseMillivolts = 29,

        /// <summary>12 V input at or above which a supply pause ends, mV.</summary>
        SupplyResumeMillivolts = 30,

        /// <summary>1: hold topped groups with the relay open and measure self-discharge (spec §3).</summary>
        HoldEnabled = 31,

        /// <summary>How long a hold lasts, ms (spec §3: 60 min).</summary>
        HoldMilliseconds = 32,

        /// <summary>Settling at the start of a hold before the drop rate counts, ms (spec §3: 30 min).</summary>
        HoldSettleMilliseconds = 33,

        /// <summary>
        /// Self-discharge at and above which a group is reported leaky, µV/h, when the hold also tells it from none: half the
        /// 1 mV/h leak a workshop must catch, so a leak the hold measures low still counts.
        /// </summary>
        LeakyMicrovoltsPerHour = 34,

        /// <summary>Series resistance above which the clip contact is refused, µΩ (spec §3: 300 mΩ).</summary>
        ContactResistanceLimitMicroohms = 35,

        /// <summary>How long a topped group is watched before it counts as done, ms.</summary>
        TopSettleMilliseconds = 36,

        /// <summary>
        /// How much of the relaxation prior (an NMC 18650's polarisation, docs/control-core.md) a pack is assumed to show
        /// until its own rests have measured it, percent; 0 for a source that does not relax.
        /// </summary>
        RelaxationPriorPercent = 37,

        /// <summary>The rise a deep group must show for every <see cref="RecoveryChargePermille"/> of charge, mV.</summary>
        RecoveryRiseMillivolts = 38,
    }

    /// <summary>How the target voltage is chosen (spec §4). Fixed values: sent over BLE.</summary>
    public enum TargetMode
    {
        /// <summary>Charge every group to 4.20 V at rest.</summary>
        TopOff = 0,

        /// <summary>Match the open-circuit voltage of a monitor-only channel on a healthy group.</summary>
        MatchReference = 1,

        /// <summary>Match a value typed in by the technician.</summary>
        MatchValue = 2,

        /// <summary>Match the highest group clipped at the start of the session.</summary>
        MatchHighest = 3,
    }
}
