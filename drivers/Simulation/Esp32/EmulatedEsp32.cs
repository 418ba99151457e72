// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Threading;

namespace Balancer.Drivers.Simulation.Esp32
{
    /// <summary>
    /// An ESP32 as nanoFramework presents it to an application, so that the device-only board layer (the adapters over
    /// <c>GpioPin</c>, <c>I2cDevice</c> and <c>AdcChannel</c>) runs unchanged on the host against the register-level
    /// emulators. It models what the chip and nanoFramework's native code do, not what the API's shape suggests:
    /// <list type="bullet">
    /// <item>an output pad reads back Low (<c>GPIO_MODE_OUTPUT</c> leaves the input buffer off), while Toggle flips
    /// the level nanoFramework stored at the last write;</item>
    /// <item>opened pins are kept in one list for the whole device, and opening an open pin throws; the orphaned pin
    /// object of that failed open is finalized later, and its finalizer disables the pad under the pin that owns it;</item>
    /// <item>a closed pin, or every pin after <c>GpioController.Dispose</c>, is left a floating input;</item>
    /// <item>I²C bus 1 sits on GPIO 18/19 until <c>Configuration.SetPinFunction</c> moves it;</item>
    /// <item>an ADC1 channel returns the converter's raw code.</item>
    /// </list>
    /// The application's nanoFramework calls reach the chip that <see cref="Use"/> made current.
    /// </summary>
    public sealed class EmulatedEsp32
    {
        /// <summary>GPIO pads of the ESP32 (0–39; 20, 24 and 28–31 do not exist on the package).</summary>
        public const int PadCount = 40;

        /// <summary>Logical ADC1 channels nanoFramework maps to pads: 0–7 are GPIO 36, 37, 38, 39, 32, 33, 34, 35.</summary>
        public static readonly int[] Adc1ChannelPads = { 36, 37, 38, 39, 32, 33, 34, 35 };

        private static readonly AsyncLocal<EmulatedEsp32> CurrentChip = new();

        private readonly SimulatedPin[] _pads;
        private readonly Esp32PinMode[] _modes;
        private readonly bool[] _isOpen;
        private readonly bool?[] _externalLevels;
        private readonly Func<bool>[] _externalSources;
        private readonly bool[] _storedLevels;
        private readonly Dictionary<int, int> _functionPins = new();
        private readonly List<WiredBus> _buses = new();
        private readonly Dictionary<int, IAdcChannel> _adcInputs = new();

        /// <summary>A chip fresh from reset: every pad an input, nothing open, I²C 1 on its default pins.</summary>
        public EmulatedEsp32(SimulatedClock clock)
        {
            Clock = clock;
            _pads = new SimulatedPin[PadCount];
            _modes = new Esp32PinMode[PadCount];
            _isOpen = new bool[PadCount];
            _externalLevels = new bool?[PadCount];
            _externalSources = new Func<bool>[PadCount];
            _storedLevels = new bool[PadCount];
            for (var gpio = 0; gpio < PadCount; gpio++)
            {
                _pads[gpio] = new SimulatedPin(clock);
            }

            // nanoFramework's ESP32 defaults (nf-interpreter ESP32 device mapping): I²C1 SDA 18, SCL 19.
            _functionPins[I2c1Data] = 18;
            _functionPins[I2c1Clock] = 19;
        }

        /// <summary>The chip the nanoFramework calls of this flow of execution reach.</summary>
        public static EmulatedEsp32 Current =>
            CurrentChip.Value ?? throw new InvalidOperationException("No emulated ESP32 is in use: call EmulatedEsp32.Use() first.");

        /// <summary>The chip's BLE radio and its NimBLE host, which nanoFramework.Device.Bluetooth reaches.</summary>
        public EmulatedBleRadio Radio => _radio ??= new EmulatedBleRadio();

        private EmulatedBleRadio _radio;

        /// <summary>The device's time: <c>Environment.TickCount64</c> reads it and <c>Thread.Sleep</c> advances it.</summary>
        public SimulatedClock Clock { get; }

        /// <summary>
        /// One FreeRTOS tick, µs. nf-interpreter's ESP32 builds leave <c>CONFIG_FREERTOS_HZ</c> at ESP-IDF's default of
        /// 100 Hz, and nanoCLR's time is the FreeRTOS tick count (<c>targets/ESP32/_include/targetHAL_Time.h</c>:
        /// <c>HAL_Time_CurrentSysTicks</c> is <c>xTaskGetTickCount</c>), so the managed clock moves in 10 ms steps.
        /// </summary>
        public const long FreeRtosTickMicroseconds = 10_000;

