// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Ina219
{
    /// <summary>One bus-voltage reading with the two status flags that come in the same register.</summary>
    public struct Ina219BusReading
    {
        /// <summary>Bus voltage in mV (LSB 4 mV).</summary>
        public int Millivolts;

        /// <summary>CNVR: a conversion completed since the last trigger, configuration write or power read.</summary>
        public bool IsConversionReady;

        /// <summary>OVF: the current or power calculation overflowed, so those registers are not to be trusted.</summary>
        public bool HasMathOverflow;
    }

    /// <summary>
    /// Driver for the TI INA219 current/power monitor (TI SBOS448G, December 2015). One instance per channel; it owns
    /// the calibration and keeps its buffers from construction, so reads neither allocate nor throw.
    /// </summary>
    /// <remarks>
    /// The control tick triggers a shunt-and-bus conversion, and on the next tick reads the bus register (voltage,
    /// CNVR, OVF) and the current register: two register reads. A clear CNVR then means the conversion never
    /// finished, which the guardrails count as a lost sensor.
    /// </remarks>
    public sealed class Ina219Sensor
    {
        private const int RegisterBytes = 2;

        private readonly II2cDevice _device;
        private readonly byte[] _pointer = new byte[1];
        private readonly byte[] _write = new byte[1 + RegisterBytes];
        private readonly byte[] _read = new byte[RegisterBytes];
        private Ina219Configuration _configuration;
        private ushort _configurationRegister;

        /// <summary>Creates the driver. Nothing is sent until <see cref="TryConfigure"/>.</summary>
        /// <param name="device">The I²C endpoint at the sensor's address.</param>
        /// <param name="shuntMicroohms">The shunt resistance in µΩ (100 000 for the board's 0.1 Ω).</param>
        /// <param name="maxCurrentMilliamperes">The largest current to measure, which sets Current_LSB.</param>
        public Ina219Sensor(II2cDevice device, int shuntMicroohms, int maxCurrentMilliamperes)
        {
            _device = device;
            ShuntMicroohms = shuntMicroohms;
            CurrentLsbPicoamperes = Ina219Conversions.CurrentLsbPicoamperes(maxCurrentMilliamperes);
            Calibration = Ina219Conversions.Calibration(CurrentLsbPicoamperes, shuntMicroohms);
            _configuration = Ina219Configuration.FromRegister(Ina219Configuration.PowerOnValue);
            _configurationRegister = Ina219Configuration.PowerOnValue;
        }

        /// <summary>The shunt resistance in µΩ.</summary>
        public int ShuntMicroohms { get; }

        /// <summary>Current_LSB in pA.</summary>
        public long CurrentLsbPicoamperes { get; }

        /// <summary>The calibration value written to the sensor (after any trim).</summary>
        public int Calibration { get; private set; }

        /// <summary>The settings last written.</summary>
        public Ina219Configuration Configuration => _configuration;

        /// <summary>Time a triggered conversion takes with the current settings, in µs.</summary>
        public int ConversionTimeMicroseconds => _configuration.ConversionTimeMicroseconds;

        /// <summary>Resets the sensor to its power-on registers (RST bit).</summary>
        public bool TryReset()
        {
            var value = Ina219Field.Reset.Set(Ina219Configuration.PowerOnValue, 1);
            if (!TryWriteRegister(Ina219Register.Configuration, value))
            {
                return false;
            }

            _configurationRegister = Ina219Configuration.PowerOnValue;
            _configuration = Ina219Configuration.FromRegister(_configurationRegister);
            return true;
        }

        /// <summary>
        /// Writes the settings and the calibration, then reads both back: true only when the sensor holds exactly what
        /// was written.
        /// </summary>
        public bool TryConfigure(Ina219Configuration configuration)
        {
            var value = configuration.ToRegister();
            if (!TryWriteRegister(Ina219Register.Calibration, (ushort)Calibration)
                || !TryWriteRegister(Ina219Register.Configuration, value))
            {
                return false;
            }

            _configuration = configuration;
            _configurationRegister = value;
            return TryReadRegister(Ina219Register.Configuration, out var configurationBack)
                && configurationBack == value
                && TryReadRegister(Ina219Register.Calibration, out var calibrationBack)
                && calibrationBack == Calibration;
        }

        /// <summary>
        /// Starts one conversion in a triggered mode by rewriting the configuration (which also clears CNVR).
        /// </summary>
        public bool TryTrigger() => TryWriteRegister(Ina219Register.Configuration, _configurationRegister);

        /// <summary>
        /// Corrects the gain from a current measured by a reference meter against the current this sensor reported
        /// (TI SBOS448G 8.5.1, equation 6), and writes the new calibration.
        /// </summary>
        public bool TryTrimCalibration(int measuredMicroamperes, int reportedMicroamperes)
        {
            if (measuredMicroamperes <= 0 || reportedMicroamperes <= 0)
            {
                return false;
            }

            var trimmed = Ina219Conversions.TrimmedCalibration(Calibration, measuredMicroamperes, reportedMicroamperes);
            if (!TryWriteRegister(Ina219Register.Calibration, (ushort)trimmed))
            {
                return false;
            }

            Calibration = trimmed;
            return true;
        }

        /// <summary>Reads the bus register: voltage, CNVR and OVF in one transfer.</summary>
        public bool TryReadBus(out Ina219BusReading reading)
        {
            reading = default;
            if (!TryReadRegister(Ina219Register.BusVoltage, out var raw))
            {
                return false;
            }

            reading.Millivolts = Ina219Conversions.BusMillivolts(raw);
            reading.IsConversionReady = Ina219Field.ConversionReady.Get(raw) == 1;
            reading.HasMathOverflow = Ina219Field.MathOverflow.Get(raw) == 1;
            return true;
        }

        /// <summary>Reads the current register, in µA; positive when charging the group.</summary>
        public bool TryReadCurrentMicroamperes(out int microamperes)
        {
            microamperes = 0;
            if (!TryReadRegister(Ina219Register.Current, out var raw))
            {
                return false;
            }

            microamperes = Ina219Conversions.CurrentMicroamperes(raw, CurrentLsbPicoamperes);
            return true;
        }

        /// <summary>Reads the shunt register, in µV.</summary>
        public bool TryReadShuntMicrovolts(out int microvolts)
        {
            microvolts = 0;
            if (!TryReadRegister(Ina219Register.ShuntVoltage, out var raw))
            {
                return false;
            }

            microvolts = Ina219Conversions.ShuntMicrovolts(raw);
            return true;
        }

        /// <summary>Reads the power register, in µW. Reading it clears CNVR.</summary>
        public bool TryReadPowerMicrowatts(out long microwatts)
        {
            microwatts = 0;
            if (!TryReadRegister(Ina219Register.Power, out var raw))
            {
                return false;
            }

            microwatts = Ina219Conversions.PowerMicrowatts(raw, CurrentLsbPicoamperes);
            return true;
        }

        /// <summary>Reads one 16-bit register (pointer write, repeated start, two bytes MSB first).</summary>
        public bool TryReadRegister(Ina219Register register, out ushort value)
        {
            _pointer[0] = (byte)register;
            if (_device.WriteRead(_pointer, 1, _read, RegisterBytes) != I2cStatus.Ok)
            {
                value = 0;
                return false;
            }

            value = (ushort)((_read[0] << 8) | _read[1]);
            return true;
        }

        /// <summary>Writes one 16-bit register (pointer, MSB, LSB).</summary>
        public bool TryWriteRegister(Ina219Register register, ushort value)
        {
            _write[0] = (byte)register;
            _write[1] = (byte)(value >> 8);
            _write[2] = (byte)value;
            return _device.Write(_write, _write.Length) == I2cStatus.Ok;
        }
    }
}
