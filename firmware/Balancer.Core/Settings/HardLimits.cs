// SPDX-License-Identifier: MIT

namespace Balancer.Core.Settings
{
    /// <summary>
    /// The limits no setting can move (spec §4 and §5). Every configurable threshold is range-checked against these, and
    /// the guardrails that guard them are always present.
    /// </summary>
    public static class HardLimits
    {
        /// <summary>Highest open-circuit target (spec §4: 4.20 V at rest).</summary>
        public const int MaxRestingMillivolts = 4200;

        /// <summary>Highest over-voltage trip while charging (spec §5: 4.30 V).</summary>
        public const int MaxChargingMillivolts = 4300;

        /// <summary>Highest over-current trip (spec §5: 1.6 A, the INA219 full scale on 0.1 Ω at ±160 mV).</summary>
        public const int MaxChargeCurrentMilliamperes = 1600;

        /// <summary>Cell temperature fault, highest setting (spec §5: 55 °C).</summary>
        public const int MaxCellDeciCelsius = 550;

        /// <summary>Board temperature fault, highest setting (spec §5: 85 °C).</summary>
        public const int MaxBoardDeciCelsius = 850;

        /// <summary>Longest charge time whatever the capacity (spec §5: 16 h).</summary>
        public const long MaxChargeMilliseconds = 16L * 3_600_000;

        /// <summary>Extra time the charge-time limit allows beyond 1.5 × capacity ÷ current (spec §5: 1 h).</summary>
        public const long ChargeTimeAllowanceMilliseconds = 3_600_000;

        /// <summary>A late tick beyond this many periods opens every relay (spec §5).</summary>
        public const int LateTickPeriods = 3;

        /// <summary>Below this at rest the clip holds no cell, is reversed, or the group is flat (spec §3: 0.5 V).</summary>
        public const int NoCellMillivolts = 500;

        /// <summary>Above this at rest the leads span more than one group (spec §3: 4.35 V).</summary>
        public const int MisClipMillivolts = 4350;

        /// <summary>Below this at rest the group is quarantined, never charged (spec §3: 1.5 V, copper shunts).</summary>
        public const int QuarantineMillivolts = 1500;

        /// <summary>Below this at rest the group is deep-discharged and charges only after confirmation (spec §3: 2.5 V).</summary>
        public const int DeepDischargeMillivolts = 2500;
    }
}
