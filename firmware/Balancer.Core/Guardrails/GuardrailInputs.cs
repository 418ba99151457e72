// SPDX-License-Identifier: MIT

namespace Balancer.Core.Guardrails
{
    /// <summary>
    /// The values one subject (a channel or the board) offers the guardrails this tick. A quantity not set does not
    /// apply this tick (the relay is in the wrong position, the sample is stale, the sensor is broken).
    /// </summary>
    public sealed class GuardrailInputs
    {
        private const int QuantityCount = (int)GuardrailQuantity.PulseResistanceMicroohms + 1;

        // Internal for the monitor's hot loop, which indexes them directly: a method call is interpreted on nanoCLR.
        internal readonly int[] _values = new int[QuantityCount];
        internal readonly bool[] _present = new bool[QuantityCount];
        internal readonly bool[] _held = new bool[QuantityCount];

        /// <summary>Withdraws every value.</summary>
        public void Clear()
        {
            // One native call each, not a loop of interpreted stores.
            System.Array.Clear(_present, 0, QuantityCount);
            System.Array.Clear(_held, 0, QuantityCount);
        }

        /// <summary>Offers a value.</summary>
        public void Set(GuardrailQuantity quantity, int value)
        {
            _values[(int)quantity] = value;
            _present[(int)quantity] = true;
        }

        /// <summary>Offers a value clamped into int range (times and charge can grow large).</summary>
        public void Set(GuardrailQuantity quantity, long value) =>
            Set(quantity, value > int.MaxValue ? int.MaxValue : value < int.MinValue ? int.MinValue : (int)value);

        /// <summary>
        /// Says the quantity applies but this tick brought no value (the sample was lost): rows keep their counts, since
        /// a missing sample is no evidence that a condition went away.
        /// </summary>
        public void Hold(GuardrailQuantity quantity) => _held[(int)quantity] = true;

        /// <summary>Whether the quantity is held over this tick.</summary>
        public bool IsHeld(GuardrailQuantity quantity) => _held[(int)quantity];

        /// <summary>Whether the quantity applies this tick.</summary>
        public bool Has(GuardrailQuantity quantity) => _present[(int)quantity];

        /// <summary>The value, if it applies this tick.</summary>
        public bool TryGet(GuardrailQuantity quantity, out int value)
        {
            value = _values[(int)quantity];
            return _present[(int)quantity];
        }
    }
}
