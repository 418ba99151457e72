// SPDX-License-Identifier: MIT

// nanoFramework's System.Device.Gpio 1.1.62 as it behaves on an ESP32, over EmulatedEsp32. Same names and
// signatures as the package (firmware/Surface/System.Device.Gpio), so the board layer compiles unchanged.

using Balancer.Drivers.Simulation.Esp32;

namespace System.Device.Gpio
{
    /// <summary>Pin modes, in the package's order.</summary>
    public enum PinMode
    {
        /// <summary>Input, no pull.</summary>
        Input,

        /// <summary>Input with pull-down.</summary>
        InputPullDown,

        /// <summary>Input with pull-up.</summary>
        InputPullUp,

        /// <summary>Push-pull output.</summary>
        Output,

        /// <summary>Open-drain output (not emulated).</summary>
        OutputOpenDrain,

        /// <summary>Open-drain output with pull-up (not emulated).</summary>
        OutputOpenDrainPullUp,

        /// <summary>Open-source output (not emulated).</summary>
        OutputOpenSource,

        /// <summary>Open-source output with pull-down (not emulated).</summary>
        OutputOpenSourcePullDown,
    }

    /// <summary>Pin numbering: logical GPIO numbers on the ESP32.</summary>
    public enum PinNumberingScheme
    {
        /// <summary>GPIO numbers.</summary>
        Logical,

        /// <summary>Board pin numbers.</summary>
        Board,
    }

    /// <summary>A pin level.</summary>
    public readonly struct PinValue : IEquatable<PinValue>
    {
        private readonly byte _value;

        private PinValue(byte value) => _value = value;

        /// <summary>High.</summary>
        public static PinValue High => new(1);

        /// <summary>Low.</summary>
        public static PinValue Low => new(0);

        /// <summary>Non-zero is High.</summary>
        public static implicit operator PinValue(int value) => value == 0 ? Low : High;

        /// <summary>True is High.</summary>
        public static implicit operator PinValue(bool value) => value ? High : Low;

        /// <summary>1 for High.</summary>
        public static explicit operator byte(PinValue value) => value._value;

        /// <summary>1 for High.</summary>
        public static explicit operator int(PinValue value) => value._value;

        /// <summary>True for High.</summary>
        public static explicit operator bool(PinValue value) => value._value != 0;

        /// <summary>Same level.</summary>
        public static bool operator ==(PinValue a, PinValue b) => a._value == b._value;

        /// <summary>Different level.</summary>
        public static bool operator !=(PinValue a, PinValue b) => a._value != b._value;

        /// <inheritdoc />
        public bool Equals(PinValue other) => _value == other._value;

        /// <inheritdoc />
        public override bool Equals(object obj) => obj is PinValue other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => _value;

        /// <inheritdoc />
        public override string ToString() => _value == 0 ? "Low" : "High";
    }

    /// <summary>One opened pad.</summary>
    public sealed class GpioPin : IDisposable
    {
        private readonly EmulatedEsp32 _chip;
        private PinMode _mode;
        private bool _disposed;

        internal GpioPin(EmulatedEsp32 chip, int pinNumber, PinMode mode)
        {
            _chip = chip;
            PinNumber = pinNumber;
            _mode = mode;
            chip.Open(pinNumber, ToChip(mode));
        }

        /// <summary>Debounce for value-change events (not emulated: nothing here uses events).</summary>
        public TimeSpan DebounceTimeout { get; set; }

        /// <summary>The GPIO number.</summary>
        public int PinNumber { get; }

        /// <summary>The pin's mode.</summary>
        public PinMode GetPinMode() => _mode;

        /// <summary>The modes the emulation models.</summary>
        public bool IsPinModeSupported(PinMode pinMode) => pinMode <= PinMode.Output;

        /// <summary>Changes the mode.</summary>
        public void SetPinMode(PinMode value)
        {
            CheckOpen();
            _chip.SetMode(PinNumber, ToChip(value));
            _mode = value;
        }

        /// <summary>What <c>gpio_get_level</c> returns: Low on a pad opened as an output.</summary>
        public PinValue Read()
        {
            CheckOpen();
            return _chip.ReadLevel(PinNumber) ? PinValue.High : PinValue.Low;
        }

