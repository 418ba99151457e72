// SPDX-License-Identifier: MIT

using System;
using System.Device.Adc;
using System.Device.Gpio;
using Balancer.Core.Control;
using Balancer.Core.Log;
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
    /// <remarks>
    /// nanoFramework keeps every opened pin in one list for the whole device and refuses to open a pin twice, so a
    /// second board can be built only after the first is disposed.
    /// </remarks>
    internal sealed class AdapterBoard : IDisposable
    {
        private readonly GpioController _gpio;

        /// <summary>
        /// Brings the board up: every relay and charger supply open first, then the settings from flash through
        /// <paramref name="journal"/> when there is one (into <paramref name="settings"/>), then the sensors and the loop.
        /// </summary>
        public AdapterBoard(BalancerSettings settings, RecoveryJournal journal = null)
        {
            _gpio = new GpioController();
            Clock = new NanoClock();
            Relays = OpenRelays(_gpio, Clock);

            // Every relay is open now; only then is the flash read. A file system that does not answer leaves the defaults.
            if (journal != null)
            {
                try
                {
                    SettingsLoad = journal.LoadSettings(settings);
                }
                catch (Exception)
                {
                    settings.ResetToDefaults();
                    IsStorageFailed = true;
                }
            }

            RouteI2c();
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
            Button = new NanoDigitalInput(_gpio, BoardPins.Button);
            CoilSense = new NanoDigitalInput(_gpio, BoardPins.CoilSense, pullUp: false);
            StatusLed = new NanoDigitalOutput(_gpio, BoardPins.StatusLed);
            Buzzer = new NanoDigitalOutput(_gpio, BoardPins.Buzzer);
        }

        public NanoClock Clock { get; }

        public RelayBank Relays { get; }

        public MeasurementReader Reader { get; }

        public BalancerController Controller { get; }

        public NanoDigitalInput Button { get; }

        /// <summary>The relay coil supply's read-back (COIL_SENSE): High while the dead-man powers the coils.</summary>
        public NanoDigitalInput CoilSense { get; }

        /// <summary>The status LED (high lights it).</summary>
        public NanoDigitalOutput StatusLed { get; }

        /// <summary>The buzzer's driver (high sounds it).</summary>
        public NanoDigitalOutput Buzzer { get; }

        /// <summary>INA219s that took their configuration at start-up.</summary>
        public int AnsweringSensors { get; }

        /// <summary>What loading the stored settings found (with a journal).</summary>
        public SettingsLoad SettingsLoad { get; }

        /// <summary>Whether the flash's file system threw while the settings were read: the board runs on the defaults.</summary>
        public bool IsStorageFailed { get; }

        /// <summary>Opens every relay and charger supply, then releases every pin the board opened.</summary>
        public void Dispose()
        {
            Relays.OpenAll();
            for (var channel = 0; channel < Relays.ChannelCount; channel++)
            {
                Relays.SetChargerSupply(channel, false);
            }

            _gpio.Dispose();
        }

        /// <summary>
        /// The relay bank on the board's pins: every relay coil driver, charger supply switch and the heartbeat, opened
        /// Low. The on-board tests that need no more than the relays build theirs here too.
        /// </summary>
        internal static RelayBank OpenRelays(GpioController gpio, NanoClock clock) =>
            new RelayBank(
                Outputs(gpio, BoardPins.Relays),
                Outputs(gpio, BoardPins.ChargerSupplies),
                new NanoDigitalOutput(gpio, BoardPins.Heartbeat),
                clock);

        /// <summary>
        /// The recovery journal's four files on the internal flash (LittleFS on I:): the log's two and the settings' two,
        /// each name after <paramref name="prefix"/> (empty for the app's; the on-board tests keep files of their own).
        /// </summary>
        internal static string[] JournalPaths(string prefix) => new[]
        {
            "I:\\" + prefix + "log-a.bin",
            "I:\\" + prefix + "log-b.bin",
            "I:\\" + prefix + "settings-a.bin",
            "I:\\" + prefix + "settings-b.bin",
        };

        /// <summary>The recovery journal on <see cref="JournalPaths"/>; nothing is read until the board loads the settings.</summary>
        internal static RecoveryJournal OpenJournal(string prefix)
        {
            var paths = JournalPaths(prefix);
            return new RecoveryJournal(
                new NanoRecordFile(paths[0]),
                new NanoRecordFile(paths[1]),
                new NanoRecordFile(paths[2]),
                new NanoRecordFile(paths[3]),
                BoardPins.ChannelCount,
                RecoveryJournal.DefaultCapBytes);
        }

        /// <summary>Routes I²C bus 1 to the board's pins (GPIO21/22), away from nanoFramework's default 18/19.</summary>
        internal static void RouteI2c()
        {
            Configuration.SetPinFunction(BoardPins.I2cData, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(BoardPins.I2cClock, DeviceFunction.I2C1_CLOCK);
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
    }
}
