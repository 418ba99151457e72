// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Drivers.Simulation
{
    /// <summary>
    /// A register-level INA219 (TI SBOS448G), written from the datasheet alone: its own register map, reset values,
    /// conversion timing, CNVR/OVF behaviour and the calibration arithmetic of equations 4 and 5. The pack model
    /// drives its physical inputs; the driver under test sees only bytes on the bus.
    /// </summary>
    public sealed class Ina219Emulator : II2cTarget
    {
        /// <summary>Configuration register at power-on (8.6.2.1).</summary>
        public const ushort PowerOnConfiguration = 0x399F;

        // Register pointers (Table 4).
        private const int ConfigurationPointer = 0;
        private const int ShuntPointer = 1;
        private const int BusPointer = 2;
        private const int PowerPointer = 3;
        private const int CurrentPointer = 4;
        private const int CalibrationPointer = 5;

        // Conversion time per 4-bit ADC code, µs (Table 6): codes 4–7 repeat 0–3, 8 is 12 bits.
        private static readonly int[] ConversionMicroseconds =
        {
            84, 148, 276, 532, 84, 148, 276, 532, 532, 1060, 2130, 4260, 8510, 17020, 34050, 68100,
        };

        private static readonly int[] SamplesPerCode = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 4, 8, 16, 32, 64, 128 };

        private readonly SimulatedClock _clock;
        private readonly GaussianNoise _noise;
        private ushort _configuration = PowerOnConfiguration;
        private ushort _calibration;
        private short _shuntRegister;
        private ushort _busValue;
        private bool _conversionReady;
        private bool _mathOverflow;
        private int _pointer;
        private long _cycleStartMicroseconds;
        private bool _triggerPending;

        /// <summary>Creates a sensor at an address (0x40–0x4F by its A0/A1 straps).</summary>
        public Ina219Emulator(SimulatedClock clock, int address, int seed)
        {
            if (address < 0x40 || address > 0x4F)
            {
                throw new ArgumentOutOfRangeException(nameof(address), "the INA219 answers at 0x40–0x4F only");
            }

            _clock = clock;
            Address = address;
            _noise = new GaussianNoise(seed);
            _cycleStartMicroseconds = clock.NowMicroseconds;
        }

        /// <summary>The 7-bit address.</summary>
        public int Address { get; }

        /// <summary>True voltage from IN− to GND, in µV: the group's voltage.</summary>
        public long BusInputMicrovolts { get; set; }

        /// <summary>True voltage from IN+ to IN−, in nV: the current through the shunt times its resistance.</summary>
        public long ShuntInputNanovolts { get; set; }

        /// <summary>Gain error of the shunt path, in ppm (datasheet: ±0.5 % max over temperature for the INA219A).</summary>
        public int ShuntGainErrorPpm { get; set; }

        /// <summary>Offset of the shunt path, in nV (datasheet: ±100 µV max at PGA /1 … /8 for the INA219A).</summary>
        public long ShuntOffsetNanovolts { get; set; }

        /// <summary>Gain error of the bus path, in ppm.</summary>
        public int BusGainErrorPpm { get; set; }

        /// <summary>Offset of the bus path, in µV.</summary>
        public long BusOffsetMicrovolts { get; set; }

        /// <summary>RMS noise of one 12-bit shunt conversion, in nV; averaging divides it by √samples.</summary>
        public long ShuntNoiseNanovolts { get; set; }

        /// <summary>RMS noise of one bus conversion, in µV.</summary>
        public long BusNoiseMicrovolts { get; set; }

        /// <summary>Fault: the sensor does not acknowledge (unpowered isolated side, broken isolator).</summary>
        public bool IsNotAcknowledging { get; set; }

        /// <summary>Fault: the converter stopped; registers keep their last values and CNVR never sets.</summary>
        public bool IsConversionFrozen { get; set; }

        /// <inheritdoc />
        public bool Acknowledges => !IsNotAcknowledging;

        /// <summary>The raw configuration register.</summary>
        public ushort ConfigurationRegister => _configuration;

        /// <summary>The raw calibration register.</summary>
        public ushort CalibrationRegister => _calibration;

        /// <summary>Bus full scale from BRNG (bit 13): 16 or 32 V.</summary>
        public int BusFullScaleVolts => (_configuration & 0x2000) != 0 ? 32 : 16;

        /// <summary>Shunt full scale from PG (bits 12–11): 40, 80, 160 or 320 mV, in µV.</summary>
        public int ShuntFullScaleMicrovolts => 40_000 * (1 << ((_configuration >> 11) & 0x3));

        /// <summary>The BADC code (bits 10–7).</summary>
        public int BusAdcCode => (_configuration >> 7) & 0xF;

        /// <summary>The SADC code (bits 6–3).</summary>
        public int ShuntAdcCode => (_configuration >> 3) & 0xF;

        /// <summary>The MODE code (bits 2–0).</summary>
        public int ModeCode => _configuration & 0x7;

        /// <summary>Time from trigger to CNVR for the present settings, µs.</summary>
        public int ConversionTimeMicroseconds
        {
            get
            {
                var shunt = ConversionMicroseconds[ShuntAdcCode];
                var bus = ConversionMicroseconds[BusAdcCode];
                switch (ModeCode & 0x3)
                {
                    case 1: return shunt;
                    case 2: return bus;
                    case 3: return shunt + bus;
                    default: return 0;
                }
            }
        }

        /// <summary>Conversions completed since start, for tests and benchmarks.</summary>
        public long ConversionCount { get; private set; }

        /// <inheritdoc />
        public void OnWrite(ReadOnlySpan<byte> data)
        {
            Update();
            if (data.Length == 0)
            {
                return;
            }

            _pointer = data[0] & 0x7;
            if (data.Length < 3)
            {
                return;
            }

            var value = (ushort)((data[1] << 8) | data[2]);
            switch (_pointer)
            {
                case ConfigurationPointer:
                    WriteConfiguration(value);
                    break;
                case CalibrationPointer:
                    _calibration = (ushort)(value & 0xFFFE);
                    break;
                default:
                    break; // shunt, bus, power and current are read-only
            }
        }

        /// <inheritdoc />
        public void OnRead(Span<byte> data)
        {
            Update();
            var value = ReadRegister(_pointer);
            if (data.Length > 0)
            {
                data[0] = (byte)(value >> 8);
            }

            if (data.Length > 1)
            {
                data[1] = (byte)value;
            }

            if (_pointer == PowerPointer)
            {
                _conversionReady = false; // 8.6.3.2: reading the power register clears CNVR
            }
        }

        /// <summary>A register's value as the bus would read it (without the side effect of reading power).</summary>
        public ushort ReadRegister(int pointer)
        {
            switch (pointer)
            {
                case ConfigurationPointer:
                    return _configuration;
                case ShuntPointer:
                    return (ushort)_shuntRegister;
                case BusPointer:
                    return (ushort)((_busValue << 3) | (_conversionReady ? 0x2 : 0) | (_mathOverflow ? 0x1 : 0));
                case PowerPointer:
                    return Power(out _);
                case CurrentPointer:
                    return (ushort)Current(out _);
                case CalibrationPointer:
                    return _calibration;
                default:
                    return 0;
            }
        }

        private void WriteConfiguration(ushort value)
        {
            if ((value & 0x8000) != 0)
            {
                // RST: every register to its power-on value; the bit clears itself.
                _configuration = PowerOnConfiguration;
                _calibration = 0;
                _shuntRegister = 0;
                _busValue = 0;
                _conversionReady = false;
                _mathOverflow = false;
                _triggerPending = false;
                _cycleStartMicroseconds = _clock.NowMicroseconds;
                return;
            }

            _configuration = (ushort)(value & 0x3FFF);
            var mode = ModeCode;
            if (mode != 0 && mode != 4)
            {
                _conversionReady = false; // writing a new mode clears CNVR and starts a conversion
            }

            _triggerPending = mode >= 1 && mode <= 3;
            _cycleStartMicroseconds = _clock.NowMicroseconds;
        }

        private void Update()
        {
            var mode = ModeCode;
            var period = ConversionTimeMicroseconds;
            if (IsConversionFrozen || period == 0)
            {
                return;
            }

            var elapsed = _clock.NowMicroseconds - _cycleStartMicroseconds;
            if (mode >= 5)
            {
                var cycles = elapsed / period;
                if (cycles > 0)
                {
                    Convert();
                    ConversionCount += cycles - 1;
                    _cycleStartMicroseconds += cycles * period;
                }
            }
            else if (_triggerPending && elapsed >= period)
            {
                Convert();
                _triggerPending = false;
            }
        }

        private void Convert()
        {
            ConversionCount++;
            var mode = ModeCode;
            if ((mode & 0x1) != 0)
            {
                var nanovolts = ShuntInputNanovolts + (ShuntInputNanovolts * ShuntGainErrorPpm / 1_000_000)
                    + ShuntOffsetNanovolts + Gaussian(ShuntNoiseNanovolts, SamplesPerCode[ShuntAdcCode]);
                var limit = ShuntFullScaleMicrovolts / 10; // counts of 10 µV
                var counts = (long)Math.Round(nanovolts / 10_000.0, MidpointRounding.AwayFromZero);
                _shuntRegister = (short)Math.Clamp(counts, -limit, limit);
            }

            if ((mode & 0x2) != 0)
            {
                var microvolts = BusInputMicrovolts + (BusInputMicrovolts * BusGainErrorPpm / 1_000_000)
                    + BusOffsetMicrovolts + Gaussian(BusNoiseMicrovolts, SamplesPerCode[BusAdcCode]);
                var counts = (long)Math.Round(microvolts / 4_000.0, MidpointRounding.AwayFromZero);
                _busValue = (ushort)Math.Clamp(counts, 0, BusFullScaleVolts * 250); // 4 mV per count, unipolar
            }

            Current(out var currentOverflow);
            Power(out var powerOverflow);
            _mathOverflow = currentOverflow || powerOverflow;
            _conversionReady = true;
        }

        // Equation 4: Current = Shunt × Cal / 4096.
        private short Current(out bool overflow)
        {
            var current = (long)_shuntRegister * _calibration / 4096;
            overflow = current > short.MaxValue || current < short.MinValue;
            return (short)Math.Clamp(current, short.MinValue, short.MaxValue);
        }

        // Equation 5: Power = Current × Bus / 5000, unsigned.
        private ushort Power(out bool overflow)
        {
            var power = Math.Abs((long)Current(out var currentOverflow)) * _busValue / 5000;
            overflow = currentOverflow || power > ushort.MaxValue;
            return (ushort)Math.Min(power, ushort.MaxValue);
        }

        private long Gaussian(long rms, int samples)
        {
            if (rms == 0)
            {
                return 0;
            }

            // Averaging n samples divides the noise by √n.
            return (long)(_noise.Next() * rms / Math.Sqrt(samples));
        }
    }
}
