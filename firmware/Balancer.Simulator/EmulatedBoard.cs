// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Log;
using Balancer.Core.Settings;
using Balancer.Drivers;
using Balancer.Drivers.Relays;
using Balancer.Drivers.Simulation;
using Balancer.Simulator.Storage;

namespace Balancer.Simulator
{
    /// <summary>
    /// The reference board (spec §1) built from emulators at register and pin level: per channel an INA219 at 0x40 +
    /// channel on one I²C bus, a relay with its coil timing behind the dead-man monostable, a charger-supply switch and
    /// a cell NTC on an ADC; a board NTC and the 12 V input divider. The firmware's own drivers, reader and controller
    /// run on top, unchanged. The physics (what the pins and inputs see) is set from outside through <see cref="Present"/>
    /// and the emulators.
    /// </summary>
    public sealed class EmulatedBoard
    {
        private const int FirstAddress = ReferenceBoard.FirstIna219Address;

        private readonly AdcEmulator _supplyAdc;
        private readonly AdcEmulator[] _cellAdcs;
        private readonly AdcEmulator _boardAdc;
        private readonly BalancerSettings _settings;
        private readonly IEventSink _observer;
        private double _supplyMillivolts;

        /// <summary>Builds the board with every relay open and every input idle, running on <paramref name="settings"/>, keeping no log.</summary>
        public EmulatedBoard(int channelCount, BalancerSettings settings, int seed)
            : this(channelCount, settings, seed, null, null)
        {
        }

        /// <summary>
        /// Builds the board with every relay open and every input idle: 12 V in, 25 °C, nothing clipped. Without
        /// <paramref name="flash"/> the firmware runs on <paramref name="settings"/> and keeps no log; with it, every boot
        /// loads the settings from flash and the firmware writes its recovery log there, as on the device.
        /// <paramref name="observer"/> gets every event from the first one of each boot.
        /// </summary>
        public EmulatedBoard(int channelCount, BalancerSettings settings, int seed, BoardFlash flash, IEventSink observer)
        {
            Clock = new SimulatedClock();
            Clock.Advance(1_000_000);
            Bus = new SimulatedI2cBus();
            Chips = new Ina219Emulator[channelCount];
            Coils = new SimulatedPin[channelCount];
            ChargerSupplies = new SimulatedPin[channelCount];
            Contacts = new RelayEmulator[channelCount];
            CellNtcs = new NtcEmulator[channelCount];
            Heartbeat = new SimulatedPin(Clock);
            DeadMan = new DeadManMonostable(Heartbeat, Clock);
            _cellAdcs = new AdcEmulator[channelCount];
            for (var i = 0; i < channelCount; i++)
            {
                Chips[i] = new Ina219Emulator(Clock, FirstAddress + i, seed + i);
                Bus.Attach(FirstAddress + i, Chips[i]);
                Coils[i] = new SimulatedPin(Clock);
                ChargerSupplies[i] = new SimulatedPin(Clock);
                Contacts[i] = new RelayEmulator(Coils[i], DeadMan, Clock);
                _cellAdcs[i] = new AdcEmulator(seed + 100 + i);
                CellNtcs[i] = new NtcEmulator(_cellAdcs[i]) { TemperatureCelsius = 25 };
            }

            _boardAdc = new AdcEmulator(seed + 200);
            BoardNtc = new NtcEmulator(_boardAdc) { TemperatureCelsius = 25 };
            _supplyAdc = new AdcEmulator(seed + 201);
            SupplyMillivolts = 12_000;
            _settings = settings;
            Flash = flash;
            _observer = observer;
            Boot();
        }

        /// <summary>Every input of the ESP32's one ADC1 (cell NTCs, board NTC, 12 V divider): they share the chip's reference.</summary>
        public IEnumerable<AdcEmulator> Converters
        {
            get
            {
                foreach (var adc in _cellAdcs)
                {
                    yield return adc;
                }

                yield return _boardAdc;
                yield return _supplyAdc;
            }
        }

        /// <summary>Times the firmware has booted on this board.</summary>
        public int BootCount { get; private set; }

