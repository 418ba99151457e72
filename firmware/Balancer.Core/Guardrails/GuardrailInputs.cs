// SPDX-License-Identifier: MIT

namespace Balancer.Core.Guardrails
{
    /// <summary>
    /// The values one subject (a channel or the board) offers the guardrails this tick. A quantity not set does not
    /// apply this tick (the relay is in the wrong position, the sample is stale, the sensor is broken).
    /// </summary>
    public sealed class GuardrailInputs
    {
        private const int QuantityCount = (int)GuardrailQuantity.LatenessMilliseconds + 1;

        private readonly int[] _values = new int[QuantityCount];
        private readonly bool[] _present = new bool[QuantityCount];

        /// <summary>Withdraws every value.</summary>
        public void Clear()
        {
            for (var i = 0; i < QuantityCount; i++)
            {
                _present[i] = false;
            }
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
