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
        }

        /// <summary>Which guardrail.</summary>
        public GuardrailId Id { get; }

        /// <summary>The measured value compared.</summary>
        public GuardrailQuantity Quantity { get; }

        /// <summary>When the row is evaluated.</summary>
        public GuardrailScope Scope { get; }

        /// <summary>The direction of the trip.</summary>
        public GuardrailComparison Comparison { get; }

        /// <summary>What a trip does.</summary>
        public GuardrailReaction Reaction { get; }

        /// <summary>The fault code logged with a trip; None for pauses. Only fault reactions latch it.</summary>
        public FaultCode Fault { get; }

        /// <summary>The setting the trip value comes from, or None when it is a fixed value.</summary>
        public SettingId TripSetting { get; }

        /// <summary>The setting the release value comes from, or None when the row releases at its trip value.</summary>
        public SettingId ReleaseSetting { get; }

        /// <summary>Trip value, in the unit of <see cref="Quantity"/>.</summary>
        public int TripValue { get; internal set; }

        /// <summary>Release value, in the unit of <see cref="Quantity"/>.</summary>
        public int ReleaseValue { get; internal set; }

        /// <summary>Samples in a row beyond the trip value before the row trips.</summary>
        public int DebounceSamples { get; internal set; }

        /// <summary>Whether the row trips on a fault reaction (as opposed to a pause or the late tick).</summary>
        public bool IsFault =>
            Reaction == GuardrailReaction.FaultChannel
            || Reaction == GuardrailReaction.FaultAll
            || Reaction == GuardrailReaction.CutSupplyAndFault;

        /// <summary>Whether the row pauses charging.</summary>
        public bool IsPause => Reaction == GuardrailReaction.PauseChannel || Reaction == GuardrailReaction.PauseAll;

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
    }
}
