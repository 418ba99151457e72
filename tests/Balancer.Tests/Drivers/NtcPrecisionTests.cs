// SPDX-License-Identifier: MIT

using System;
using Balancer.Drivers;
using Balancer.Drivers.Ntc;
using Xunit;

namespace Balancer.Tests.Drivers
{
    /// <summary>
    /// ESP32_BLE_REV0 has no double-precision floating point, so the thermistor maths runs in single precision on the
    /// board and, the same way, on the host. Against the Beta and Steinhart–Hart equations computed exactly (double,
    /// here), every node voltage of the divider reads within one 0.1 °C rounding step.
    /// </summary>
    public class NtcPrecisionTests
    {
        private const double KelvinAtZero = 273.15;

        [Fact]
        public void Beta_In_Single_Precision_Reads_Within_A_Tenth_Of_A_Degree_Of_The_Exact_Equation_At_Every_Node_Voltage()
        {
            var parameters = NtcParameters.B3950;
            var checkedReadings = 0;

            for (var node = 1; node < parameters.SupplyMillivolts; node++)
            {
                var ohms = (double)parameters.FixedResistorOhms * node / (parameters.SupplyMillivolts - node);
                var exact = 1.0 / ((1.0 / (25.0 + KelvinAtZero)) + (Math.Log(ohms / parameters.NominalOhms) / parameters.BetaKelvin)) - KelvinAtZero;
                var reading = NtcThermistor.Classify(node, parameters);
                if (reading.Status != NtcStatus.Ok)
                {
                    Assert.True(exact * 10 < NtcThermistor.MinPlausibleDeciCelsius + 1 || exact * 10 > NtcThermistor.MaxPlausibleDeciCelsius - 1, $"{node} mV ({exact:F2} °C) read {reading.Status}");
                    continue;
                }

                Assert.InRange(reading.TemperatureDeciCelsius - (exact * 10), -1.0, 1.0);
                checkedReadings++;
            }

            // −30 °C is about 200 kΩ (node 3143 mV) and 110 °C about 529 Ω (node 166 mV): some 2 978 node voltages.
            Assert.True(checkedReadings >= 2_970, $"only {checkedReadings} node voltages gave a temperature");
        }

        [Fact]
        public void Steinhart_Hart_In_Single_Precision_Reads_Within_A_Tenth_Of_A_Degree_Of_The_Exact_Equation()
        {
            var fit = SteinhartHart.FromThreePoints(0, 33_600, 250, 10_000, 600, 2_490);

            for (var ohms = 1_000.0; ohms < 200_000; ohms *= 1.01)
            {
                var l = Math.Log(ohms);
                var exact = (1.0 / (fit.A + (fit.B * l) + (fit.C * l * l * l))) - KelvinAtZero;

                Assert.InRange(fit.DeciCelsius((float)ohms) - (exact * 10), -1.0, 1.0);
            }
        }

        [Theory]
        [InlineData(2.5f, 3)]
        [InlineData(-2.5f, -3)]
        [InlineData(3.5f, 4)]
        [InlineData(2.49f, 2)]
        [InlineData(-0.4f, 0)]
        public void Rounding_Is_Half_Away_From_Zero_On_Every_Platform_Unlike_Dotnets_Math_Round(float value, int expected)
        {
            Assert.Equal(expected, IntegerMath.RoundToInt(value));
            Assert.Equal(expected, IntegerMath.RoundToInt((double)value));
        }
    }
}
