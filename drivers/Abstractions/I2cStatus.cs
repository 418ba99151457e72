// SPDX-License-Identifier: MIT

namespace Balancer.Drivers
{
    /// <summary>The outcome of one I²C transfer. Values are fixed: they are logged and sent over BLE.</summary>
    public enum I2cStatus
    {
        /// <summary>Every byte was transferred and acknowledged.</summary>
        Ok = 0,

        /// <summary>The device did not acknowledge its address (absent, unpowered, or its isolator is down).</summary>
        NoAcknowledge = 1,

        /// <summary>The transfer stopped part way.</summary>
        PartialTransfer = 2,

        /// <summary>The bus is stuck (clock stretched beyond the timeout) or another error occurred.</summary>
        BusError = 3,
    }
}