        /// <summary>
        /// The adapter lost power and comes back: every output pin fell low while it was off, every INA219 is in its
        /// power-on state, and a fresh firmware starts with every channel idle and every relay open. Records still queued
        /// for the flash are lost with the RAM; what the flash holds (<see cref="Flash"/>) is read back by the new boot.
        /// </summary>
        public void Reboot()
        {
            Flash?.LosePower();
            for (var i = 0; i < Coils.Length; i++)
            {
                Coils[i].Write(false);
                ChargerSupplies[i].Write(false);
                Chips[i].OnWrite(new byte[] { 0x00, 0x80, 0x00 }); // RST: the isolated side lost power too
            }

            Boot();
        }

        /// <summary>What the device app does at start-up: the relay owner first, then the measuring side, then the loop.</summary>
        private void Boot()
        {
            var devices = new II2cDevice[Chips.Length];
            for (var i = 0; i < Chips.Length; i++)
            {
                devices[i] = Bus.CreateDevice(FirstAddress + i);
            }

            Relays = new RelayBank(Coils, ChargerSupplies, Heartbeat, Clock);
            var settings = _settings;
            Journal = null;
            if (Flash != null)
            {
                settings = new BalancerSettings();
                Journal = new RecoveryJournal(Flash.LogA, Flash.LogB, Flash.SettingsA, Flash.SettingsB, Chips.Length, Flash.CapBytes);
                Journal.LoadSettings(settings);
            }

            Reader = ReferenceBoard.Reader(ReferenceBoard.Sensors(devices), _cellAdcs, _boardAdc, _supplyAdc);
            Controller = new BalancerController(settings, Reader, Relays, Clock);
            Reader.Initialize(Clock.NowMilliseconds);
            if (_observer != null)
            {
                Controller.Events.Subscribe(_observer);
            }

            Journal?.Attach(Controller);
            BootCount++;
        }

        /// <summary>The board's flash: the recovery log and the settings' two copies; null when the board keeps none.</summary>
        public BoardFlash Flash { get; }

        /// <summary>This boot's recovery journal (settings, log and writer); null without <see cref="Flash"/>.</summary>
        public RecoveryJournal Journal { get; private set; }

        /// <summary>Simulated time.</summary>
        public SimulatedClock Clock { get; }

        /// <summary>The I²C bus every INA219 sits on.</summary>
        public SimulatedI2cBus Bus { get; }

        /// <summary>One INA219 per channel.</summary>
        public Ina219Emulator[] Chips { get; }

        /// <summary>Relay coil drive pins.</summary>
        public SimulatedPin[] Coils { get; }

        /// <summary>Charger-supply switch pins.</summary>
        public SimulatedPin[] ChargerSupplies { get; }

        /// <summary>The relay contacts, with operate/release time and the dead-man's coil supply.</summary>
        public RelayEmulator[] Contacts { get; }

        /// <summary>Cell NTCs.</summary>
        public NtcEmulator[] CellNtcs { get; }

        /// <summary>The board NTC.</summary>
        public NtcEmulator BoardNtc { get; }

        /// <summary>The dead-man heartbeat pin.</summary>
        public SimulatedPin Heartbeat { get; }

        /// <summary>The retriggerable monostable feeding the relay coils.</summary>
        public DeadManMonostable DeadMan { get; }

        /// <summary>The firmware's relay owner.</summary>
        public RelayBank Relays { get; private set; }

        /// <summary>The firmware's sensor reader.</summary>
        public MeasurementReader Reader { get; private set; }

        /// <summary>The firmware's control loop.</summary>
        public BalancerController Controller { get; private set; }

        /// <summary>The 12 V input, mV; sets the divider node the ADC sees.</summary>
        public double SupplyMillivolts
        {
            get => _supplyMillivolts;
            set
            {
                _supplyMillivolts = value;
                _supplyAdc.InputMillivolts = value * ReferenceBoard.SupplyBottomOhms / (ReferenceBoard.SupplyTopOhms + ReferenceBoard.SupplyBottomOhms);
            }
        }

        /// <summary>Presents a group voltage at the clip and a current through the shunt to a channel's INA219.</summary>
        public void Present(int channel, double groupMillivolts, double currentMilliamperes)
        {
            Chips[channel].BusInputMicrovolts = (long)Math.Round(groupMillivolts * 1000);
            Chips[channel].ShuntInputNanovolts = (long)Math.Round(currentMilliamperes * ReferenceBoard.ShuntMicroohms);
        }
    }
}
