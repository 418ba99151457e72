// SPDX-License-Identifier: MIT

using System;
using Balancer.Drivers.Adc;
using Balancer.Drivers.Ntc;
using Balancer.Drivers.Simulation;
using Balancer.Drivers.Supply;
using Xunit;

namespace Balancer.Tests.Drivers
{
    /// <summary>ADC, NTC and supply drivers. NTC expectations come from the 10 kΩ B3950 table (reference B4).</summary>
    public class AnalogTests
    {
        [Theory]
        [InlineData(33_600, 0)]
        [InlineData(10_000, 250)]
        [InlineData(4_350, 450)]
        [InlineData(2_490, 600)]
        public void Beta_Equation_Matches_The_B3950_Table_Within_One_Degree(int ohms, int expectedDeciCelsius)
        {
            var parameters = NtcParameters.B3950;
            var node = NodeMillivolts(ohms, parameters);

            var reading = NtcThermistor.Classify(node, parameters);

            Assert.Equal(NtcStatus.Ok, reading.Status);
            Assert.InRange(reading.TemperatureDeciCelsius, expectedDeciCelsius - 10, expectedDeciCelsius + 10);
        }

        [Fact]
        public void Steinhart_Hart_Through_Three_Table_Points_Reads_The_Fourth_Within_A_Few_Tenths()
        {
            var parameters = NtcParameters.B3950;
            parameters.UsesSteinhartHart = true;
            parameters.SteinhartHart = SteinhartHart.FromThreePoints(0, 33_600, 250, 10_000, 600, 2_490);

            Assert.InRange(parameters.SteinhartHart.DeciCelsius(4_350), 447, 453);
            Assert.InRange(parameters.SteinhartHart.DeciCelsius(10_000), 249, 251);
        }

        [Theory]
        [InlineData(NtcFault.Open, NtcStatus.Open)]
        [InlineData(NtcFault.Short, NtcStatus.Short)]
        public void An_Open_Or_Shorted_Sensor_Is_Reported_As_Such_Never_As_A_Temperature(NtcFault fault, NtcStatus expected)
        {
            var (thermistor, ntc) = Chain(seed: 3);
            ntc.Fault = fault;
            ntc.Apply();

            var reading = thermistor.Read();

            Assert.Equal(expected, reading.Status);
            Assert.Equal(0, reading.TemperatureDeciCelsius);
        }

        [Theory]
        [InlineData(-40, NtcStatus.Open)]
        [InlineData(120, NtcStatus.Short)]
        public void A_Reading_Outside_Minus_30_To_110_Degrees_Is_A_Sensor_Fault(double celsius, NtcStatus expected)
        {
            var parameters = NtcParameters.B3950;
            var ohms = 10_000 * Math.Exp(3950 * ((1 / (celsius + 273.15)) - (1 / 298.15)));

            var reading = NtcThermistor.Classify(NodeMillivolts(ohms, parameters), parameters);

            Assert.Equal(expected, reading.Status);
        }

        [Theory]
        [InlineData(5.0)]
        [InlineData(25.0)]
        [InlineData(45.0)]
        [InlineData(55.0)]
        public void Through_A_Calibrated_Adc_The_Cell_Temperature_Reads_Within_One_Degree(double celsius)
        {
            var (thermistor, ntc) = Chain(seed: 7);
            ntc.TemperatureCelsius = celsius;

            var reading = thermistor.Read();

            Assert.Equal(NtcStatus.Ok, reading.Status);
            Assert.InRange(reading.TemperatureDeciCelsius, (int)(celsius * 10) - 10, (int)(celsius * 10) + 10);
        }

        [Fact]
        public void Two_Point_Calibration_Removes_A_Chip_Gain_And_Offset_Error()
        {
            var adc = new AdcEmulator(seed: 1) { VrefMillivolts = 1180, OffsetMillivolts = 25 };
            var input = new AdcInput(adc, samples: 1);
            adc.InputMillivolts = 1500;
            var uncalibrated = input.Read().Millivolts;

            Calibrate(adc, input);
            adc.InputMillivolts = 1500;
            var calibrated = input.Read().Millivolts;

            Assert.True(Math.Abs(uncalibrated - 1500) > 60, $"the chip's error should show uncalibrated: {uncalibrated} mV");
            Assert.InRange(calibrated, 1497, 1503);
        }

