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
    }
}
