// SPDX-License-Identifier: MIT

namespace Balancer.Core.Settings
{
    /// <summary>Why a setting was refused. Fixed values: they are BLE error codes.</summary>
    public enum SettingResult
    {
        /// <summary>Accepted and applied.</summary>
        Ok = 0,

        /// <summary>No such setting.</summary>
        UnknownSetting = 1,

        /// <summary>Below the setting's minimum.</summary>
        BelowMinimum = 2,

        /// <summary>Above the setting's maximum (for safety thresholds, the hard limit).</summary>
        AboveMaximum = 3,

        /// <summary>In range, but contradicts another setting (for example a resume threshold past its pause threshold).</summary>
        Conflicts = 4,
    }

    /// <summary>
    /// The adapter's configuration: one integer per <see cref="SettingId"/>, each with a range whose bounds include the
    /// hard limits of spec §5. A refused value changes nothing.
    /// </summary>
    public sealed class BalancerSettings
    {
        private const int Count = (int)SettingId.RecoveryRiseMillivolts + 1;
        private const int Minute = 60_000;

        private static readonly int[] Minimums = new int[Count];
        private static readonly int[] Maximums = new int[Count];
        private static readonly int[] Defaults = new int[Count];

        private readonly int[] _values = new int[Count];

        static BalancerSettings()
        {
            Define(SettingId.TickPeriodMilliseconds, 100, 50, 1000);
            Define(SettingId.TargetMode, (int)Settings.TargetMode.TopOff, (int)Settings.TargetMode.TopOff, (int)Settings.TargetMode.MatchHighest);
            Define(SettingId.TargetMillivolts, HardLimits.MaxRestingMillivolts, 3000, HardLimits.MaxRestingMillivolts);
            Define(SettingId.ReferenceChannel, 0, 0, 15);
            Define(SettingId.ToleranceMillivolts, 5, 2, 50);
            Define(SettingId.RestMilliseconds, 30_000, 5_000, 10 * Minute);
            Define(SettingId.ChargePulseMilliseconds, 30 * Minute, 10_000, 60 * Minute);
            Define(SettingId.ChargeCurrentMilliamperes, 1000, 100, 1000);
            Define(SettingId.GroupCapacityMilliampereHours, 7800, 500, 30_000);
            Define(SettingId.OverVoltageMillivolts, 4250, 4210, HardLimits.MaxChargingMillivolts);
            Define(SettingId.OverCurrentMilliamperes, 1300, 150, HardLimits.MaxChargeCurrentMilliamperes);
            Define(SettingId.RelayOpenCurrentMilliamperes, 20, 10, 200);
            Define(SettingId.ChargerNotDeliveringMilliamperes, 20, 10, 200);
            Define(SettingId.ChargerNotDeliveringMilliseconds, 10_000, 2_000, 10 * Minute);
            Define(SettingId.VoltageDropMillivolts, 50, 20, 500);
            Define(SettingId.CellColdPauseDeciCelsius, 50, 0, 150);
            Define(SettingId.CellColdResumeDeciCelsius, 80, 10, 200);
            Define(SettingId.CellHotPauseDeciCelsius, 450, 300, 450);
            Define(SettingId.CellHotResumeDeciCelsius, 400, 250, 440);
            Define(SettingId.CellFaultDeciCelsius, HardLimits.MaxCellDeciCelsius, 400, HardLimits.MaxCellDeciCelsius);
            Define(SettingId.BoardPauseDeciCelsius, 700, 400, 800);
            Define(SettingId.BoardResumeDeciCelsius, 600, 300, 790);
            Define(SettingId.BoardFaultDeciCelsius, HardLimits.MaxBoardDeciCelsius, 500, HardLimits.MaxBoardDeciCelsius);
            Define(SettingId.CellSensorRequired, 1, 0, 1);
            Define(SettingId.SensorLostTicks, 3, 1, 10);
            Define(SettingId.RecoveryMillivolts, 3000, 2500, 3300);
            Define(SettingId.RecoveryChargePermille, 10, 2, 50);
            Define(SettingId.CapacityLimitPercent, 120, 100, 200);
            Define(SettingId.SupplyPauseMillivolts, 10_500, 9_000, 12_000);
            Define(SettingId.SupplyResumeMillivolts, 11_000, 9_500, 13_000);
            Define(SettingId.HoldEnabled, 0, 0, 1);
            Define(SettingId.HoldMilliseconds, 60 * Minute, 40 * Minute, 24 * 60 * Minute);
            Define(SettingId.HoldSettleMilliseconds, 30 * Minute, 10 * Minute, 120 * Minute);
            Define(SettingId.LeakyMicrovoltsPerHour, 500, 100, 50_000);
            Define(SettingId.ContactResistanceLimitMicroohms, 300_000, 50_000, 1_000_000);
            Define(SettingId.TopSettleMilliseconds, 5 * Minute, 0, 60 * Minute);
            Define(SettingId.RelaxationPriorPercent, 70, 0, 200);
            Define(SettingId.RecoveryRiseMillivolts, 20, 5, 200);
        }

