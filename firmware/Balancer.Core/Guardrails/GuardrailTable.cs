// SPDX-License-Identifier: MIT

using Balancer.Core.Settings;

namespace Balancer.Core.Guardrails
{
    /// <summary>
    /// The guardrails of spec §5 as one table, in evaluation order. Rows are built once; <see cref="Apply"/> copies the
    /// thresholds in from the settings whenever a setting changes (never in the tick).
    /// </summary>
    public sealed class GuardrailTable
    {
        /// <summary>Slack on "OCV below target" before a silent charger counts (spec §5: target − 50 mV).</summary>
        public const int ChargerShortfallMillivolts = 50;

        /// <summary>Band within which the charge current counts as steady for the voltage-fall row, mA.</summary>
        public const int SteadyCurrentBandMilliamperes = 50;

        /// <summary>Samples in a row for the current rows (spec §5: "for 3 samples").</summary>
        public const int CurrentDebounceSamples = 3;

        /// <summary>Samples in a row of the pulse-start resistance above its limit (of the five that are measured).</summary>
        public const int ContactDebounceSamples = 3;

        private readonly GuardrailRow[] _rows;

        /// <summary>Builds the table with the thresholds of the given settings.</summary>
        public GuardrailTable(BalancerSettings settings)
        {
            _rows = new GuardrailRow[]
            {
                new GuardrailRow(GuardrailId.OverVoltage, GuardrailQuantity.ChargingMillivolts, GuardrailScope.WhileCharging, GuardrailComparison.Above, GuardrailReaction.FaultChannel, FaultCode.OverVoltage, SettingId.OverVoltageMillivolts, SettingId.None),
                new GuardrailRow(GuardrailId.OverCurrent, GuardrailQuantity.ChargingMilliamperes, GuardrailScope.WhileCharging, GuardrailComparison.Above, GuardrailReaction.FaultChannel, FaultCode.OverCurrent, SettingId.OverCurrentMilliamperes, SettingId.None),
                new GuardrailRow(GuardrailId.RelayStuck, GuardrailQuantity.OpenRelayMilliamperes, GuardrailScope.WhileRelayOpen, GuardrailComparison.Above, GuardrailReaction.CutSupplyAndFault, FaultCode.RelayStuck, SettingId.RelayOpenCurrentMilliamperes, SettingId.None),
                new GuardrailRow(GuardrailId.ChargerNotDelivering, GuardrailQuantity.ShortfallChargingMilliamperes, GuardrailScope.WhileCharging, GuardrailComparison.Below, GuardrailReaction.FaultChannel, FaultCode.ChargerNotDelivering, SettingId.ChargerNotDeliveringMilliamperes, SettingId.None),
                new GuardrailRow(GuardrailId.ContactResistance, GuardrailQuantity.PulseResistanceMicroohms, GuardrailScope.WhileCharging, GuardrailComparison.Above, GuardrailReaction.FaultChannel, FaultCode.PoorContact, SettingId.ContactResistanceLimitMicroohms, SettingId.None),
                new GuardrailRow(GuardrailId.VoltageFalls, GuardrailQuantity.DropBelowMaximumMillivolts, GuardrailScope.WhileCharging, GuardrailComparison.Above, GuardrailReaction.FaultChannel, FaultCode.ClipOrShort, SettingId.VoltageDropMillivolts, SettingId.None),
                new GuardrailRow(GuardrailId.CellOverTemperature, GuardrailQuantity.CellDeciCelsius, GuardrailScope.WhileActive, GuardrailComparison.AtOrAbove, GuardrailReaction.FaultChannel, FaultCode.OverTemperature, SettingId.CellFaultDeciCelsius, SettingId.None),
                new GuardrailRow(GuardrailId.CellSensor, GuardrailQuantity.CellSensorBroken, GuardrailScope.WhileActive, GuardrailComparison.AtOrAbove, GuardrailReaction.FaultChannel, FaultCode.SensorFault, SettingId.None, SettingId.None),
                new GuardrailRow(GuardrailId.SensorLost, GuardrailQuantity.SensorMissed, GuardrailScope.WhileActive, GuardrailComparison.AtOrAbove, GuardrailReaction.FaultChannel, FaultCode.SensorLost, SettingId.None, SettingId.None),
                new GuardrailRow(GuardrailId.NoRecovery, GuardrailQuantity.StalledRecoveryMilliampereHours, GuardrailScope.WhileActive, GuardrailComparison.AtOrAbove, GuardrailReaction.FaultChannel, FaultCode.NoRecovery, SettingId.RecoveryChargePermille, SettingId.None),
                new GuardrailRow(GuardrailId.ChargeTime, GuardrailQuantity.ChargeMilliseconds, GuardrailScope.WhileActive, GuardrailComparison.AtOrAbove, GuardrailReaction.FaultChannel, FaultCode.Timeout, SettingId.None, SettingId.None),
                new GuardrailRow(GuardrailId.CapacityExceeded, GuardrailQuantity.DeliveredMilliampereHours, GuardrailScope.WhileActive, GuardrailComparison.Above, GuardrailReaction.FaultChannel, FaultCode.CapacityExceeded, SettingId.CapacityLimitPercent, SettingId.None),
                new GuardrailRow(GuardrailId.CellCold, GuardrailQuantity.CellDeciCelsius, GuardrailScope.WhileActive, GuardrailComparison.Below, GuardrailReaction.PauseChannel, FaultCode.None, SettingId.CellColdPauseDeciCelsius, SettingId.CellColdResumeDeciCelsius),
                new GuardrailRow(GuardrailId.CellHot, GuardrailQuantity.CellDeciCelsius, GuardrailScope.WhileActive, GuardrailComparison.AtOrAbove, GuardrailReaction.PauseChannel, FaultCode.None, SettingId.CellHotPauseDeciCelsius, SettingId.CellHotResumeDeciCelsius),
                new GuardrailRow(GuardrailId.BoardOverTemperature, GuardrailQuantity.BoardDeciCelsius, GuardrailScope.Board, GuardrailComparison.AtOrAbove, GuardrailReaction.FaultAll, FaultCode.BoardOverTemperature, SettingId.BoardFaultDeciCelsius, SettingId.None),
                new GuardrailRow(GuardrailId.BoardSensor, GuardrailQuantity.BoardSensorBroken, GuardrailScope.Board, GuardrailComparison.AtOrAbove, GuardrailReaction.FaultAll, FaultCode.SensorFault, SettingId.None, SettingId.None),
                new GuardrailRow(GuardrailId.BoardHot, GuardrailQuantity.BoardDeciCelsius, GuardrailScope.Board, GuardrailComparison.AtOrAbove, GuardrailReaction.PauseAll, FaultCode.None, SettingId.BoardPauseDeciCelsius, SettingId.BoardResumeDeciCelsius),
                new GuardrailRow(GuardrailId.SupplyLow, GuardrailQuantity.SupplyMillivolts, GuardrailScope.Board, GuardrailComparison.Below, GuardrailReaction.PauseAll, FaultCode.None, SettingId.SupplyPauseMillivolts, SettingId.SupplyResumeMillivolts),
                new GuardrailRow(GuardrailId.LateTick, GuardrailQuantity.LatenessMilliseconds, GuardrailScope.Board, GuardrailComparison.Above, GuardrailReaction.OpenAll, FaultCode.LoopOverrun, SettingId.TickPeriodMilliseconds, SettingId.None),

                // Evaluated once, on an event (the clip check, the end of a rest), not every tick: kept after the rest so
                // the per-tick loop stops before them. In each scope the first row beyond its trip decides.
                new GuardrailRow(GuardrailId.ClipNoCell, GuardrailQuantity.RestedMillivolts, GuardrailScope.AtClipCheck, GuardrailComparison.Below, GuardrailReaction.FaultChannel, FaultCode.NoCellOrReversed, SettingId.None, SettingId.None),
                new GuardrailRow(GuardrailId.ClipSpansGroups, GuardrailQuantity.RestedMillivolts, GuardrailScope.AtClipCheck, GuardrailComparison.Above, GuardrailReaction.FaultChannel, FaultCode.MisClip, SettingId.None, SettingId.None),
                new GuardrailRow(GuardrailId.ClipOverVoltage, GuardrailQuantity.RestedMillivolts, GuardrailScope.AtClipCheck, GuardrailComparison.Above, GuardrailReaction.FaultChannel, FaultCode.OverVoltage, SettingId.OverVoltageMillivolts, SettingId.None),
                new GuardrailRow(GuardrailId.ClipQuarantine, GuardrailQuantity.RestedMillivolts, GuardrailScope.AtClipCheck, GuardrailComparison.Below, GuardrailReaction.FaultChannel, FaultCode.Quarantined, SettingId.None, SettingId.None),
                new GuardrailRow(GuardrailId.ClipContact, GuardrailQuantity.ProbeMicroohms, GuardrailScope.AtClipCheck, GuardrailComparison.Above, GuardrailReaction.FaultChannel, FaultCode.PoorContact, SettingId.ContactResistanceLimitMicroohms, SettingId.None),
                new GuardrailRow(GuardrailId.RestClipOff, GuardrailQuantity.RestedMillivolts, GuardrailScope.AtRest, GuardrailComparison.Below, GuardrailReaction.FaultChannel, FaultCode.NoCellOrReversed, SettingId.None, SettingId.None),
                new GuardrailRow(GuardrailId.RestSpansGroups, GuardrailQuantity.RestedMillivolts, GuardrailScope.AtRest, GuardrailComparison.Above, GuardrailReaction.FaultChannel, FaultCode.MisClip, SettingId.None, SettingId.None),
            };
            TickRowCount = 0;
            var boardRows = 0;
            while (TickRowCount < _rows.Length && _rows[TickRowCount].Scope != GuardrailScope.AtClipCheck && _rows[TickRowCount].Scope != GuardrailScope.AtRest)
            {
                boardRows += _rows[TickRowCount].Scope == GuardrailScope.Board ? 1 : 0;
                TickRowCount++;
            }

            _channelTickRows = new int[TickRowCount - boardRows];
            _boardTickRows = new int[boardRows];
            var channelRows = 0;
            boardRows = 0;
            for (var i = 0; i < TickRowCount; i++)
            {
                if (_rows[i].Scope == GuardrailScope.Board)
                {
                    _boardTickRows[boardRows++] = i;
                }
                else
                {
                    _channelTickRows[channelRows++] = i;
                }
            }

            Apply(settings);
        }

