// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using Balancer.Core.Control;
using Balancer.Simulator;
using Balancer.Simulator.Physics;
using Balancer.Simulator.Scenarios;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>
    /// Every scenario's sensors are as bought: each INA219 and the ESP32's ADC carry errors drawn from their datasheets'
    /// typical figures and never beyond the maxima, unless the scenario states them.
    /// </summary>
    public class PartToleranceTests
    {
        private const int Boards = 300;

        [Fact]
        public void Every_Ina219_Carries_Its_Own_Errors_Spread_Like_The_Datasheets_Typical_And_Within_Its_Maximum()
        {
            var busGains = Enumerable.Range(1, Boards).SelectMany(seed => Board(seed).Chips.Select(c => (double)c.BusGainErrorPpm)).ToArray();
            var shuntOffsets = Enumerable.Range(1, Boards).SelectMany(seed => Board(seed).Chips.Select(c => (double)c.ShuntOffsetNanovolts)).ToArray();

            Assert.All(busGains, g => Assert.InRange(g, -PartTolerances.Ina219BusGainMaximumPpm, PartTolerances.Ina219BusGainMaximumPpm));
            Assert.InRange(StandardDeviation(busGains), 1_800, 2_200); // σ = the ±0.2 % typical, cut at ±0.5 %
            Assert.InRange(busGains.Average(), -150, 150);
            Assert.All(shuntOffsets, o => Assert.InRange(o, -PartTolerances.Ina219ShuntOffsetMaximumNanovolts, PartTolerances.Ina219ShuntOffsetMaximumNanovolts));
            Assert.InRange(StandardDeviation(shuntOffsets), 27_000, 33_000);
            Assert.All(Enumerable.Range(1, 20).Select(Board), b => Assert.All(b.Chips, c => Assert.Equal(PartTolerances.Ina219BusNoiseMicrovolts, c.BusNoiseMicrovolts)));
        }

        [Fact]
        public void Every_Esp32_Has_Its_Own_Adc_Reference_Between_1000_And_1200_mV_Shared_By_Its_Inputs()
        {
            var references = Enumerable.Range(1, Boards).Select(seed => Board(seed).Converters.Select(a => a.VrefMillivolts).Distinct().Single()).ToArray();

            Assert.All(references, v => Assert.InRange(v, 1_000, 1_200));
            Assert.InRange(StandardDeviation(references), 30, 40);
        }

        [Fact]
        public void A_Scenario_That_States_Ideal_Sensors_Gets_Them()
        {
            var board = Board(7, sensor: """ "sensor": { "busGainPpm": 0, "busOffsetMicrovolts": 0, "busNoiseMicrovolts": 0, "shuntOffsetNanovolts": 0, "shuntGainPpm": 0, "shuntNoiseNanovolts": 0 }, """, adc: """ "adc": { "vrefMillivolts": 1100, "offsetMillivolts": 0, "noiseCodes": 0 }, """);

            Assert.All(board.Chips, c =>
            {
                Assert.Equal(0, c.BusGainErrorPpm);
                Assert.Equal(0, c.ShuntOffsetNanovolts);
                Assert.Equal(0, c.BusNoiseMicrovolts);
            });
            Assert.All(board.Converters, a => Assert.Equal(1_100, a.VrefMillivolts));
        }

        [Fact]
        public void The_Workshops_Calibration_Brings_Every_Channel_Within_The_Ina219_Step_Of_The_Truth()
        {
            // Without it, two channels read one group σ 11 mV apart (±0.2 % each at 3.9 V). With it, what is left is the
            // 4 mV step the routine averaged on a quiet cell (±2 mV), the meter's error and the gain over the distance
            // from the 3.9 V reference.
            var errors = Enumerable.Range(1, 100).SelectMany(seed =>
            {
                var simulation = new Simulation(ScenarioLoader.Parse(Text(seed, string.Empty, string.Empty), "inline.json"));
                Assert.Equal(4, simulation.CalibratedChannels);
                var meterError = simulation.CalibrationMeterMillivolts.Value - 3_900;
                return simulation.Board.Chips.Select((chip, i) =>
                {
                    var raw = 4 * (int)Math.Round(4_000 * (1 + (chip.BusGainErrorPpm / 1e6)) / 4);
                    return simulation.Board.Reader.Calibrations[i].CorrectMillivolts(raw) - 4_000.0 - meterError;
                });
            }).ToArray();
            var uncalibrated = Enumerable.Range(1, 100).SelectMany(seed => Board(seed).Chips.Select(c => 4_000 * c.BusGainErrorPpm / 1e6)).ToArray();

            Assert.All(errors, e => Assert.InRange(e, -3, 3)); // half a step at 3.9 V, scaled to 4.0 V, and two roundings to 1 mV
            Assert.InRange(StandardDeviation(errors), 0.3, 1.2); // at most the step's uniform ±2 mV (σ 1.15 mV); 0.66 measured
            Assert.InRange(StandardDeviation(uncalibrated), 6, 10);
        }

        [Fact]
        public void A_Board_Left_Uncalibrated_Keeps_Its_Chips_Errors()
        {
            var simulation = new Simulation(ScenarioLoader.Parse(
                Text(3, string.Empty, string.Empty).Replace("\"seed\": 3,", "\"seed\": 3, \"calibration\": { \"calibrated\": false },"), "inline.json"));

            Assert.Null(simulation.CalibrationMeterMillivolts);
            Assert.All(simulation.Board.Reader.Calibrations, c => Assert.Equal(ChannelCalibration.UnityGainPpm, c.VoltageGainPpm));
        }

        private static EmulatedBoard Board(int seed) => Board(seed, string.Empty, string.Empty);

        private static EmulatedBoard Board(int seed, string sensor, string adc)
            => new Simulation(ScenarioLoader.Parse(Text(seed, sensor, adc), "inline.json")).Board;

        private static string Text(int seed, string sensor, string adc) => $$"""
            { "name": "tolerances", "seed": {{seed}}, {{adc}}
              "pack": { "series": 4, "parallel": 3 },
              "channels": [ { {{sensor}} "group": 1 }, { {{sensor}} "group": 2 }, { {{sensor}} "group": 3 }, { {{sensor}} "group": 4 } ] }
            """;

        private static double StandardDeviation(double[] values)
        {
            var mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        }
    }
}
