// SPDX-License-Identifier: MIT

namespace Balancer.Core.Control
{
    /// <summary>What a channel is for. Fixed values: sent over BLE.</summary>
    public enum ChannelMode
    {
        /// <summary>Charges its group to the target.</summary>
        Charge = 0,

        /// <summary>Never closes its relay: watches a healthy group whose rested voltage is the Match reference (spec §4).</summary>
        MonitorOnly = 1,
    }

    /// <summary>Where the clip check stands while a channel is <see cref="ChannelState.Checking"/>. Fixed values: sent over BLE.</summary>
    public enum CheckStep
    {
        /// <summary>Not checking.</summary>
        None = 0,

        /// <summary>Relay open; waiting for a settled sample.</summary>
        Settling = 1,

        /// <summary>Averaging the open-circuit voltage to classify the clip.</summary>
        MeasuringVoltage = 2,

        /// <summary>Deep-discharged (1.5–2.5 V): waiting for the technician's confirmation.</summary>
        AwaitingConfirmation = 3,

        /// <summary>Relay closed briefly: measuring the series resistance from ΔV/ΔI.</summary>
        ProbingContact = 4,

        /// <summary>Ready to probe, held while a pause condition (temperature, supply) or a late tick stands.</summary>
        HeldByPause = 5,
    }

    /// <summary>The answer to a command. Fixed values: BLE response codes.</summary>
    public enum CommandResult
    {
        /// <summary>Done.</summary>
        Ok = 0,

        /// <summary>No such channel.</summary>
        UnknownChannel = 1,

        /// <summary>The channel's state does not allow it (for example start on a latched fault).</summary>
        WrongState = 2,

        /// <summary>The fault's cause is still present; the fault stays latched.</summary>
        CauseStillPresent = 3,

        /// <summary>A value is out of range or implausible.</summary>
        InvalidValue = 4,

        /// <summary>Not possible while channels are active (stop them first).</summary>
        Busy = 5,

        /// <summary>The command queue is full; nothing was queued. Try again after the next tick.</summary>
        QueueFull = 6,

        /// <summary>An emergency stop came after the command was queued; it was dropped.</summary>
        CancelledByEmergencyStop = 7,
    }
}