        // The positions of the per-tick rows of each subject, in table order: the monitor walks only its own.
        internal readonly int[] _channelTickRows;
        internal readonly int[] _boardTickRows;

        /// <summary>The rows evaluated every tick: the first ones; the clip-check and rest rows follow them.</summary>
        public int TickRowCount { get; }

        /// <summary>
        /// The first event row of a scope and quantity, in table order, whose trip the value is beyond, or −1: the
        /// clip check's and the rests' decisions, made by the table like every other fault.
        /// </summary>
        public int FirstBeyond(GuardrailScope scope, GuardrailQuantity quantity, int value)
        {
            for (var i = TickRowCount; i < _rows.Length; i++)
            {
                var row = _rows[i];
                if (row.Scope == scope && row.Quantity == quantity && row.IsBeyondTrip(value))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Number of rows.</summary>
        public int Count => _rows.Length;

        /// <summary>A row by its position in evaluation order.</summary>
        public GuardrailRow this[int index] => _rows[index];

        /// <summary>The rows themselves, for the monitor's hot loop (an indexer read is a call on nanoCLR).</summary>
        internal GuardrailRow[] Rows => _rows;

        /// <summary>Copies every threshold in from the settings.</summary>
        public void Apply(BalancerSettings settings)
        {
            var periodMilliseconds = settings.TickPeriodMilliseconds;
            for (var i = 0; i < _rows.Length; i++)
            {
                var row = _rows[i];
                var trip = row.TripSetting == SettingId.None ? 1 : settings.Get(row.TripSetting);
                var debounce = 1;
                switch (row.Id)
                {
                    case GuardrailId.OverCurrent:
                    case GuardrailId.RelayStuck:
                        debounce = CurrentDebounceSamples;
                        break;
                    case GuardrailId.ContactResistance:
                        debounce = ContactDebounceSamples;
                        break;
                    case GuardrailId.ChargerNotDelivering:
                        debounce = SamplesIn(settings.Get(SettingId.ChargerNotDeliveringMilliseconds), periodMilliseconds);
                        break;
                    case GuardrailId.SensorLost:
                        debounce = settings.Get(SettingId.SensorLostTicks);
                        break;
                    case GuardrailId.ChargeTime:
                        trip = (int)settings.ChargeTimeLimitMilliseconds;
                        break;
                    case GuardrailId.CapacityExceeded:
                        trip = settings.CapacityLimitMilliampereHours;
                        break;
                    case GuardrailId.NoRecovery:
                        trip = settings.RecoveryStallMilliampereHours;
                        break;
                    case GuardrailId.LateTick:
                        trip = HardLimits.LateTickPeriods * periodMilliseconds;
                        break;
                    case GuardrailId.ClipNoCell:
                    case GuardrailId.RestClipOff:
                        trip = HardLimits.NoCellMillivolts;
                        break;
                    case GuardrailId.ClipSpansGroups:
                    case GuardrailId.RestSpansGroups:
                        trip = HardLimits.MisClipMillivolts;
                        break;
                    case GuardrailId.ClipQuarantine:
                        trip = HardLimits.QuarantineMillivolts;
                        break;
                }

                row.SetThresholds(trip, row.ReleaseSetting == SettingId.None ? trip : settings.Get(row.ReleaseSetting), debounce);
            }
        }

        /// <summary>The row for an id, or null.</summary>
        public GuardrailRow Find(GuardrailId id)
        {
            for (var i = 0; i < _rows.Length; i++)
            {
                if (_rows[i].Id == id)
                {
                    return _rows[i];
                }
            }

            return null;
        }

        /// <summary>Position of a row in evaluation order, or −1.</summary>
        public int IndexOf(GuardrailId id)
        {
            for (var i = 0; i < _rows.Length; i++)
            {
                if (_rows[i].Id == id)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int SamplesIn(int milliseconds, int periodMilliseconds) =>
            (milliseconds + periodMilliseconds - 1) / periodMilliseconds;
    }
}