        /// <summary>Creates the configuration with every default.</summary>
        public BalancerSettings()
        {
            ResetToDefaults();
        }

        /// <summary>Puts every setting back to its default.</summary>
        public void ResetToDefaults()
        {
            for (var i = 0; i < Count; i++)
            {
                _values[i] = Defaults[i];
            }
        }

        /// <summary>The current value of a setting.</summary>
        public int Get(SettingId id) => _values[(int)id];

        /// <summary>The highest setting id: ids run from 1 to this.</summary>
        public static int LastId => Count - 1;

        /// <summary>
        /// Replaces every setting at once with <paramref name="values"/>[id] for ids 1 to <see cref="LastId"/> (a stored
        /// copy): false, changing nothing, when any value is out of its range or any pair contradicts.
        /// </summary>
        public bool TryReplaceAll(int[] values)
        {
            if (values == null || values.Length < Count)
            {
                return false;
            }

            for (var id = 1; id < Count; id++)
            {
                if (values[id] < Minimums[id] || values[id] > Maximums[id])
                {
                    return false;
                }
            }

            var previous = new int[Count];
            for (var id = 1; id < Count; id++)
            {
                previous[id] = _values[id];
                _values[id] = values[id];
            }

            for (var id = 1; id < Count; id++)
            {
                if (FindConflict((SettingId)id) != SettingId.None)
                {
                    for (var back = 1; back < Count; back++)
                    {
                        _values[back] = previous[back];
                    }

                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether the id names a setting.</summary>
        public static bool IsDefined(SettingId id) => id > SettingId.None && (int)id < Count;

        /// <summary>The smallest accepted value.</summary>
        public static int MinimumOf(SettingId id) => Minimums[(int)id];

        /// <summary>The largest accepted value; for safety thresholds, the hard limit.</summary>
        public static int MaximumOf(SettingId id) => Maximums[(int)id];

        /// <summary>The factory value.</summary>
        public static int DefaultOf(SettingId id) => Defaults[(int)id];

        /// <summary>
        /// Sets one value if it is in range and consistent with the others; otherwise changes nothing and says why.
        /// </summary>
        /// <param name="id">The setting.</param>
        /// <param name="value">The new value, in the setting's unit.</param>
        /// <param name="conflictsWith">On <see cref="SettingResult.Conflicts"/>, the other setting involved.</param>
        public SettingResult TrySet(SettingId id, int value, out SettingId conflictsWith)
        {
            conflictsWith = SettingId.None;
            if (!IsDefined(id))
            {
                return SettingResult.UnknownSetting;
            }

            if (value < Minimums[(int)id])
            {
                return SettingResult.BelowMinimum;
            }

            if (value > Maximums[(int)id])
            {
                return SettingResult.AboveMaximum;
            }

            var previous = _values[(int)id];
            _values[(int)id] = value;
            conflictsWith = FindConflict(id);
            if (conflictsWith != SettingId.None)
            {
                _values[(int)id] = previous;
                return SettingResult.Conflicts;
            }

            return SettingResult.Ok;
        }

        /// <summary>Time to rest (relay open) before an open-circuit reading counts, ms.</summary>
        public int RestMilliseconds => Get(SettingId.RestMilliseconds);

        /// <summary>Tick period, ms.</summary>
        public int TickPeriodMilliseconds => Get(SettingId.TickPeriodMilliseconds);

        /// <summary>Tolerance around the target, mV.</summary>
        public int ToleranceMillivolts => Get(SettingId.ToleranceMillivolts);

        /// <summary>
        /// The charge-time limit (spec §5): 1.5 × capacity ÷ current + 1 h, never beyond the 16 h hard limit.
        /// </summary>
        public long ChargeTimeLimitMilliseconds
        {
            get
            {
                var hours = (long)Get(SettingId.GroupCapacityMilliampereHours) * 3_600_000 * 3
                    / (2L * Get(SettingId.ChargeCurrentMilliamperes));
                var limit = hours + HardLimits.ChargeTimeAllowanceMilliseconds;
                return limit < HardLimits.MaxChargeMilliseconds ? limit : HardLimits.MaxChargeMilliseconds;
            }
        }

        /// <summary>The charge a deep group may take without rising by <see cref="SettingId.RecoveryRiseMillivolts"/>, mAh (at least 1).</summary>
        public int RecoveryStallMilliampereHours
        {
            get
            {
                var charge = (long)Get(SettingId.GroupCapacityMilliampereHours) * Get(SettingId.RecoveryChargePermille) / 1000;
                return charge < 1 ? 1 : (int)charge;
            }
        }

        /// <summary>The charge that faults CapacityExceeded, mAh.</summary>
        public int CapacityLimitMilliampereHours =>
            Get(SettingId.GroupCapacityMilliampereHours) * Get(SettingId.CapacityLimitPercent) / 100;

        private SettingId FindConflict(SettingId changed)
        {
            // Each pair: the first must stay strictly below the second.
            if (!IsBelow(SettingId.CellColdPauseDeciCelsius, SettingId.CellColdResumeDeciCelsius, changed, out var other)
                || !IsBelow(SettingId.CellColdResumeDeciCelsius, SettingId.CellHotResumeDeciCelsius, changed, out other)
                || !IsBelow(SettingId.CellHotResumeDeciCelsius, SettingId.CellHotPauseDeciCelsius, changed, out other)
                || !IsBelow(SettingId.CellHotPauseDeciCelsius, SettingId.CellFaultDeciCelsius, changed, out other)
                || !IsBelow(SettingId.BoardResumeDeciCelsius, SettingId.BoardPauseDeciCelsius, changed, out other)
                || !IsBelow(SettingId.BoardPauseDeciCelsius, SettingId.BoardFaultDeciCelsius, changed, out other)
                || !IsBelow(SettingId.SupplyPauseMillivolts, SettingId.SupplyResumeMillivolts, changed, out other)
                || !IsBelow(SettingId.ChargeCurrentMilliamperes, SettingId.OverCurrentMilliamperes, changed, out other)
                || !IsBelow(SettingId.ChargerNotDeliveringMilliamperes, SettingId.ChargeCurrentMilliamperes, changed, out other)
                || !IsBelow(SettingId.HoldSettleMilliseconds, SettingId.HoldMilliseconds, changed, out other))
            {
                return other;
            }

            return SettingId.None;
        }

        private bool IsBelow(SettingId lower, SettingId higher, SettingId changed, out SettingId other)
        {
            other = changed == lower ? higher : lower;
            return (changed != lower && changed != higher) || _values[(int)lower] < _values[(int)higher];
        }

        private static void Define(SettingId id, int defaultValue, int minimum, int maximum)
        {
            Defaults[(int)id] = defaultValue;
            Minimums[(int)id] = minimum;
            Maximums[(int)id] = maximum;
        }
    }
}
