// SPDX-License-Identifier: MIT

using System.Device.Adc;
using System.Device.Gpio;
using Balancer.Drivers;

namespace Balancer.Device.Board
{
    /// <summary>
    /// The nanoFramework adapter for <see cref="IDigitalOutput"/>: a GPIO driven push-pull, low at open. Write-only:
    /// nanoFramework opens an ESP32 output as <c>GPIO_MODE_OUTPUT</c>, whose input buffer is off, so
    /// <c>GpioPin.Read()</c> always returns Low; the owner of the pin keeps the level it wrote.
    /// </summary>
    internal sealed class NanoDigitalOutput : IDigitalOutput
    {
        private readonly GpioPin _pin;

        public NanoDigitalOutput(GpioController controller, int pinNumber)
        {
            _pin = controller.OpenPin(pinNumber, PinMode.Output);
            _pin.Write(PinValue.Low);
        }

        public void Write(bool high) => _pin.Write(high ? PinValue.High : PinValue.Low);
    }

    /// <summary>The nanoFramework adapter for <see cref="IDigitalInput"/>: a GPIO input with its pull-up.</summary>
    internal sealed class NanoDigitalInput : IDigitalInput
    {
        private readonly GpioPin _pin;

        public NanoDigitalInput(GpioController controller, int pinNumber, bool pullUp = true)
        {
            _pin = controller.OpenPin(pinNumber, pullUp ? PinMode.InputPullUp : PinMode.Input);
        }

        public bool IsHigh => _pin.Read() == PinValue.High;
    }

    /// <summary>The nanoFramework adapter for <see cref="IAdcChannel"/>: one ESP32 ADC1 channel.</summary>
    internal sealed class NanoAdcChannel : IAdcChannel
    {
        private readonly AdcChannel _channel;

        public NanoAdcChannel(AdcController controller, int channelNumber)
        {
            _channel = controller.OpenChannel(channelNumber);
            MaxCode = controller.MaxValue;
        }

        public int MaxCode { get; }

        public int ReadCode() => _channel.ReadValue();
    }
}
