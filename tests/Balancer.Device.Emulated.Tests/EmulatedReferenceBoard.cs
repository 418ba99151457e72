// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using Balancer.Core.Control;
using Balancer.Device.Board;
using Balancer.Drivers.Simulation;
using Balancer.Drivers.Simulation.Esp32;

namespace Balancer.Device.Emulated.Tests
{
    /// <summary>
    /// The reference board around an emulated ESP32, wired as the board wires it: four INA219s on the isolated I²C
    /// (SDA/SCL pads), a relay per channel behind the dead-man monostable on the heartbeat pad, the cell and board NTCs
    /// and the 12 V divider on ADC1, the button with the pin's pull-up. Each channel is clipped onto a rested group.
    /// </summary>
    internal sealed class EmulatedReferenceBoard : IDisposable
    {
        private readonly IDisposable _inUse;

        public EmulatedReferenceBoard(double groupMillivolts = 3_700)
        {
            Clock = new SimulatedClock();
            Clock.Advance(2_000_000); // nanoFramework's boot takes seconds before the app runs
            Chip = new EmulatedEsp32(Clock);
            Bus = new SimulatedI2cBus();
            Chip.WireI2c(BoardPins.I2cData, BoardPins.I2cClock, Bus);
            Chips = new Ina219Emulator[BoardPins.ChannelCount];
            Contacts = new RelayEmulator[BoardPins.ChannelCount];
            CellNtcs = new NtcEmulator[BoardPins.ChannelCount];
            DeadMan = new DeadManMonostable(Chip.Pad(BoardPins.Heartbeat), Clock);
            for (var channel = 0; channel < BoardPins.ChannelCount; channel++)
            {
                Chips[channel] = new Ina219Emulator(Clock, ReferenceBoard.FirstIna219Address + channel, seed: 7 + channel)
                {
                    BusInputMicrovolts = (long)(groupMillivolts * 1000),

                    // A quarter of the 4 mV step per conversion, the bench's figure (docs/simulator-physics.md): the datasheet
                    // gives none, and the on-board dither test is what checks it on a real chip.
                    BusNoiseMicrovolts = 1_000,
                };
                Bus.Attach(ReferenceBoard.FirstIna219Address + channel, Chips[channel]);
                Contacts[channel] = new RelayEmulator(Chip.Pad(BoardPins.Relays[channel]), DeadMan, Clock);
                var adc = new AdcEmulator(seed: 20 + channel);
                CellNtcs[channel] = new NtcEmulator(adc) { TemperatureCelsius = 24 };
                Chip.WireAdc(BoardPins.CellNtcAdcChannels[channel], adc);
            }

            var boardAdc = new AdcEmulator(seed: 30);
            BoardNtc = new NtcEmulator(boardAdc) { TemperatureCelsius = 26 };
            Chip.WireAdc(BoardPins.BoardNtcAdcChannel, boardAdc);
            var supplyAdc = new AdcEmulator(seed: 31)
            {
                InputMillivolts = 12_000.0 * ReferenceBoard.SupplyBottomOhms / (ReferenceBoard.SupplyTopOhms + ReferenceBoard.SupplyBottomOhms),
            };
            Chip.WireAdc(BoardPins.SupplyAdcChannel, supplyAdc);
            Chip.DriveExternally(BoardPins.Button, null);
            Chip.DriveFrom(BoardPins.CoilSense, () => DeadMan.IsCoilSenseHigh);

            // The bench behind each channel, brought up to date before every bus transaction: a cell at rest on the clip;
            // with the relay's contact closed and the charger's supply on, the TP4056 pushes its constant current through
            // the shunt and the leads.
            var supplies = BoardPins.ChargerSupplies.Select(Chip.Pad).ToArray();
            Chip.I2cTransactionStarting += () =>
            {
                for (var channel = 0; channel < Chips.Length; channel++)
                {
                    var charging = Contacts[channel].IsContactClosed && supplies[channel].IsHigh;
                    var milliamperes = charging ? ChargeMilliamperes : 0;
                    Chips[channel].ShuntInputNanovolts = milliamperes * ReferenceBoard.ShuntMicroohms; // mA × µΩ = nV
                    Chips[channel].BusInputMicrovolts = (long)(groupMillivolts * 1000) + (milliamperes * LeadMilliohms);
                }
            };
            _inUse = Chip.Use();
        }

        /// <summary>The TP4056's constant current with R_PROG = 1.2 kΩ (1200 V / R_PROG), mA.</summary>
        public const int ChargeMilliamperes = 1_000;

        /// <summary>The clip leads and contacts between the shunt and the cell, mΩ.</summary>
        public const int LeadMilliohms = 60;

        public SimulatedClock Clock { get; }

        public EmulatedEsp32 Chip { get; }

        public SimulatedI2cBus Bus { get; }

        public Ina219Emulator[] Chips { get; }

        public RelayEmulator[] Contacts { get; }

        public DeadManMonostable DeadMan { get; }

        public NtcEmulator[] CellNtcs { get; }

        public NtcEmulator BoardNtc { get; }

        public void Dispose() => _inUse.Dispose();
    }
}
