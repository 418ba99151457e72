// SPDX-License-Identifier: MIT

using Balancer.Drivers.Ina219;
using Balancer.Drivers.Ntc;
using Balancer.Drivers.Supply;

namespace Balancer.Core.Control
{
    /// <summary>
    /// Reads the hardware into a <see cref="MeasurementFrame"/>: per channel the INA219's bus and current registers
    /// (two reads), the cell NTC; then the board NTC and the 12 V input. After the tick has actuated, it triggers
    /// each INA219's next conversion, so a conversion never straddles a relay command of the same tick.
    /// </summary>
    /// <remarks>
    /// A sensor that failed a transfer is configured again (with read-back) before its next trigger: an INA219 that
    /// lost power comes back in its power-on state, with no calibration and in continuous mode.
    /// </remarks>
    public sealed class MeasurementReader
    {
        private readonly Ina219Sensor[] _sensors;
        private readonly NtcThermistor[] _cellSensors;
        private readonly NtcThermistor _boardSensor;
        private readonly SupplyMonitor _supply;
        private readonly long[] _triggeredAtMilliseconds;
        private readonly bool[] _needsConfiguration;
        private int _thermistorTurn;
        private bool _hasReadEveryThermistor;

        // The bus register's reading, a field and not a local: nanoCLR puts a struct local on the heap at every call.
        private Ina219BusReading _bus;

        /// <summary>Takes the channel and board sensors.</summary>
        /// <param name="sensors">One INA219 per channel.</param>
        /// <param name="cellSensors">One cell NTC per channel; an entry may be null where none is wired.</param>
        /// <param name="boardSensor">The NTC near the chargers.</param>
        /// <param name="supply">The 12 V input monitor.</param>
        public MeasurementReader(Ina219Sensor[] sensors, NtcThermistor[] cellSensors, NtcThermistor boardSensor, SupplyMonitor supply)
        {
            if (sensors == null || cellSensors == null || sensors.Length != cellSensors.Length || sensors.Length == 0)
            {
                throw new System.ArgumentException("one INA219 and one NTC place per channel are required");
            }

            _sensors = sensors;
            _cellSensors = cellSensors;
            _boardSensor = boardSensor;
            _supply = supply;
            _triggeredAtMilliseconds = new long[sensors.Length];
            _needsConfiguration = new bool[sensors.Length];
            Calibrations = new ChannelCalibration[sensors.Length];
            for (var i = 0; i < sensors.Length; i++)
            {
                Calibrations[i] = ChannelCalibration.Identity;
                _needsConfiguration[i] = true;
            }
        }

        /// <summary>Number of channels.</summary>
        public int ChannelCount => _sensors.Length;

        /// <summary>Whether a channel's INA219 took its configuration and read it back at <see cref="Initialize"/> (or since).</summary>
        public bool IsConfigured(int channel) => !_needsConfiguration[channel];

        /// <summary>Each channel's calibration, applied to every sample.</summary>
        public ChannelCalibration[] Calibrations { get; }

        /// <summary>Configures every INA219 (with read-back) and triggers the first conversions. Returns how many answered correctly.</summary>
        public int Initialize(long nowMilliseconds)
        {
            var configured = 0;
            for (var i = 0; i < _sensors.Length; i++)
            {
                if (_sensors[i].TryConfigure(Ina219Configuration.Channel))
                {
                    _needsConfiguration[i] = false;
                    configured++;
                }
            }

            TriggerConversions(nowMilliseconds);
            return configured;
        }

        /// <summary>
        /// Ticks between two readings of one thermistor: every INA219 and the supply are read every tick, but the
        /// thermistors one per tick in turn (the cells' and then the board's), because a group's temperature does not
        /// change in a tick while 16 ADC conversions per thermistor are most of a tick's native work on the ESP32. The
        /// temperature guardrails therefore act on a reading at most this many ticks old.
        /// </summary>
        public int ThermistorRefreshTicks => _sensors.Length + 1;

        /// <summary>
        /// Reads the conversions triggered last tick and the supply into the frame, and one thermistor in turn (every
        /// thermistor at the first read); the others keep their last reading in the frame.
        /// </summary>
        public void Read(MeasurementFrame frame, long nowMilliseconds)
        {
            frame.NowMilliseconds = nowMilliseconds;
            var readsAll = !_hasReadEveryThermistor;
            for (var i = 0; i < _sensors.Length; i++)
            {
                ReadChannel(i, ref frame.Channels[i], readsAll || i == _thermistorTurn);
            }

            if (readsAll || _thermistorTurn == _sensors.Length)
            {
                _boardSensor.Read(ref frame.Board);
            }

            frame.SupplyMillivolts = _supply.ReadMillivolts();
            _thermistorTurn = _thermistorTurn == _sensors.Length ? 0 : _thermistorTurn + 1;
            _hasReadEveryThermistor = true;
        }

        /// <summary>Starts each INA219's next conversion (one register write each); reconfigures a sensor that failed.</summary>
        public void TriggerConversions(long nowMilliseconds)
        {
            for (var i = 0; i < _sensors.Length; i++)
            {
                if (_needsConfiguration[i])
                {
                    _needsConfiguration[i] = !_sensors[i].TryConfigure(Ina219Configuration.Channel);
                }

                if (!_needsConfiguration[i] && !_sensors[i].TryTrigger())
                {
                    _needsConfiguration[i] = true;
                }

                _triggeredAtMilliseconds[i] = nowMilliseconds;
            }
        }

        private void ReadChannel(int channel, ref ChannelSample sample, bool readsThermistor)
        {
            var sensor = _sensors[channel];
            sample.ConversionStartedAtMilliseconds = _triggeredAtMilliseconds[channel];
            sample.IsSensorAnswering = sensor.TryReadBus(out _bus) && sensor.TryReadCurrentMicroamperes(out sample.RawMicroamperes);
            if (!sample.IsSensorAnswering)
            {
                sample.HasFreshConversion = false;
                _needsConfiguration[channel] = true;
            }
            else
            {
                sample.HasFreshConversion = _bus.IsConversionReady;
                sample.RawMillivolts = _bus.Millivolts;
                if (_bus.HasMathOverflow)
                {
                    // The current register overflowed: count it as full scale so the over-current row sees it.
                    sample.RawMicroamperes = sample.RawMicroamperes < 0 ? -FullScaleMicroamperes : FullScaleMicroamperes;
                }

                ref var calibration = ref Calibrations[channel];
                sample.GroupMillivolts = calibration.CorrectMillivolts(sample.RawMillivolts);
                sample.CurrentMicroamperes = calibration.CorrectMicroamperes(sample.RawMicroamperes);
            }

            var cell = _cellSensors[channel];
            sample.HasCellSensor = cell != null;
            if (cell != null && readsThermistor)
            {
                cell.Read(ref sample.Cell);
            }
        }

        /// <summary>The INA219's range on the board: ±160 mV across 0.1 Ω, µA.</summary>
        public const int FullScaleMicroamperes = 1_600_000;
    }
}
