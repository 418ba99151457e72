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
        public void The_Millisecond_Clock_Moves_In_Ten_Millisecond_FreeRtos_Ticks()
        {
            var chip = new EmulatedEsp32(_clock);

            _clock.Advance(9_999);
            Assert.Equal(0, chip.TickCount64);
            _clock.Advance(1);
            Assert.Equal(10, chip.TickCount64);
            _clock.Advance(19_000);
            Assert.Equal(20, chip.TickCount64);
        }

        [Fact]
        public void A_Sleep_Wakes_On_A_FreeRtos_Tick_Counted_From_The_Quantised_Now()
        {
            var chip = new EmulatedEsp32(_clock);
            _clock.Advance(3_000);

            chip.Sleep(25); // wake-up due at 0 + 25 ms, the first tick at or after it is 30 ms
            Assert.Equal(30_000, _clock.NowMicroseconds);

            _clock.Advance(9_000); // 39 ms, the clock still reads 30
            chip.Sleep(20);
            Assert.Equal(50_000, _clock.NowMicroseconds);
        }

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
        public void Toggle_Flips_The_Level_Last_Written_Not_What_The_Pad_Reads()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            using var gpio = new GpioController();
            var pin = gpio.OpenPin(23, PinMode.Output);

            pin.Toggle();
            pin.Toggle();
            pin.Toggle();

            Assert.Equal(3, chip.Pad(23).TransitionCount);
            Assert.True(chip.Pad(23).IsHigh);
            Assert.Equal(PinValue.Low, pin.Read());
        }

        [Fact]
        public void Writing_An_Input_Pin_Is_Refused()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            using var gpio = new GpioController();
            var button = gpio.OpenPin(13, PinMode.InputPullUp);

            Assert.Throws<ArgumentException>(() => button.Write(PinValue.Low));
        }

        [Fact]
        public void A_Failed_Second_Open_Leaves_An_Orphan_Whose_Finalizer_Releases_The_Pad_Under_Its_Owner()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            using var gpio = new GpioController();
            var relay = gpio.OpenPin(25, PinMode.Output);
            relay.Write(PinValue.High);

            Assert.Throws<InvalidOperationException>(() => gpio.OpenPin(25, PinMode.Output));

            Assert.False(chip.IsOpen(25));
            Assert.Equal(Esp32PinMode.Input, chip.ModeOf(25));
            relay.Write(PinValue.High); // the owner believes it still drives the relay
            Assert.False(chip.Pad(25).IsHigh);
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
        public void A_Pin_Opens_Once_On_The_Device_Even_From_Another_Controller()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            var first = new GpioController();
            first.OpenPin(26, PinMode.Output);
            var second = new GpioController();

            Assert.Throws<InvalidOperationException>(() => second.OpenPin(26, PinMode.Output));
        }

        [Fact]
        public void A_Closed_Pin_Opens_Again()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            var gpio = new GpioController();
            gpio.OpenPin(26, PinMode.Output);

            gpio.ClosePin(26);

            Assert.False(chip.IsOpen(26));
            gpio.OpenPin(26, PinMode.Output);
            Assert.True(chip.IsOpen(26));
        }

        [Fact]
        public void Disposing_Any_Controller_Closes_Every_Pin_On_The_Device_And_Leaves_Them_Floating()
        {
            var chip = new EmulatedEsp32(_clock);
            using var inUse = chip.Use();
            var board = new GpioController();
            board.OpenPin(27, PinMode.Output).Write(PinValue.High);
            var other = new GpioController();
            other.OpenPin(16, PinMode.Output);

            other.Dispose();

            Assert.Equal(0, chip.OpenPinCount);
            Assert.Equal(Esp32PinMode.Input, chip.ModeOf(27));
            Assert.False(chip.Pad(27).IsHigh);
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
