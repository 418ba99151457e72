// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Ntc
{
    /// <summary>
    /// The thermistor part and its divider. A class, not a struct: nanoCLR keeps a struct as a heap block and clones it
    /// on every load, so reading a struct's fields in the hot path allocated (docs/device-cost.md).
    /// </summary>
    public sealed class NtcParameters
    {
        /// <summary>Resistance at the nominal temperature, in Ω.</summary>
        public int NominalOhms;

        /// <summary>The nominal temperature, in 0.1 °C (250 for 25 °C).</summary>
        public int NominalDeciCelsius;

        /// <summary>The Beta constant, in K.</summary>
        public int BetaKelvin;

        /// <summary>The fixed resistor between the supply and the node, in Ω.</summary>
        public int FixedResistorOhms;

        /// <summary>The divider's supply, in mV.</summary>
        public int SupplyMillivolts;

        /// <summary>Use <see cref="SteinhartHart"/> instead of the Beta equation.</summary>
        public bool UsesSteinhartHart;

        /// <summary>Steinhart–Hart coefficients, when <see cref="UsesSteinhartHart"/> is set.</summary>
        public SteinhartHart SteinhartHart;

        /// <summary>
        /// The board's cell sensor: 10 kΩ at 25 °C, B = 3950 K, under a 10 kΩ resistor from 3.3 V. Beta is within about
        /// ±1 °C over 0–70 °C for such parts (reference B4).
        /// </summary>
        public static NtcParameters B3950 => new NtcParameters
        {
            NominalOhms = 10_000,
            NominalDeciCelsius = 250,
            BetaKelvin = 3950,
            FixedResistorOhms = 10_000,
            SupplyMillivolts = 3300,
        };
    }

    /// <summary>
    /// Steinhart–Hart: 1/T = A + B·ln R + C·(ln R)³. The coefficients are fitted once (in double precision, on the
    /// host or at configuration); a reading is computed in single precision. About ±0.1 °C where the three fitting points bracket the range
    /// (reference B4), against about ±1 °C for Beta.
    /// </summary>
    public sealed class SteinhartHart
    {
        /// <summary>Coefficient A, in 1/K.</summary>
        public double A;

        /// <summary>Coefficient B, in 1/K.</summary>
        public double B;

        /// <summary>Coefficient C, in 1/K.</summary>
        public double C;

        /// <summary>Fits the coefficients through three (temperature, resistance) points of the part's datasheet table.</summary>
        public static SteinhartHart FromThreePoints(
            int deciCelsius1, double ohms1, int deciCelsius2, double ohms2, int deciCelsius3, double ohms3)
        {
            var l1 = System.Math.Log(ohms1);
            var l2 = System.Math.Log(ohms2);
            var l3 = System.Math.Log(ohms3);
            const double KelvinAtZeroCelsius = 273.15;
            var y1 = 1.0 / ((deciCelsius1 / 10.0) + KelvinAtZeroCelsius);
            var y2 = 1.0 / ((deciCelsius2 / 10.0) + KelvinAtZeroCelsius);
            var y3 = 1.0 / ((deciCelsius3 / 10.0) + KelvinAtZeroCelsius);
            var g2 = (y2 - y1) / (l2 - l1);
            var g3 = (y3 - y1) / (l3 - l1);
            var c = (g3 - g2) / (l3 - l2) / (l1 + l2 + l3);
            var b = g2 - (c * ((l1 * l1) + (l1 * l2) + (l2 * l2)));
            var a = y1 - ((b + (l1 * l1 * c)) * l1);
            return new SteinhartHart { A = a, B = b, C = c };
        }

        /// <summary>
        /// Temperature in 0.1 °C for a resistance, rounded half away from zero; in single precision, as the ESP32
        /// computes it (see <see cref="NtcThermistor.BetaDeciCelsius"/>).
        /// </summary>
        public int DeciCelsius(float ohms)
        {
            var l = (float)System.Math.Log(ohms);
            var kelvin = 1f / ((float)A + ((float)B * l) + ((float)C * l * l * l));
            return IntegerMath.RoundToInt((kelvin - NtcThermistor.KelvinAtZeroCelsius) * 10f);
        }
    }
}
