// SPDX-License-Identifier: MIT

namespace Balancer.Drivers
{
    /// <summary>A push-pull output pin: a relay driver, a charger-supply switch, the dead-man heartbeat, the buzzer.</summary>
    /// <remarks>
    /// Write-only on purpose. nanoFramework opens an ESP32 output as <c>GPIO_MODE_OUTPUT</c>, with the pad's input
    /// buffer off, so reading it back always returns Low whatever it drives. Whoever drives a pin keeps the level it
    /// wrote; nothing reads an output back.
    /// </remarks>
    public interface IDigitalOutput
    {
        /// <summary>Drives the pin high (<c>true</c>) or low.</summary>
        void Write(bool high);
    }
}
