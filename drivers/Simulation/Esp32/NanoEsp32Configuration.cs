// SPDX-License-Identifier: MIT

// nanoFramework.Hardware.Esp32 1.6.42's pin-function routing, over EmulatedEsp32.

using Balancer.Drivers.Simulation.Esp32;

namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Peripheral functions a pad can carry (only those the board uses are emulated).</summary>
    public enum DeviceFunction
    {
        /// <summary>I²C 1 data.</summary>
        I2C1_DATA = EmulatedEsp32.I2c1Data,

        /// <summary>I²C 1 clock.</summary>
        I2C1_CLOCK = EmulatedEsp32.I2c1Clock,
    }

    /// <summary>Routes peripheral functions to pads on the current emulated chip.</summary>
    public class Configuration
    {
        /// <summary>Puts a function on a pad.</summary>
        public static void SetPinFunction(int pin, DeviceFunction value) => EmulatedEsp32.Current.SetFunctionPin((int)value, pin);

        /// <summary>The pad a function is on, or −1.</summary>
        public static int GetFunctionPin(DeviceFunction function) => EmulatedEsp32.Current.FunctionPin((int)function);
    }
}