        /// <summary>
        /// <c>Environment.TickCount64</c> as nanoCLR computes it on the ESP32: the uptime in whole FreeRTOS ticks, so it
        /// reads 0 for the first 9.999 ms and then 10, 20…
        /// </summary>
        public long TickCount64 => Clock.NowMicroseconds / FreeRtosTickMicroseconds * (FreeRtosTickMicroseconds / 1000);

        /// <summary>
        /// <c>Thread.Sleep</c> as nanoCLR does it on the ESP32: the wake-up time is the tick-quantised now plus the
        /// timeout, and the thread runs again at the first FreeRTOS tick at or after it (nanoCLR compares with
        /// <c>HAL_Time_CurrentTime</c>, which only moves on a tick). A sleep of 0 yields and returns.
        /// </summary>
        public void Sleep(int millisecondsTimeout)
        {
            if (millisecondsTimeout < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(millisecondsTimeout), "nanoFramework's Sleep does not take Infinite on the loop thread");
            }

            var tick = FreeRtosTickMicroseconds;
            var wake = (Clock.NowMicroseconds / tick * tick) + (millisecondsTimeout * 1000L);
            Clock.AdvanceTo((wake + tick - 1) / tick * tick);
        }

        /// <summary>I²C transactions that reached a wired bus.</summary>
        public long I2cTransactions { get; private set; }

        /// <summary>Called as each I²C transaction reaches a wired bus, before the bus sees it: a test watches what the pads were then.</summary>
        public event Action I2cTransactionStarting;

        /// <summary>GPIO pads opened and not yet closed.</summary>
        public int OpenPinCount
        {
            get
            {
                var count = 0;
                foreach (var open in _isOpen)
                {
                    count += open ? 1 : 0;
                }

                return count;
            }
        }

        internal const int I2c1Data = 0x00020100;
        internal const int I2c1Clock = 0x00020101;

        /// <summary>Makes this chip the one the nanoFramework API reaches, until the returned scope is disposed.</summary>
        public IDisposable Use()
        {
            var previous = CurrentChip.Value;
            CurrentChip.Value = this;
            return new Scope(() => CurrentChip.Value = previous);
        }

        /// <summary>The wire at a pad: what the board's parts see, whoever drives it.</summary>
        public SimulatedPin Pad(int gpio) => _pads[CheckPad(gpio)];

        /// <summary>
        /// What the board drives onto an input pad: <c>true</c> or <c>false</c>, or <c>null</c> when nothing drives it
        /// (a released button), so the pad's pull decides.
        /// </summary>
        public void DriveExternally(int gpio, bool? level)
        {
            _externalLevels[CheckPad(gpio)] = level;
            SettleInput(gpio);
        }

        /// <summary>
        /// Drives a pad from a circuit whose level changes with time (the coil supply's read-back): an input opened on it
        /// reads <paramref name="source"/> at each read. Null lets the pad go back to its fixed level.
        /// </summary>
        public void DriveFrom(int gpio, Func<bool> source) => _externalSources[CheckPad(gpio)] = source;

        /// <summary>Wires an I²C bus to two pads: only a controller whose data and clock are on them reaches its devices.</summary>
        public void WireI2c(int dataGpio, int clockGpio, SimulatedI2cBus bus) =>
            _buses.Add(new WiredBus(CheckPad(dataGpio), CheckPad(clockGpio), bus));

        /// <summary>Wires a converter (with its analog front end) to an ADC1 logical channel.</summary>
        public void WireAdc(int adc1Channel, IAdcChannel converter) => _adcInputs[adc1Channel] = converter;

        /// <summary>Whether nanoFramework holds the pad open.</summary>
        public bool IsOpen(int gpio) => _isOpen[CheckPad(gpio)];

        /// <summary>The pad's mode, as the last open or <c>SetPinMode</c> left it.</summary>
        public Esp32PinMode ModeOf(int gpio) => _modes[CheckPad(gpio)];

        internal void Open(int gpio, Esp32PinMode mode)
        {
            CheckPad(gpio);
            if (_isOpen[gpio])
            {
                // nanoFramework keeps opened pins in one static list; a second OpenPin of the same pad is refused with an
                // InvalidOperationException that carries no message. The GpioPin it had constructed is left to the GC, and
                // its finalizer (Dispose(false) → CPU_GPIO_DisablePin) turns the pad into a floating input and releases
                // its reservation: the first owner no longer drives it. Modelled as if the finalizer ran at once.
                Close(gpio);
                throw new InvalidOperationException();
            }

            _isOpen[gpio] = true;
            SetMode(gpio, mode);
        }

