// SPDX-License-Identifier: MIT

using Balancer.Core.Settings;

namespace Balancer.Core.Guardrails
{
    /// <summary>
    /// One guardrail: what it measures, when, the trip and release values, the debounce and the reaction. The values
    /// come from the settings each time the table is rebuilt; a trip never depends on code outside the row.
    /// </summary>
    /// <remarks>
    /// Every row is a heap object for the life of the firmware, and on nanoCLR every field is a 12-byte block: the row's
    /// fixed description is packed into two <c>int</c>s and read back through properties (none of them on the tick's
    /// path), and the monitor's hot loop reads the few fields it needs directly (docs/device-cost.md, "The boot heap").
    /// </remarks>
    public sealed class GuardrailRow
    {
        internal const int ReactionNone = 0;
        internal const int ReactionFault = 1;
        internal const int ReactionPause = 2;

        // Id (bits 0–7), scope (8–11), comparison (12–15), reaction (16–19), fault code (20–27).
        private readonly int _shape;

        // Trip setting (bits 0–15), release setting (16–31).
        private readonly int _settings;

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
            _shape = (int)id | ((int)scope << 8) | ((int)comparison << 12) | ((int)reaction << 16) | ((int)fault << 20);
            _settings = (int)tripSetting | ((int)releaseSetting << 16);
            _quantity = quantity;
            _debounceSamples = 1;
            _tripsAbove = comparison != GuardrailComparison.Below;
            _reactionKind = reaction == GuardrailReaction.FaultChannel
                || reaction == GuardrailReaction.FaultAll
                || reaction == GuardrailReaction.CutSupplyAndFault
                ? ReactionFault
                : reaction == GuardrailReaction.PauseChannel || reaction == GuardrailReaction.PauseAll ? ReactionPause : ReactionNone;
        }

        /// <summary>Which guardrail.</summary>
        public GuardrailId Id => (GuardrailId)(_shape & 0xFF);

        /// <summary>The measured value compared.</summary>
        public GuardrailQuantity Quantity => _quantity;

        /// <summary>When the row is evaluated.</summary>
        public GuardrailScope Scope => (GuardrailScope)((_shape >> 8) & 0xF);

        /// <summary>The direction of the trip.</summary>
        public GuardrailComparison Comparison => (GuardrailComparison)((_shape >> 12) & 0xF);

        /// <summary>What a trip does.</summary>
        public GuardrailReaction Reaction => (GuardrailReaction)((_shape >> 16) & 0xF);

        /// <summary>The fault code logged with a trip; None for pauses. Only fault reactions latch it.</summary>
        public FaultCode Fault => (FaultCode)((_shape >> 20) & 0xFF);

        /// <summary>The setting the trip value comes from, or None when it is a fixed value.</summary>
        public SettingId TripSetting => (SettingId)(_settings & 0xFFFF);

        /// <summary>The setting the release value comes from, or None when the row releases at its trip value.</summary>
        public SettingId ReleaseSetting => (SettingId)((_settings >> 16) & 0xFFFF);

        // What the monitor's hot loop reads directly (a property read is a call on nanoCLR): the quantity, the reaction's
        // kind, and the trip folded into one bound and a direction: beyond = trips above ? value > bound : value < bound.
        internal readonly GuardrailQuantity _quantity;
        internal readonly int _reactionKind;
        internal readonly bool _tripsAbove;
        internal int _tripBound;
        internal int _releaseValue;
        internal int _debounceSamples;

        /// <summary>Trip value, in the unit of <see cref="Quantity"/>.</summary>
        public int TripValue => Comparison == GuardrailComparison.AtOrAbove ? _tripBound + 1 : _tripBound;

        /// <summary>Release value, in the unit of <see cref="Quantity"/>.</summary>
        public int ReleaseValue => _releaseValue;

        /// <summary>Samples in a row beyond the trip value before the row trips.</summary>
        public int DebounceSamples => _debounceSamples;

        /// <summary>Whether the row trips on a fault reaction (as opposed to a pause or the late tick).</summary>
        public bool IsFault => _reactionKind == ReactionFault;

        /// <summary>The unit of the measured value and of the threshold.</summary>
        public GuardrailUnit Unit => UnitOf(_quantity);

        /// <summary>Whether the row pauses charging.</summary>
        public bool IsPause => _reactionKind == ReactionPause;

        /// <summary>Whether a value lies beyond the trip value.</summary>
        public bool IsBeyondTrip(int value) => _tripsAbove ? value > _tripBound : value < _tripBound;

        /// <summary>Whether a value lies past the release value, so a tripped row lets go.</summary>
        public bool IsPastRelease(int value) =>
            _tripsAbove ? value <= _releaseValue && value <= _tripBound : value >= _releaseValue;

        /// <summary>Sets the thresholds and the samples in a row a trip needs.</summary>
        internal void SetThresholds(int trip, int release, int debounceSamples)
        {
            _releaseValue = release;
            _debounceSamples = debounceSamples;

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
