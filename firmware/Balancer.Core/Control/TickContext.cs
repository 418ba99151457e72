// SPDX-License-Identifier: MIT

using Balancer.Core.Events;
using Balancer.Core.Guardrails;

namespace Balancer.Core.Control
{
    /// <summary>
    /// What the loop shares with every channel: the session target, the board's guardrail state and the late-tick and
    /// emergency-stop flags. The loop writes it, the channels read it; one object, created once, so a channel never
    /// reaches back into the loop and reading it costs a field load, not a call, on nanoCLR.
    /// </summary>
    internal sealed class TickContext
    {
        /// <summary>Creates the context with no target, no board row active and nothing late.</summary>
        public TickContext(GuardrailMonitor boardGuardrails, EventHub events)
        {
            BoardGuardrails = boardGuardrails;
            Events = events;
            BoardFaultRow = -1;
            BoardPauseRow = -1;
        }

        /// <summary>The board-wide rows' state.</summary>
        public readonly GuardrailMonitor BoardGuardrails;

        /// <summary>Where the channels publish their events.</summary>
        public readonly EventHub Events;

        /// <summary>The session's target, mV; meaningful when <see cref="HasTarget"/>.</summary>
        public int TargetMillivolts;

        /// <summary>Whether a target is known (Match modes wait for their reference).</summary>
        public bool HasTarget;

        /// <summary>Emergency stop latched: nothing charges until a channel is started again.</summary>
        public bool IsEmergencyStopped;

        /// <summary>The first active board fault row this tick, or −1.</summary>
        public int BoardFaultRow;

        /// <summary>The first active board pause row this tick, or −1.</summary>
        public int BoardPauseRow;

        /// <summary>Whether the current tick started too late: it opens every relay and closes none.</summary>
        public bool IsTickLate;

        /// <summary>
        /// The pack's relaxation scale, ‰ of the prior: every rest's measured fall over its predicted fall, summed over the
        /// pack's groups and pulled towards the prior (<see cref="Settings.SettingId.RelaxationPriorPercent"/>) by
        /// <see cref="PriorWeightMicrovolts"/> of predicted fall, so the first rests cannot swing it. The groups of one pack
        /// share their cells' type and history, so a group is judged by what the whole pack showed.
        /// </summary>
        public int RelaxationScalePermille;

        /// <summary>How much predicted fall the prior counts for when the pack's scale is averaged, µV.</summary>
        public const long PriorWeightMicrovolts = 4_000;

        /// <summary>The highest scale believed, ‰: more is a rest that measured something else (a clip that moved), not a cell.</summary>
        public const int MaximumRelaxationScalePermille = 2_500;

        private int _priorScalePermille;
        private long _measuredFallMicrovolts;
        private long _predictedFallMicrovolts;

        /// <summary>Adds one rest's measured and predicted fall to the pack's scale.</summary>
        public void LearnRelaxation(long measuredFallMicrovolts, long predictedFallMicrovolts)
        {
            _measuredFallMicrovolts += measuredFallMicrovolts;
            _predictedFallMicrovolts += predictedFallMicrovolts;
            var scale = ((_measuredFallMicrovolts * 1_000) + (_priorScalePermille * PriorWeightMicrovolts))
                / (_predictedFallMicrovolts + PriorWeightMicrovolts);
            RelaxationScalePermille = (int)(scale < 0 ? 0 : scale > MaximumRelaxationScalePermille ? MaximumRelaxationScalePermille : scale);
        }

        /// <summary>A new pack: back to the prior, ‰.</summary>
        public void ForgetRelaxation(int priorScalePermille)
        {
            _priorScalePermille = priorScalePermille;
            _measuredFallMicrovolts = 0;
            _predictedFallMicrovolts = 0;
            RelaxationScalePermille = priorScalePermille;
        }
    }
}
