// SPDX-License-Identifier: MIT

using System;
using System.Device.Adc;
using System.Device.Gpio;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Settings;
using Balancer.Device.Board;
using Balancer.Drivers;
using Balancer.Drivers.Adc;
using Balancer.Drivers.Ina219;
using Balancer.Drivers.Ntc;
using Balancer.Drivers.Relays;
using Balancer.Drivers.Supply;
using nanoFramework.Hardware.Esp32;

namespace Balancer.Device
{
    /// <summary>
    /// The ESP32 application: brings the board up in its safe state (every relay and charger supply open), then runs
    /// the control loop of <c>Balancer.Core</c>, unchanged from the simulator, and prints the status once a second.
    /// Channels start only on a command; until the BLE service exists none arrives, so no relay closes. The button is
    /// an emergency stop: anyone may stop.
    /// </summary>
    public static class Program
    {
        private const int ShuntMicroohms = 100_000;
        private const int MaxCurrentMilliamperes = 1_600;
        private const int AdcSamples = 16;
        private const int SupplyTopOhms = 100_000;
        private const int SupplyBottomOhms = 15_000;
        private const int ReportEveryTicks = 10;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            var gpio = new GpioController();
            var clock = new NanoClock();
            var relays = new RelayBank(
                Outputs(gpio, BoardPins.Relays),
                Outputs(gpio, BoardPins.ChargerSupplies),
                new NanoDigitalOutput(gpio, BoardPins.Heartbeat),
                clock);

            Configuration.SetPinFunction(BoardPins.I2cData, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(BoardPins.I2cClock, DeviceFunction.I2C1_CLOCK);
            var sensors = new Ina219Sensor[BoardPins.ChannelCount];
            for (var channel = 0; channel < sensors.Length; channel++)
            {
                var device = new NanoI2cDevice(BoardPins.I2cBusId, BoardPins.FirstIna219Address + channel);
                sensors[channel] = new Ina219Sensor(device, ShuntMicroohms, MaxCurrentMilliamperes);
                sensors[channel].TryReset();
            }

            var adc = new AdcController();
            var thermistors = new NtcThermistor[BoardPins.ChannelCount];
            for (var channel = 0; channel < thermistors.Length; channel++)
            {
                thermistors[channel] = Thermistor(adc, BoardPins.CellNtcAdcChannels[channel]);
            }

            var reader = new MeasurementReader(
                sensors,
                thermistors,
                Thermistor(adc, BoardPins.BoardNtcAdcChannel),
                new SupplyMonitor(new AdcInput(new NanoAdcChannel(adc, BoardPins.SupplyAdcChannel), AdcSamples), SupplyTopOhms, SupplyBottomOhms));
            var controller = new BalancerController(new BalancerSettings(), reader, relays, clock);
            var answering = reader.Initialize(clock.NowMilliseconds);
            var button = new NanoDigitalInput(gpio, BoardPins.Button);
            var wasPressed = false;

            Console.WriteLine("BalancerFirmware: " + relays.ChannelCount + " channels, " + answering + " INA219 answering, every relay open.");
            while (true)
            {
                controller.RunOnce();

                // The button pulls the pin low; a press stops everything at once.
                var pressed = !button.IsHigh;
                if (pressed && !wasPressed)
                {
                    controller.EmergencyStop();
                }

                wasPressed = pressed;
                if (controller.TickCount % ReportEveryTicks == 0)
                {
                    Report(controller.Status);
                }
            }
        }

        private static NtcThermistor Thermistor(AdcController adc, int channel) =>
            new NtcThermistor(new AdcInput(new NanoAdcChannel(adc, channel), AdcSamples), NtcParameters.B3950);

        private static IDigitalOutput[] Outputs(GpioController gpio, int[] pins)
        {
            var outputs = new IDigitalOutput[pins.Length];
            for (var i = 0; i < pins.Length; i++)
            {
                outputs[i] = new NanoDigitalOutput(gpio, pins[i]);
            }

            return outputs;
        }

        /// <summary>One line per channel: between ticks, so the strings it builds never land in a tick.</summary>
        private static void Report(BalancerStatus status)
        {
            for (var channel = 0; channel < status.Channels.Length; channel++)
            {
                var s = status.Channels[channel];
                var text = "ch" + channel + ": " + StateName(s.State) + ", " + s.GroupMillivolts + " mV, " + s.CurrentMilliamperes + " mA";
                text += s.TemperatureStatus == NtcStatus.Ok ? ", " + FormatDeci(s.TemperatureDeciCelsius) + " C" : ", NTC not working";
                if (s.Fault != FaultCode.None)
                {
                    text += ", fault " + (int)s.Fault;
                }

                if (!s.IsSensorValid)
                {
                    text += ", INA219 at 0x" + (BoardPins.FirstIna219Address + channel).ToString("X2") + " not answering";
                }

                Console.WriteLine(text);
            }

            Console.WriteLine("supply " + status.SupplyMillivolts + " mV, board " + FormatDeci(status.BoardDeciCelsius) + " C" + (status.IsEmergencyStopped ? ", EMERGENCY STOP" : string.Empty));
        }

        private static string StateName(ChannelState state)
        {
            switch (state)
            {
                case ChannelState.Idle: return "idle";
                case ChannelState.Checking: return "checking";
                case ChannelState.Ready: return "ready";
                case ChannelState.Charging: return "charging";
                case ChannelState.Resting: return "resting";
                case ChannelState.Topped: return "topped";
                case ChannelState.Holding: return "holding";
                case ChannelState.Done: return "done";
                case ChannelState.Paused: return "paused";
                case ChannelState.Fault: return "fault";
                default: return "unknown";
            }
        }

        private static string FormatDeci(int deci)
        {
            var magnitude = Math.Abs(deci);
            return (deci < 0 ? "-" : string.Empty) + (magnitude / 10) + "." + (magnitude % 10);
        }
    }
}
