// SPDX-License-Identifier: MIT

namespace Balancer.Core.Guardrails
{
    /// <summary>
    /// The debounce and hysteresis state of every row for one subject (a channel or the board). A row trips after
    /// <see cref="GuardrailRow.DebounceSamples"/> samples in a row beyond its trip value and lets go only past its release
    /// value. A row whose quantity does not apply this tick loses its count; a pause stays active until a sample shows
    /// it released, a fault row does not (the fault itself is latched by the channel). A row whose quantity is held (a
    /// lost sample) keeps its state.
    /// </summary>
    public sealed class GuardrailMonitor
    {
        private readonly int[] _beyondCount;
        private readonly bool[] _active;
        private readonly bool[] _beyond;
        private readonly int[] _lastValue;

        private int _firstActiveFault;
        private int _firstActivePause;

        /// <summary>Creates the state for a table's rows, all released.</summary>
        public GuardrailMonitor(GuardrailTable table)
        {
            _beyondCount = new int[table.Count];
            _active = new bool[table.Count];
            _beyond = new bool[table.Count];
            _lastValue = new int[table.Count];
            _firstActiveFault = -1;
            _firstActivePause = -1;
        }

        /// <summary>Releases every row and forgets every count.</summary>
        public void Reset()
        {
            _firstActiveFault = -1;
            _firstActivePause = -1;
            for (var i = 0; i < _active.Length; i++)
            {
                _beyondCount[i] = 0;
                _active[i] = false;
                _beyond[i] = false;
            }
        }

        /// <summary>Evaluates the rows of the board scope, or every other row, against this tick's inputs.</summary>
        /// <returns>The first row (in table order) that went from released to tripped this tick, or −1.</returns>
        /// <remarks>
        /// The hot path of every tick: it walks only its subject's rows, indexes the table's rows and the inputs' arrays
        /// directly, compares against each row's folded trip bound inline, and notes the first active fault and pause row
        /// as it goes, because on nanoCLR every call and every property read is interpreted.
        /// </remarks>
        public int Evaluate(GuardrailTable table, GuardrailInputs inputs, bool boardRows)
        {
            var firstTripped = -1;
            var firstFault = -1;
            var firstPause = -1;
            var rows = table.Rows;
            var order = boardRows ? table._boardTickRows : table._channelTickRows;
            var values = inputs._values;
            var present = inputs._present;
            var held = inputs._held;
            var beyondCount = _beyondCount;
            var active = _active;
            var beyondNow = _beyond;
            var lastValue = _lastValue;
            for (var k = 0; k < order.Length; k++)
            {
                var i = order[k];
                var row = rows[i];
                var quantity = (int)row._quantity;
                var isActive = active[i];
                if (held[quantity])
                {
                    // Held: the row keeps its state this tick.
                }
                else if (!present[quantity])
                {
                    beyondCount[i] = 0;
                    beyondNow[i] = false;
                    if (isActive && row._reactionKind != GuardrailRow.ReactionPause)
                    {
                        active[i] = isActive = false;
                    }
                }
                else
                {
                    var value = values[quantity];
                    lastValue[i] = value;
                    if (row._tripsAbove ? value > row._tripBound : value < row._tripBound)
                    {
                        beyondNow[i] = true;
                        var count = beyondCount[i];
                        if (count < row._debounceSamples)
                        {
                            beyondCount[i] = ++count;
                        }

                        if (!isActive && count >= row._debounceSamples)
                        {
                            active[i] = isActive = true;
                            if (firstTripped < 0)
                            {
                                firstTripped = i;
                            }
                        }
                    }
                    else
                    {
                        beyondNow[i] = false;
                        beyondCount[i] = 0;
                        if (isActive && row.IsPastRelease(value))
                        {
                            active[i] = isActive = false;
                        }
                    }
                }

                if (isActive)
                {
                    if (row._reactionKind == GuardrailRow.ReactionFault)
                    {
                        if (firstFault < 0)
                        {
                            firstFault = i;
                        }
                    }
                    else if (row._reactionKind == GuardrailRow.ReactionPause && firstPause < 0)
                    {
                        firstPause = i;
                    }
                }
            }

            _firstActiveFault = firstFault;
            _firstActivePause = firstPause;
            return firstTripped;
        }

        /// <summary>Whether the row is tripped (debounced, and not yet released).</summary>
        public bool IsActive(int row) => _active[row];

        /// <summary>Whether the latest applicable sample lay beyond the row's trip value (the cause is present now).</summary>
        public bool IsBeyondTrip(int row) => _beyond[row];

        /// <summary>The latest value the row saw.</summary>
        public int LastValue(int row) => _lastValue[row];

        /// <summary>The first active row with the given reaction kind, or −1, as the last evaluation left them.</summary>
        public int FirstActive(GuardrailTable table, bool faults) => faults ? _firstActiveFault : _firstActivePause;
    }
}
