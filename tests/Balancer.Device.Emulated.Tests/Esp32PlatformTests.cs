// SPDX-License-Identifier: MIT

using System;
using System.Device.Gpio;
using System.Device.I2c;
using Balancer.Drivers.Simulation;
using Balancer.Drivers.Simulation.Esp32;
using nanoFramework.Hardware.Esp32;
using Xunit;

namespace Balancer.Device.Emulated.Tests
{
    /// <summary>
    /// The emulated chip does what nanoFramework does on an ESP32, where that differs from what the API's shape
    /// suggests. Each of these is a trap a board adapter fell into once.
    /// </summary>
    public class Esp32PlatformTests
    {
        private readonly SimulatedClock _clock = new();

        [Fact]
        public void An_Output_Pad_Reads_Back_Low_Whatever_It_Drives()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            using var gpio = new GpioController();
            var pin = gpio.OpenPin(25, PinMode.Output);

            pin.Write(PinValue.High);

            Assert.True(chip.Pad(25).IsHigh, "the pad drives high");
            Assert.Equal(PinValue.Low, pin.Read());
        }

        [Fact]
        public void Toggle_On_An_Output_Reads_Low_First_So_It_Only_Ever_Writes_High()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            using var gpio = new GpioController();
            var pin = gpio.OpenPin(23, PinMode.Output);

            pin.Toggle();
            pin.Toggle();
            pin.Toggle();

            Assert.Equal(1, chip.Pad(23).TransitionCount);
        }

        [Fact]
        public void An_Input_With_Pull_Up_Reads_High_Until_Something_Pulls_It_Low()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            using var gpio = new GpioController();
            var button = gpio.OpenPin(13, PinMode.InputPullUp);

            Assert.Equal(PinValue.High, button.Read());
            chip.DriveExternally(13, false);
            Assert.Equal(PinValue.Low, button.Read());
        }

        [Fact]
        public void A_Pin_Opens_Once_On_The_Device_Even_From_Another_Controller_Until_It_Is_Closed()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            var first = new GpioController();
            first.OpenPin(26, PinMode.Output);

            Assert.Throws<InvalidOperationException>(() => first.OpenPin(26, PinMode.Output));
            var second = new GpioController();
            Assert.Throws<InvalidOperationException>(() => second.OpenPin(26, PinMode.Output));

            first.Dispose();
            Assert.False(chip.IsOpen(26));
            second.OpenPin(26, PinMode.Output);
            Assert.True(chip.IsOpen(26));
        }

        [Fact]
        public void An_Input_Only_Pad_Cannot_Be_Opened_As_An_Output()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            using var gpio = new GpioController();

            Assert.Throws<ArgumentException>(() => gpio.OpenPin(36, PinMode.Output));
        }

        [Fact]
        public void I2c_Bus_1_Reaches_A_Board_Wired_To_21_And_22_Only_After_Its_Pins_Are_Moved_There()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            var bus = new SimulatedI2cBus();
            bus.Attach(0x40, new Ina219Emulator(_clock, 0x40, seed: 1));
            chip.WireI2c(21, 22, bus);
            var device = new I2cDevice(new I2cConnectionSettings(1, 0x40));
            var register = new byte[] { 0x00 };
            var value = new byte[2];

            Assert.Equal(I2cTransferStatus.SlaveAddressNotAcknowledged, device.WriteRead(register, value).Status);

            Configuration.SetPinFunction(21, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(22, DeviceFunction.I2C1_CLOCK);
            var result = device.WriteRead(register, value);

            Assert.Equal(I2cTransferStatus.FullTransfer, result.Status);
            Assert.Equal(3u, result.BytesTransferred);
            Assert.Equal(Ina219Emulator.PowerOnConfiguration, (ushort)((value[0] << 8) | value[1]));
        }
    }
}
