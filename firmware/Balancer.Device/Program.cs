// SPDX-License-Identifier: MIT

using System;
using System.Device.Adc;
using System.Device.Gpio;
using Balancer.Device.Board;
using Balancer.Drivers;
using Balancer.Drivers.Adc;
using Balancer.Drivers.Ina219;
using Balancer.Drivers.Ntc;
using Balancer.Drivers.Relays;
using nanoFramework.Hardware.Esp32;

namespace Balancer.Device
{
    /// <summary>
    /// The ESP32 application. It brings the board up in its safe state (every relay and charger supply open, the
    /// dead-man heartbeat still) and reports what each channel sees once a second. The heartbeat is never toggled
    /// here, so the relay coil supply stays off whatever happens: charging starts only with the control loop.
    /// </summary>
    public static class Program
    {
        private const int ShuntMicroohms = 100_000;
        private const int MaxCurrentMilliamperes = 1_600;
        private const int AdcSamples = 16;
        private const int ReportPeriodMilliseconds = 1_000;

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
            var configured = new bool[BoardPins.ChannelCount];
            for (var channel = 0; channel < sensors.Length; channel++)
            {
                var device = new NanoI2cDevice(BoardPins.I2cBusId, BoardPins.FirstIna219Address + channel);
                sensors[channel] = new Ina219Sensor(device, ShuntMicroohms, MaxCurrentMilliamperes);
                configured[channel] = sensors[channel].TryReset() && sensors[channel].TryConfigure(Ina219Configuration.Channel);
            }

            var adc = new AdcController();
            var thermistors = new NtcThermistor[BoardPins.ChannelCount];
            for (var channel = 0; channel < thermistors.Length; channel++)
            {
                var input = new AdcInput(new NanoAdcChannel(adc, BoardPins.CellNtcAdcChannels[channel]), AdcSamples);
                thermistors[channel] = new NtcThermistor(input, NtcParameters.B3950);
            }

            Console.WriteLine("BalancerFirmware: " + relays.ChannelCount + " channels, every relay open.");
            var next = clock.NowMilliseconds;
            while (true)
            {
                for (var channel = 0; channel < sensors.Length; channel++)
                {
                    Console.WriteLine(Describe(channel, configured[channel], sensors[channel], thermistors[channel].Read()));
                    sensors[channel].TryTrigger();
                }

                next += ReportPeriodMilliseconds;
                clock.SleepUntil(next);
            }
        }

        private static string FormatDeci(int deci)
        {
            var magnitude = Math.Abs(deci);
            return (deci < 0 ? "-" : string.Empty) + (magnitude / 10) + "." + (magnitude % 10);
        }

        private static IDigitalOutput[] Outputs(GpioController gpio, int[] pins)
        {
            var outputs = new IDigitalOutput[pins.Length];
            for (var i = 0; i < pins.Length; i++)
            {
                outputs[i] = new NanoDigitalOutput(gpio, pins[i]);
            }

            return outputs;
        }

        private static string Describe(int channel, bool configured, Ina219Sensor sensor, NtcReading temperature)
        {
            var text = "ch" + channel + ": ";
            if (!configured || !sensor.TryReadBus(out var bus) || !sensor.TryReadCurrentMicroamperes(out var current))
            {
                text += "INA219 at 0x" + (BoardPins.FirstIna219Address + channel).ToString("X2") + " not answering";
            }
            else
            {
                text += bus.Millivolts + " mV, " + (current / 1000) + " mA" + (bus.IsConversionReady ? string.Empty : " (stale)");
            }

            return text + (temperature.Status == NtcStatus.Ok
                ? ", " + FormatDeci(temperature.TemperatureDeciCelsius) + " C"
                : ", NTC " + (temperature.Status == NtcStatus.Open ? "open" : "short"));
        }
    }
}
