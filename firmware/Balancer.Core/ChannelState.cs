// SPDX-License-Identifier: MIT

namespace Balancer.Core
{
    /// <summary>
    /// A channel's life (spec §3). Values are fixed: they travel in BLE status frames and the recovery log.
    /// </summary>
    public enum ChannelState
    {
        /// <summary>Nothing clipped, or not started.</summary>
        Idle = 0,

        /// <summary>Relay open: classifying the clip, then probing the contact resistance.</summary>
        Checking = 1,

        /// <summary>Checks passed; waiting for the start of charging.</summary>
        Ready = 2,

        /// <summary>Relay closed, the charger delivering.</summary>
        Charging = 3,

        /// <summary>Relay open, waiting for the group to relax before an open-circuit reading.</summary>
        Resting = 4,

        /// <summary>Open-circuit voltage within tolerance of the target.</summary>
        Topped = 5,

        /// <summary>Relay open, logging open-circuit voltage to measure self-discharge.</summary>
        Holding = 6,

        /// <summary>Finished; the report is final.</summary>
        Done = 7,

        /// <summary>Stopped by a condition that clears by itself (temperature, supply).</summary>
        Paused = 8,

        /// <summary>Stopped by a latched fault; cleared only by the button or an authenticated command.</summary>
        Fault = 9,
    }

    /// <summary>What a state means for the session.</summary>
    public static class ChannelStates
    {
        /// <summary>Whether a channel in <paramref name="state"/> is working: started and not yet Done, Idle or faulted.</summary>
        public static bool IsWorking(ChannelState state) =>
            state != ChannelState.Idle && state != ChannelState.Done && state != ChannelState.Fault;
    }
}