        internal void Close(int gpio)
        {
            _isOpen[CheckPad(gpio)] = false;
            _modes[gpio] = Esp32PinMode.Input;
            SettleInput(gpio);
        }

        internal void SetMode(int gpio, Esp32PinMode mode)
        {
            if (mode == Esp32PinMode.Output && gpio >= 34)
            {
                // GPIO 34–39 have no output driver.
                throw new ArgumentException("GPIO " + gpio + " is input only");
            }

            _modes[gpio] = mode;
            SettleInput(gpio);
        }

        /// <summary>What <c>CPU_GPIO_SetPinState</c> does: store the level and drive it, on an output only.</summary>
        internal void WriteOutput(int gpio, bool high)
        {
            if (_modes[gpio] != Esp32PinMode.Output)
            {
                if (_isOpen[gpio])
                {
                    throw new ArgumentException("GPIO " + gpio + " is not an output"); // CLR_E_INVALID_PARAMETER
                }

                return; // a pad released under its owner: gpio_set_level on an input does nothing
            }

            _storedLevels[gpio] = high;
            _pads[gpio].Write(high);
        }

        /// <summary>The level nanoFramework stored at the last write (<c>pinStateStore</c>), which Toggle inverts.</summary>
        internal bool StoredLevel(int gpio) => _storedLevels[gpio];

        /// <summary>Closes every pad open on the device, as <c>GpioController.Dispose</c> does whichever controller opened them.</summary>
        internal void CloseAll()
        {
            for (var gpio = 0; gpio < PadCount; gpio++)
            {
                if (_isOpen[gpio])
                {
                    Close(gpio);
                }
            }
        }

        /// <summary>What <c>gpio_get_level</c> returns: the input buffer, which is off on a pad opened as an output.</summary>
        internal bool ReadLevel(int gpio) =>
            _modes[gpio] != Esp32PinMode.Output && (_externalSources[gpio] != null ? _externalSources[gpio]() : _pads[gpio].IsHigh);

        internal void SetFunctionPin(int function, int gpio) => _functionPins[function] = CheckPad(gpio);

        internal int FunctionPin(int function) => _functionPins.TryGetValue(function, out var gpio) ? gpio : -1;

        /// <summary>The bus reachable from I²C controller 1 through the pads its functions are on, if any.</summary>
        internal SimulatedI2cBus I2cBus(int busId)
        {
            if (busId != 1)
            {
                return null;
            }

            var data = FunctionPin(I2c1Data);
            var clock = FunctionPin(I2c1Clock);
            foreach (var wired in _buses)
            {
                if (wired.DataGpio == data && wired.ClockGpio == clock)
                {
                    I2cTransactions++;
                    I2cTransactionStarting?.Invoke();
                    return wired.Bus;
                }
            }

            return null;
        }

        internal IAdcChannel AdcInput(int adc1Channel) => _adcInputs.TryGetValue(adc1Channel, out var input) ? input : null;

        private void SettleInput(int gpio)
        {
            if (_modes[gpio] == Esp32PinMode.Output)
            {
                return;
            }

            var external = _externalLevels[gpio];
            var level = external ?? _modes[gpio] == Esp32PinMode.InputPullUp;
            _pads[gpio].Write(level);
        }

        private static int CheckPad(int gpio)
        {
            if (gpio < 0 || gpio >= PadCount)
            {
                throw new ArgumentOutOfRangeException(nameof(gpio), gpio, "the ESP32 has GPIO 0–39");
            }

            return gpio;
        }

        private sealed record WiredBus(int DataGpio, int ClockGpio, SimulatedI2cBus Bus);

        private sealed class Scope : IDisposable
        {
            private readonly Action _restore;

            public Scope(Action restore) => _restore = restore;

            public void Dispose() => _restore();
        }
    }

    /// <summary>How a pad is configured, as far as reading it back is concerned.</summary>
    public enum Esp32PinMode
    {
        /// <summary>Input, no pull.</summary>
        Input = 0,

        /// <summary>Input with the internal pull-up.</summary>
        InputPullUp = 1,

        /// <summary>Input with the internal pull-down.</summary>
        InputPullDown = 2,

        /// <summary>Push-pull output with the input buffer off.</summary>
        Output = 3,
    }
}