        /// <summary>Drives the pad; on a pin that is not an output, throws as the native write does.</summary>
        public void Write(PinValue value)
        {
            CheckOpen();
            _chip.WriteOutput(PinNumber, value == PinValue.High);
        }

        /// <summary>Inverts the level stored at the last write, as the native toggle does (it does not read the pad).</summary>
        public void Toggle()
        {
            CheckOpen();
            _chip.WriteOutput(PinNumber, !_chip.StoredLevel(PinNumber));
        }

        /// <summary>Releases the pad.</summary>
        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _chip.Close(PinNumber);
            }
        }

        private void CheckOpen()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(GpioPin));
            }
        }

        private static Esp32PinMode ToChip(PinMode mode)
        {
            switch (mode)
            {
                case PinMode.Input:
                    return Esp32PinMode.Input;
                case PinMode.InputPullUp:
                    return Esp32PinMode.InputPullUp;
                case PinMode.InputPullDown:
                    return Esp32PinMode.InputPullDown;
                case PinMode.Output:
                    return Esp32PinMode.Output;
                default:
                    throw new NotSupportedException("the emulated ESP32 models push-pull outputs and inputs only");
            }
        }
    }

    /// <summary>The GPIO controller: opens pads on the current emulated chip.</summary>
    public sealed class GpioController : IDisposable
    {
        private readonly EmulatedEsp32 _chip;
        private readonly GpioPin[] _pins = new GpioPin[EmulatedEsp32.PadCount];

        /// <summary>A controller with logical numbering.</summary>
        public GpioController()
            : this(PinNumberingScheme.Logical)
        {
        }

        /// <summary>A controller.</summary>
        public GpioController(PinNumberingScheme numberingScheme)
        {
            _chip = EmulatedEsp32.Current;
            NumberingScheme = numberingScheme;
        }

        /// <summary>The numbering scheme.</summary>
        public PinNumberingScheme NumberingScheme { get; }

        /// <summary>Pads on the chip.</summary>
        public int PinCount => EmulatedEsp32.PadCount;

        /// <summary>Opens a pad as an input.</summary>
        public GpioPin OpenPin(int pinNumber) => OpenPin(pinNumber, PinMode.Input);

        /// <summary>Opens a pad; throws <see cref="InvalidOperationException"/> if it is already open anywhere on the device.</summary>
        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            var pin = new GpioPin(_chip, pinNumber, mode);
            _pins[pinNumber] = pin;
            return pin;
        }

        /// <summary>Closes a pad this controller opened.</summary>
        public void ClosePin(int pinNumber)
        {
            _pins[pinNumber]?.Dispose();
            _pins[pinNumber] = null;
        }

        /// <summary>Whether the pad is open on the device.</summary>
        public bool IsPinOpen(int pinNumber) => _chip.IsOpen(pinNumber);

        /// <summary>The modes the emulation models.</summary>
        public bool IsPinModeSupported(int pinNumber, PinMode mode) => mode <= PinMode.Output;

        /// <summary>Changes an open pad's mode.</summary>
        public void SetPinMode(int pinNumber, PinMode mode) => Opened(pinNumber).SetPinMode(mode);

        /// <summary>An open pad's mode.</summary>
        public PinMode GetPinMode(int pinNumber) => Opened(pinNumber).GetPinMode();

        /// <summary>Reads an open pad.</summary>
        public PinValue Read(int pinNumber) => Opened(pinNumber).Read();

        /// <summary>Writes an open pad.</summary>
        public void Write(int pinNumber, PinValue value) => Opened(pinNumber).Write(value);

        /// <summary>
        /// Closes every pad open on the device, whichever controller opened it: nanoFramework's controller disposes every
        /// pin of its one static list (and stops the GPIO interrupt service for the whole chip).
        /// </summary>
        public void Dispose()
        {
            _chip.CloseAll();
            System.Array.Clear(_pins);
        }

        private GpioPin Opened(int pinNumber) =>
            _pins[pinNumber] ?? throw new InvalidOperationException("GPIO " + pinNumber + " is not open");
    }
}
