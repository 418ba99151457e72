// SPDX-License-Identifier: MIT

namespace Balancer.Core
{
    /// <summary>
    /// Why a channel was stopped: the guardrails of spec §5 and the refusals of the clip check (spec §3). Values are
    /// fixed: they travel in BLE status frames and the recovery log.
    /// </summary>
    public enum FaultCode
    {
        /// <summary>No fault.</summary>
        None = 0,

        /// <summary>Group voltage above the limit while charging.</summary>
        OverVoltage = 1,

        /// <summary>Charge current above the limit.</summary>
        OverCurrent = 2,

        /// <summary>Current flows with the relay open: the relay is welded.</summary>
        RelayStuck = 3,

        /// <summary>The charger delivers nothing although the group is below target.</summary>
        ChargerNotDelivering = 4,

        /// <summary>Voltage fell while charging at steady current: a clip slipped or a short.</summary>
        ClipOrShort = 5,

        /// <summary>Cell temperature at or above the fault limit.</summary>
        OverTemperature = 6,

        /// <summary>Board temperature at or above the fault limit.</summary>
        BoardOverTemperature = 7,

        /// <summary>A thermistor reads open or short.</summary>
        SensorFault = 8,

        /// <summary>The channel's INA219 stopped answering or converting.</summary>
        SensorLost = 9,

        /// <summary>A group below 3.0 V did not pass 3.0 V in time.</summary>
        NoRecovery = 10,

        /// <summary>The charge took longer than allowed.</summary>
        Timeout = 11,

        /// <summary>More charge went in than the group can hold.</summary>
        CapacityExceeded = 12,

        /// <summary>No cell, a reversed clip, or a group dead flat (below 0.5 V).</summary>
        NoCellOrReversed = 13,

        /// <summary>Above 4.35 V at rest: the leads span more than one group or the wrong pack.</summary>
        MisClip = 14,

        /// <summary>Below 1.5 V: quarantined, never charged.</summary>
        Quarantined = 15,

        /// <summary>The clip's series resistance is too high.</summary>
        PoorContact = 16,

        /// <summary>The control loop ran late: every relay was opened.</summary>
        LoopOverrun = 17,

        /// <summary>The firmware met a state it does not know, or a tick threw: every relay was opened.</summary>
        InternalError = 18,

        /// <summary>
        /// The boot's self-test found the channel unusable: its INA219 not answering at its address or not converting (the
        /// measured value is the address), or the dead-man not switching the relay coils as it must (every channel; the
        /// value is the drop-out time in ms, −1 when it never came up). The threshold is the <c>SelfTestFinding</c>. The
        /// channel is disabled until a boot finds it working.
        /// </summary>
        SelfTestFailed = 19,
    }
}
