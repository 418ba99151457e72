// SPDX-License-Identifier: MIT

using System;
using Balancer.Drivers;
using Balancer.Drivers.Adc;
using Balancer.Drivers.Ntc;
using Balancer.Drivers.Relays;
using Balancer.Drivers.Simulation;
using Balancer.Drivers.Supply;
using Xunit;

namespace Balancer.Tests.Drivers
{
    /// <summary>What the control tick calls on the analog inputs and the relays allocates nothing.</summary>
    public class ReadPathAllocationTests
    {
        [Fact]
        public void Thermistor_Supply_And_Relay_Calls_Allocate_Nothing()
        {
            var clock = new SimulatedClock();
            var ntcAdc = new AdcEmulator(seed: 1) { NoiseCodes = 2 };
            _ = new NtcEmulator(ntcAdc) { TemperatureCelsius = 31 };
            var thermistor = new NtcThermistor(new AdcInput(ntcAdc, samples: 16), NtcParameters.B3950);
            var supplyAdc = new AdcEmulator(seed: 2) { InputMillivolts = 1565 };
            var supply = new SupplyMonitor(new AdcInput(supplyAdc, samples: 8), 100_000, 15_000);
            var relays = new RelayBank(
                new IDigitalOutput[] { new SimulatedPin(clock), new SimulatedPin(clock) },
                new IDigitalOutput[] { new SimulatedPin(clock), new SimulatedPin(clock) },
                new SimulatedPin(clock),
                clock);
            var checksum = Tick(thermistor, supply, relays, clock); // warm up

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                checksum += Tick(thermistor, supply, relays, clock);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(checksum > 0);
            var reading = thermistor.Read();
            Assert.Equal(NtcStatus.Ok, reading.Status);
            Assert.InRange(reading.TemperatureDeciCelsius, 280, 340); // 31 °C through an uncalibrated ADC (±60 mV ≈ ±3 °C)
        }

        private static long Tick(NtcThermistor thermistor, SupplyMonitor supply, RelayBank relays, SimulatedClock clock)
        {
            var reading = thermistor.Read();
            var millivolts = supply.ReadMillivolts();
            relays.Arm(0);
            relays.TryClose(0);
            var settled = relays.IsSettled(0);
            relays.Open(0);
            relays.ToggleHeartbeat();
            clock.Advance(100_000);
            return reading.TemperatureDeciCelsius + millivolts + (settled ? 1 : 0);
        }
    }
}
