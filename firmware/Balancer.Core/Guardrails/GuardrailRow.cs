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
            DebounceSamples = 1;
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

        /// <summary>Trip value, in the unit of <see cref="Quantity"/>.</summary>
        public int TripValue { get; internal set; }

        /// <summary>Release value, in the unit of <see cref="Quantity"/>.</summary>
        public int ReleaseValue { get; internal set; }

        /// <summary>Samples in a row beyond the trip value before the row trips.</summary>
        public int DebounceSamples { get; internal set; }

        /// <summary>Whether the row trips on a fault reaction (as opposed to a pause or the late tick).</summary>
        public readonly bool IsFault;

        /// <summary>The unit of the measured value and of the threshold.</summary>
        public readonly GuardrailUnit Unit;

        /// <summary>Whether the row pauses charging.</summary>
        public readonly bool IsPause;

        /// <summary>Whether a value lies beyond the trip value.</summary>
        public bool IsBeyondTrip(int value)
        {
            switch (Comparison)
            {
                case GuardrailComparison.Above:
                    return value > TripValue;
                case GuardrailComparison.AtOrAbove:
                    return value >= TripValue;
                default:
                    return value < TripValue;
            }
        }

        /// <summary>Whether a value lies past the release value, so a tripped row lets go.</summary>
        public bool IsPastRelease(int value) =>
            Comparison == GuardrailComparison.Below ? value >= ReleaseValue : value <= ReleaseValue && !IsBeyondTrip(value);

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
                case GuardrailQuantity.UnrecoveredMilliseconds:
                case GuardrailQuantity.ChargeMilliseconds:
                case GuardrailQuantity.LatenessMilliseconds:
                    return GuardrailUnit.Milliseconds;
                case GuardrailQuantity.DeliveredMilliampereHours:
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
