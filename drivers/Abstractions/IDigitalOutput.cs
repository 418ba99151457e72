// SPDX-License-Identifier: MIT

namespace Balancer.Drivers
{
    /// <summary>A push-pull output pin: a relay driver, a charger-supply switch, the dead-man heartbeat, the buzzer.</summary>
    public interface IDigitalOutput
    {
        /// <summary>Drives the pin high (<c>true</c>) or low.</summary>
        void Write(bool high);

        /// <summary>The level the pin is driving, read back from the port.</summary>
        bool IsHigh { get; }
    }
}
