// SPDX-License-Identifier: MIT

using System.Device.Adc;
using System.Device.Gpio;
using Balancer.Core.Control;
using Balancer.Core.Settings;
using Balancer.Drivers;
using Balancer.Drivers.Relays;
using nanoFramework.Hardware.Esp32;

namespace Balancer.Device.Board
{
    /// <summary>
    /// The reference board put together on nanoFramework: the relay owner first, so every relay and charger supply is
    /// open before anything else runs, then the measuring side (<see cref="ReferenceBoard"/>, as in the simulator) and
    /// the control loop. The app and the device tests build it the same way.
    /// </summary>
    internal sealed class AdapterBoard
    {
        public AdapterBoard(BalancerSettings settings)
        {
            var gpio = new GpioController();
            Clock = new NanoClock();
            Heartbeat = new NanoDigitalOutput(gpio, BoardPins.Heartbeat);
            Relays = new RelayBank(Outputs(gpio, BoardPins.Relays), Outputs(gpio, BoardPins.ChargerSupplies), Heartbeat, Clock);

            Configuration.SetPinFunction(BoardPins.I2cData, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(BoardPins.I2cClock, DeviceFunction.I2C1_CLOCK);
            var devices = new II2cDevice[BoardPins.ChannelCount];
            var cellNtcs = new IAdcChannel[BoardPins.ChannelCount];
            var adc = new AdcController();
            for (var channel = 0; channel < devices.Length; channel++)
            {
                devices[channel] = new NanoI2cDevice(BoardPins.I2cBusId, ReferenceBoard.FirstIna219Address + channel);
                cellNtcs[channel] = new NanoAdcChannel(adc, BoardPins.CellNtcAdcChannels[channel]);
            }

            var sensors = ReferenceBoard.Sensors(devices);
            for (var channel = 0; channel < sensors.Length; channel++)
            {
                sensors[channel].TryReset();
            }

            Reader = ReferenceBoard.Reader(
                sensors,
                cellNtcs,
                new NanoAdcChannel(adc, BoardPins.BoardNtcAdcChannel),
                new NanoAdcChannel(adc, BoardPins.SupplyAdcChannel));
            Controller = new BalancerController(settings, Reader, Relays, Clock);
            AnsweringSensors = Reader.Initialize(Clock.NowMilliseconds);
            Button = new NanoDigitalInput(gpio, BoardPins.Button);
        }

        public NanoClock Clock { get; }

        public NanoDigitalOutput Heartbeat { get; }

        public RelayBank Relays { get; }

        public MeasurementReader Reader { get; }

        public BalancerController Controller { get; }

        public NanoDigitalInput Button { get; }

        /// <summary>INA219s that took their configuration at start-up.</summary>
        public int AnsweringSensors { get; }

        private static IDigitalOutput[] Outputs(GpioController gpio, int[] pins)
        {
            var outputs = new IDigitalOutput[pins.Length];
            for (var i = 0; i < pins.Length; i++)
            {
                outputs[i] = new NanoDigitalOutput(gpio, pins[i]);
            }

            return outputs;
        }
    }
}
