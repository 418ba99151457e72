// SPDX-License-Identifier: MIT

using Balancer.Core.Settings;

namespace Balancer.Core.Guardrails
{
    /// <summary>
    /// One guardrail: what it measures, when, the trip and release values, the debounce and the reaction. The values
    /// come from the settings each time the table is rebuilt; a trip never depends on code outside the row.
    /// </summary>
    public sealed class GuardrailRow
    {
        internal GuardrailRow(
            GuardrailId id,
            GuardrailQuantity quantity,
            GuardrailScope scope,
            GuardrailComparison comparison,
            GuardrailReaction reaction,
            FaultCode fault,
            SettingId tripSetting,
            SettingId releaseSetting)
        {
            Id = id;
            Quantity = quantity;
            Scope = scope;
            Comparison = comparison;
            Reaction = reaction;
            Fault = fault;
            TripSetting = tripSetting;
            ReleaseSetting = releaseSetting;
            _debounceSamples = 1;
            IsFault = reaction == GuardrailReaction.FaultChannel
                || reaction == GuardrailReaction.FaultAll
                || reaction == GuardrailReaction.CutSupplyAndFault;
            IsPause = reaction == GuardrailReaction.PauseChannel || reaction == GuardrailReaction.PauseAll;
            Unit = UnitOf(quantity);
        }

        /// <summary>Which guardrail.</summary>
        public readonly GuardrailId Id;

        /// <summary>The measured value compared.</summary>
        public readonly GuardrailQuantity Quantity;

        /// <summary>When the row is evaluated.</summary>
        public readonly GuardrailScope Scope;

        /// <summary>The direction of the trip.</summary>
        public readonly GuardrailComparison Comparison;

        /// <summary>What a trip does.</summary>
        public readonly GuardrailReaction Reaction;

        /// <summary>The fault code logged with a trip; None for pauses. Only fault reactions latch it.</summary>
        public readonly FaultCode Fault;

        /// <summary>The setting the trip value comes from, or None when it is a fixed value.</summary>
        public readonly SettingId TripSetting;

        /// <summary>The setting the release value comes from, or None when the row releases at its trip value.</summary>
        public readonly SettingId ReleaseSetting;

        // The thresholds as fields the monitor's hot loop reads directly (a property read is a call on nanoCLR), and the
        // trip folded into one bound and a direction: beyond = trips above ? value > bound : value < bound.
        internal int _tripValue;
        internal int _releaseValue;
        internal int _debounceSamples;
        internal bool _tripsAbove;
        internal int _tripBound;

        /// <summary>Trip value, in the unit of <see cref="Quantity"/>.</summary>
        public int TripValue => _tripValue;

        /// <summary>Release value, in the unit of <see cref="Quantity"/>.</summary>
        public int ReleaseValue => _releaseValue;

        /// <summary>Samples in a row beyond the trip value before the row trips.</summary>
        public int DebounceSamples => _debounceSamples;

        /// <summary>Whether the row trips on a fault reaction (as opposed to a pause or the late tick).</summary>
        public readonly bool IsFault;

        /// <summary>The unit of the measured value and of the threshold.</summary>
        public readonly GuardrailUnit Unit;

        /// <summary>Whether the row pauses charging.</summary>
        public readonly bool IsPause;

        /// <summary>Whether a value lies beyond the trip value.</summary>
        public bool IsBeyondTrip(int value) => _tripsAbove ? value > _tripBound : value < _tripBound;

        /// <summary>Whether a value lies past the release value, so a tripped row lets go.</summary>
        public bool IsPastRelease(int value) =>
            _tripsAbove ? value <= _releaseValue && value <= _tripBound : value >= _releaseValue;

        /// <summary>Sets the thresholds and the samples in a row a trip needs.</summary>
        internal void SetThresholds(int trip, int release, int debounceSamples)
        {
            _tripValue = trip;
            _releaseValue = release;
            _debounceSamples = debounceSamples;
            _tripsAbove = Comparison != GuardrailComparison.Below;

            // value ≥ trip is value > trip − 1 in integers; no trip value sits at int.MinValue.
            _tripBound = Comparison == GuardrailComparison.AtOrAbove ? trip - 1 : trip;
        }

        /// <summary>The unit a quantity is measured in (its name says it too).</summary>
        public static GuardrailUnit UnitOf(GuardrailQuantity quantity)
        {
            switch (quantity)
            {
                case GuardrailQuantity.ChargingMillivolts:
                case GuardrailQuantity.DropBelowMaximumMillivolts:
                case GuardrailQuantity.SupplyMillivolts:
                case GuardrailQuantity.RestedMillivolts:
                    return GuardrailUnit.Millivolts;
                case GuardrailQuantity.ChargingMilliamperes:
                case GuardrailQuantity.OpenRelayMilliamperes:
                case GuardrailQuantity.ShortfallChargingMilliamperes:
                    return GuardrailUnit.Milliamperes;
                case GuardrailQuantity.CellDeciCelsius:
                case GuardrailQuantity.BoardDeciCelsius:
                    return GuardrailUnit.DeciCelsius;
                case GuardrailQuantity.ChargeMilliseconds:
                case GuardrailQuantity.LatenessMilliseconds:
                    return GuardrailUnit.Milliseconds;
                case GuardrailQuantity.DeliveredMilliampereHours:
                case GuardrailQuantity.StalledRecoveryMilliampereHours:
                    return GuardrailUnit.MilliampereHours;
                case GuardrailQuantity.PulseResistanceMicroohms:
                case GuardrailQuantity.ProbeMicroohms:
                    return GuardrailUnit.Microohms;
                default:
                    return GuardrailUnit.Flag;
            }
        }
    }
}
