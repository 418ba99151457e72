// SPDX-License-Identifier: MIT

namespace Balancer.Core.Protocol
{
    /// <summary>
    /// Why a write was refused (docs/protocol.md). Fixed values: a GATT write answers with ATT error 0x80 + the code, the
    /// simulator's WebSocket with the code itself. A refused write changes nothing.
    /// </summary>
    public enum ProtocolError
    {
        /// <summary>Accepted.</summary>
        Ok = 0,

        /// <summary>The first byte is not a protocol version this firmware speaks.</summary>
        BadVersion = 1,

        /// <summary>Shorter than its header, a length byte that does not match the write, or a payload of the wrong size for its opcode.</summary>
        BadLength = 2,

        /// <summary>No such opcode.</summary>
        UnknownOpcode = 3,

        /// <summary>A value outside its range (a mode, a target, a passkey, a reference voltage, a setting's limits).</summary>
        OutOfRange = 4,

        /// <summary>No such channel on this board.</summary>
        UnknownChannel = 5,

        /// <summary>Starting, configuring and calibrating need an authenticated, bonded link (or the simulator's token).</summary>
        NotAuthenticated = 6,

        /// <summary>The command queue is full; nothing was queued. Try again in a tick.</summary>
        QueueFull = 7,

        /// <summary>An opcode of another characteristic (a Config opcode written to Command, or the reverse).</summary>
        WrongCharacteristic = 8,

        /// <summary>No such setting.</summary>
        UnknownSetting = 9,

        /// <summary>ReadLog on an adapter that keeps no log: its flash did not answer at boot.</summary>
        NoLog = 10,
    }
}
