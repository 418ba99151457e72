// SPDX-License-Identifier: MIT

namespace Balancer.DeviceCost
{
    /// <summary>
    /// A call from the device code through one of the project's bus interfaces (drivers/Abstractions). On the ESP32 the
    /// board layer (firmware/Balancer.Device/Board) forwards each of them to nanoFramework's native code.
    /// </summary>
    public enum NativeCallKind
    {
        /// <summary><c>II2cDevice.Write</c>: one I²C write transaction.</summary>
        I2cWrite = 0,

        /// <summary><c>II2cDevice.WriteRead</c>: one write, repeated start, read transaction.</summary>
        I2cWriteRead = 1,

        /// <summary><c>IAdcChannel.ReadCode</c>: one ADC conversion (<c>AdcChannel.ReadValue</c>).</summary>
        AdcRead = 2,

        /// <summary><c>IDigitalOutput.Write</c>: one GPIO write.</summary>
        GpioWrite = 3,

        /// <summary><c>IDigitalInput.IsHigh</c>: one GPIO read.</summary>
        GpioRead = 4,

        /// <summary><c>IClock.NowMilliseconds</c>: <c>Environment.TickCount64</c>.</summary>
        ClockRead = 5,

        /// <summary><c>IClock.SleepUntil</c>: the wait for the deadline (its duration is not part of the tick).</summary>
        ClockSleep = 6,
    }
}
