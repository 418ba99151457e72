// SPDX-License-Identifier: MIT

using Balancer.Drivers.Adc;

namespace Balancer.Drivers.Ntc
{
    /// <summary>What a thermistor reading is. Fixed values: they are logged and sent over BLE.</summary>
    public enum NtcStatus
    {
        /// <summary>A temperature inside the plausible range.</summary>
        Ok = 0,

        /// <summary>Resistance too high for any plausible temperature: an open sensor or a lead off.</summary>
        Open = 1,

        /// <summary>Resistance too low for any plausible temperature: a shorted sensor or leads.</summary>
        Short = 2,
    }

    /// <summary>One thermistor reading. <see cref="TemperatureDeciCelsius"/> means something only when <see cref="Status"/> is Ok.</summary>
    public struct NtcReading
    {
        /// <summary>Temperature in 0.1 °C.</summary>
        public int TemperatureDeciCelsius;

        /// <summary>Whether the reading is a temperature, or an open or shorted sensor.</summary>
        public NtcStatus Status;

        /// <summary>The divider node voltage the reading came from, in mV.</summary>
        public int NodeMillivolts;
    }

    /// <summary>
    /// A 10 kΩ B3950 NTC at the bottom of a divider from the 3.3 V rail through a fixed resistor to an ADC1 input
    /// (see drivers/Ntc/README.md for the wiring and the worked numbers).
    /// </summary>
    public sealed class NtcThermistor
    {
        /// <summary>Coldest plausible reading (spec §5): below it the sensor is open.</summary>
        public const int MinPlausibleDeciCelsius = -300;

        /// <summary>Hottest plausible reading (spec §5): above it the sensor is shorted.</summary>
        public const int MaxPlausibleDeciCelsius = 1100;

        private readonly AdcInput _input;
        private readonly NtcParameters _parameters;
        private AdcReading _adc;

        /// <summary>Creates the sensor on an ADC input.</summary>
        public NtcThermistor(AdcInput input, NtcParameters parameters)
        {
            _input = input;
            _parameters = parameters;
        }

        /// <summary>The part and divider.</summary>
        public NtcParameters Parameters => _parameters;

        /// <summary>
        /// Reads the temperature, or says why there is none. A converter stuck at either end is an open (top) or
        /// shorted (bottom) divider whatever the calibrated voltage says: the ESP32's curve flattens above its
        /// specified range, so an open sensor can read as a cold one.
        /// </summary>
        public void Read(ref NtcReading reading)
        {
            _input.Read(ref _adc);
            if (_adc.IsSaturatedHigh || _adc.IsSaturatedLow)
            {
                reading.NodeMillivolts = _adc.Millivolts;
                reading.TemperatureDeciCelsius = 0;
                reading.Status = _adc.IsSaturatedHigh ? NtcStatus.Open : NtcStatus.Short;
                return;
            }

            Classify(_adc.Millivolts, _parameters, ref reading);
        }

        /// <summary>Reads the temperature (a convenience off the hot path).</summary>
        public NtcReading Read()
        {
            var reading = default(NtcReading);
            Read(ref reading);
            return reading;
        }

        /// <summary>The reading for a divider node voltage: the whole conversion as one pure function.</summary>
        public static NtcReading Classify(int nodeMillivolts, NtcParameters parameters)
        {
            var reading = default(NtcReading);
            Classify(nodeMillivolts, parameters, ref reading);
            return reading;
        }

        /// <summary>The same conversion into a reading the caller keeps.</summary>
        public static void Classify(int nodeMillivolts, NtcParameters parameters, ref NtcReading reading)
        {
            reading.NodeMillivolts = nodeMillivolts;
            reading.TemperatureDeciCelsius = 0;
            reading.Status = NtcStatus.Ok;
            if (nodeMillivolts >= parameters.SupplyMillivolts)
            {
                reading.Status = NtcStatus.Open;
                return;
            }

            if (nodeMillivolts <= 0)
            {
                reading.Status = NtcStatus.Short;
                return;
            }

            var ohms = ResistanceOhms(nodeMillivolts, parameters.SupplyMillivolts, parameters.FixedResistorOhms);
            var temperature = parameters.UsesSteinhartHart
                ? parameters.SteinhartHart.DeciCelsius(ohms)
                : BetaDeciCelsius(ohms, parameters.NominalOhms, parameters.NominalDeciCelsius, parameters.BetaKelvin);
            if (temperature < MinPlausibleDeciCelsius)
            {
                reading.Status = NtcStatus.Open;
            }
            else if (temperature > MaxPlausibleDeciCelsius)
            {
                reading.Status = NtcStatus.Short;
            }
            else
            {
                reading.TemperatureDeciCelsius = temperature;
            }
        }

        /// <summary>The NTC's resistance from the node voltage: R = R_fixed × V / (V_supply − V).</summary>
        public static float ResistanceOhms(int nodeMillivolts, int supplyMillivolts, int fixedResistorOhms) =>
            (float)fixedResistorOhms * nodeMillivolts / (supplyMillivolts - nodeMillivolts);

        /// <summary>
        /// The Beta equation: 1/T = 1/T0 + ln(R/R0)/B, with T in kelvin; result in 0.1 °C, rounded half away from zero.
        /// Single precision on purpose: ESP32_BLE_REV0 is built without double-precision floating point, so its
        /// <c>Math.Log</c> is <c>logf</c>; the host computes the same way. Against an exact double computation the
        /// result differs by at most 0.1 °C (one rounding step) over the plausible range (a test checks every node voltage).
        /// </summary>
        public static int BetaDeciCelsius(float ohms, int nominalOhms, int nominalDeciCelsius, int betaKelvin)
        {
            var nominalKelvin = (nominalDeciCelsius / 10f) + KelvinAtZeroCelsius;
            var logRatio = (float)System.Math.Log(ohms / nominalOhms);
            var kelvin = 1f / ((1f / nominalKelvin) + (logRatio / betaKelvin));
            return IntegerMath.RoundToInt((kelvin - KelvinAtZeroCelsius) * 10f);
        }

        /// <summary>0 °C in kelvin.</summary>
        public const float KelvinAtZeroCelsius = 273.15f;
    }
}
