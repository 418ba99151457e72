// SPDX-License-Identifier: MIT

namespace Balancer.Core.Log
{
    /// <summary>
    /// What a recovery-log record holds. Fixed values: they are on flash and in exported logs. The payloads are in
    /// docs/recovery-log.md; a record belongs to the session whose <see cref="SessionStart"/> came last before it.
    /// </summary>
    public enum LogRecordType : byte
    {
        /// <summary>No record.</summary>
        None = 0,

        /// <summary>
        /// The firmware booted: <c>[format u8][channels u8][settings load u8][unfinished u8][torn tail bytes i32][corrupt
        /// records i32][unfinished session u32]</c>. A session still open when a boot follows it was interrupted.
        /// </summary>
        Boot = 1,

        /// <summary>
        /// A session began (a start with every channel idle): <c>[channels u8][target mode u8][has target u8][target mV
        /// i32][relaxation scale ‰ i32][setting count u8][settings i32…]</c>.
        /// </summary>
        SessionStart = 2,

        /// <summary>A channel was started: <c>[channel u8][mode u8][calibrated u8][gain ppm i32][offset mV i32][current offset µA i32]</c>.</summary>
        ChannelStart = 3,

        /// <summary>A channel's account during the session (every 5 min, and when its clip check ends): <c>[channel u8][account]</c>.</summary>
        Checkpoint = 4,

        /// <summary>
        /// An event worth keeping (faults, pauses, stops, the target, settings, state changes other than pulses):
        /// <c>[kind u8][channel i8][from u8][to u8][reason u8][fault u8][guardrail u8][value i32][threshold i32]</c>.
        /// </summary>
        Event = 5,

        /// <summary>A channel's last account when it ended (Done, Fault, or stopped): <c>[channel u8][account]</c>.</summary>
        ChannelEnd = 6,

        /// <summary>The session ended: no charging channel is active any more. <c>[channels u8]</c>.</summary>
        SessionEnd = 7,

        /// <summary>Records the queue had no room for while the flash was busy: <c>[count i32]</c>.</summary>
        RecordsLost = 8,
    }
}
