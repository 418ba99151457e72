// SPDX-License-Identifier: MIT

using Balancer.Drivers.Ina219;
using Balancer.Drivers.Simulation;

namespace Balancer.Tests.Drivers
{
    /// <summary>One channel's INA219 on a simulated bus, with the board's 0.1 Ω shunt and 1.6 A range.</summary>
    internal sealed class Ina219Rig
    {
        public const int ShuntMicroohms = 100_000;
        public const int MaxCurrentMilliamperes = 1_600;
        public const int Address = 0x40;

        public Ina219Rig()
        {
            Clock = new SimulatedClock();
            Bus = new SimulatedI2cBus();
            Chip = new Ina219Emulator(Clock, Address, seed: 1);
            Bus.Attach(Address, Chip);
            Sensor = new Ina219Sensor(Bus.CreateDevice(Address), ShuntMicroohms, MaxCurrentMilliamperes);
        }

        public SimulatedClock Clock { get; }

        public SimulatedI2cBus Bus { get; }

        public Ina219Emulator Chip { get; }

        public Ina219Sensor Sensor { get; }

        /// <summary>Sets the group voltage and the charge current the way the physics would present them to the chip.</summary>
        public void Present(long groupMicrovolts, long currentMicroamperes)
        {
            Chip.BusInputMicrovolts = groupMicrovolts;
            Chip.ShuntInputNanovolts = currentMicroamperes * ShuntMicroohms / 1000; // µA × µΩ = pV; /1000 → nV
        }

        /// <summary>Triggers a conversion and waits it out.</summary>
        public void Convert()
        {
            Sensor.TryTrigger();
            Clock.Advance(Sensor.ConversionTimeMicroseconds);
        }
    }
}
