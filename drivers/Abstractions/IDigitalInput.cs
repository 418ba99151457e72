// SPDX-License-Identifier: MIT

namespace Balancer.Drivers
{
    /// <summary>An input pin, such as the push-button. It is polled by the control tick, never interrupt-driven.</summary>
    public interface IDigitalInput
    {
        /// <summary>The pin's level now: <c>true</c> when high.</summary>
        bool IsHigh { get; }
    }
}
