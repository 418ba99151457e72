// SPDX-License-Identifier: MIT

using Balancer.Core.Guardrails;
using Balancer.Core.Settings;

namespace Balancer.Core.Control
{
    /// <summary>What the clip check decided from a rested voltage or a contact probe.</summary>
    public enum ClipVerdict
    {
        /// <summary>A clip-check row refused the clip; the channel latches that row's fault.</summary>
        Refused = 0,

        /// <summary>One group, and the channel only watches it: ready without a probe.</summary>
        MonitorOnly = 1,

        /// <summary>Deep-discharged and not yet confirmed: the technician must confirm before any charge.</summary>
        NeedsConfirmation = 2,

        /// <summary>One group that may be charged: probe the contact next.</summary>
        ProbeContact = 3,

        /// <summary>The probe found the contact good enough (or its current too small to judge): ready.</summary>
        Accepted = 4,
    }

    /// <summary>
    /// The clip check (spec §3) as a small type of its own: the step it stands at, its contact probe, and the two
    /// decisions it makes, on the rested voltage and on the probe, each in the guardrail table's order. The channel's
    /// state machine asks it and carries out the answer (relay, events, fault), so every effect stays in one place.
    /// </summary>
    public sealed class ClipCheck
    {
        /// <summary>The step; read by the status directly (a property read is a call on nanoCLR).</summary>
        internal CheckStep _step;

        private readonly ContactProbe _probe = new ContactProbe();

        /// <summary>Where the check stands.</summary>
        public CheckStep Step => _step;

        /// <summary>The contact probe, filled while the step is <see cref="CheckStep.ProbingContact"/>.</summary>
        public ContactProbe Probe => _probe;

        /// <summary>Moves to a step; true when it changed. Entering the probe starts a new one.</summary>
        public bool Enter(CheckStep step)
        {
            var changed = _step != step;
            _step = step;
            if (step == CheckStep.ProbingContact)
            {
                _probe.Begin();
            }

            return changed;
        }

        /// <summary>Whether the relay belongs closed at this step: only the probe closes it.</summary>
        public bool ClosesRelay => _step == CheckStep.ProbingContact;

        /// <summary>
        /// What the clip's rested voltage says, in the table's order: nothing or reversed, spanning groups, over-charged at
        /// rest (closing the relay would only trip the over-voltage row), too deep to charge (rows in
        /// <see cref="GuardrailScope.AtClipCheck"/>); then monitor-only, deep discharge awaiting confirmation, or a probe.
        /// </summary>
        /// <param name="table">The guardrail table with its clip-check rows.</param>
        /// <param name="restedMillivolts">The averaged open-circuit voltage, mV.</param>
        /// <param name="mode">The channel's mode.</param>
        /// <param name="isDeepDischargeConfirmed">Whether the technician confirmed a deep-discharge recovery.</param>
        /// <param name="refusalRow">The refusing row's index for <see cref="ClipVerdict.Refused"/>, else -1.</param>
        public static ClipVerdict Classify(GuardrailTable table, int restedMillivolts, ChannelMode mode, bool isDeepDischargeConfirmed, out int refusalRow)
        {
            refusalRow = table.FirstBeyond(GuardrailScope.AtClipCheck, GuardrailQuantity.RestedMillivolts, restedMillivolts);
            if (refusalRow >= 0)
            {
                return ClipVerdict.Refused;
            }

            if (mode == ChannelMode.MonitorOnly)
            {
                return ClipVerdict.MonitorOnly;
            }

            if (restedMillivolts < HardLimits.DeepDischargeMillivolts && !isDeepDischargeConfirmed)
            {
                return ClipVerdict.NeedsConfirmation;
            }

            return ClipVerdict.ProbeContact;
        }

        /// <summary>
        /// What the finished probe says: the series resistance over the rested voltage, when its current was large enough to
        /// measure one, judged by the table's poor-contact row.
        /// </summary>
        /// <param name="table">The guardrail table with its clip-check rows.</param>
        /// <param name="restedMillivolts">The rested voltage the probe's rise is measured from, mV.</param>
        /// <param name="microohms">The series resistance, µΩ, when <paramref name="hasResistance"/>.</param>
        /// <param name="hasResistance">Whether the probe's current allowed a measurement.</param>
        /// <param name="refusalRow">The refusing row's index for <see cref="ClipVerdict.Refused"/>, else -1.</param>
        public ClipVerdict JudgeProbe(GuardrailTable table, int restedMillivolts, out int microohms, out bool hasResistance, out int refusalRow)
        {
            refusalRow = -1;
            hasResistance = _probe.TryResistance(restedMillivolts, out microohms);
            if (!hasResistance)
            {
                return ClipVerdict.Accepted;
            }

            refusalRow = table.FirstBeyond(GuardrailScope.AtClipCheck, GuardrailQuantity.ProbeMicroohms, microohms);
            return refusalRow >= 0 ? ClipVerdict.Refused : ClipVerdict.Accepted;
        }
    }
}