        [Fact]
        public void Multisampling_Narrows_The_Spread_Of_A_Noisy_Input()
        {
            var noisy = new AdcEmulator(seed: 5) { NoiseCodes = 12, InputMillivolts = 1200 };
            var single = new AdcInput(noisy, samples: 1);
            var averaged = new AdcInput(noisy, samples: 64);

            var singleSpread = Spread(single);
            var averagedSpread = Spread(averaged);

            Assert.True(averagedSpread * 4 < singleSpread, $"64 samples spread {averagedSpread} mV vs 1 sample {singleSpread} mV");
        }

        [Theory]
        [InlineData(100, false)]
        [InlineData(150, true)]
        [InlineData(2450, true)]
        [InlineData(2800, false)]
        public void The_Usable_Range_At_11_dB_Is_150_To_2450_Millivolts(int millivolts, bool usable)
        {
            var adc = new AdcEmulator(seed: 1) { InputMillivolts = millivolts };
            var input = new AdcInput(adc, samples: 1) { Calibration = AdcCalibration.Nominal };

            var reading = input.Read();

            Assert.Equal(usable, reading.IsInUsableRange);
        }

        [Fact]
        public void Two_Points_That_Coincide_Are_Not_A_Calibration()
        {
            Assert.False(AdcCalibration.TryFromTwoPoints(1000, 800, 1000, 800, out _));
            Assert.False(AdcCalibration.TryFromTwoPoints(2000, 1600, 1000, 800, out _));
        }

        [Theory]
        [InlineData(12_000)]
        [InlineData(10_500)]
        [InlineData(14_400)]
        public void The_Supply_Reads_Through_Its_Divider(int inputMillivolts)
        {
            var adc = new AdcEmulator(seed: 2);
            var input = new AdcInput(adc, samples: 8);
            Calibrate(adc, input);
            var monitor = new SupplyMonitor(input, 100_000, 15_000);
            adc.InputMillivolts = inputMillivolts * 15_000.0 / 115_000.0;

            // The node resolves about 0.8 mV per code; × 7.67 through the divider, plus calibration rounding.
            Assert.InRange(monitor.ReadMillivolts(), inputMillivolts - 25, inputMillivolts + 25);
        }

        [Fact]
        public void An_Out_Of_Range_Sample_Count_Is_Refused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new AdcInput(new AdcEmulator(seed: 1), samples: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new AdcInput(new AdcEmulator(seed: 1), samples: 65));
        }

        private static int NodeMillivolts(double ntcOhms, NtcParameters parameters) =>
            (int)Math.Round(parameters.SupplyMillivolts * ntcOhms / (ntcOhms + parameters.FixedResistorOhms));

        private static (NtcThermistor Thermistor, NtcEmulator Ntc) Chain(int seed)
        {
            var adc = new AdcEmulator(seed) { VrefMillivolts = 1080, OffsetMillivolts = -12, NoiseCodes = 3 };
            var input = new AdcInput(adc, samples: 16);
            Calibrate(adc, input);
            return (new NtcThermistor(input, NtcParameters.B3950), new NtcEmulator(adc) { TemperatureCelsius = 25 });
        }

        /// <summary>The two-point routine a maker runs: a known 500 mV and 2000 mV applied to the pin.</summary>
        private static void Calibrate(AdcEmulator adc, AdcInput input)
        {
            adc.InputMillivolts = 500;
            var low = input.ReadSixteenthCodes();
            adc.InputMillivolts = 2000;
            var high = input.ReadSixteenthCodes();
            Assert.True(AdcCalibration.TryFromTwoPoints((int)(low / 16), 500, (int)(high / 16), 2000, out var calibration));
            input.Calibration = calibration;
        }

        private static int Spread(AdcInput input)
        {
            int min = int.MaxValue, max = int.MinValue;
            for (var i = 0; i < 200; i++)
            {
                var mv = input.Read().Millivolts;
                min = Math.Min(min, mv);
                max = Math.Max(max, mv);
            }

            return max - min;
        }
    }
}
