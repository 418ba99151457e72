// SPDX-License-Identifier: MIT

using System.IO;
using Balancer.Simulator;
using Balancer.Simulator.Scenarios;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>A broken scenario file gets an error naming the file, the field and what was expected.</summary>
    public class ScenarioFileTests
    {
        private const string Minimal = """
            {
              "name": "minimal",
              "pack": { "series": 10, "parallel": 3 },
              "channels": [ { "group": 2 } ]
            }
            """;

        private static string ErrorOf(string text)
        {
            var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(text, "my-pack.json"));
            Assert.StartsWith("my-pack.json: ", error.Message);
            return error.Message;
        }

        [Fact]
        public void A_Minimal_File_Is_Enough_And_Fills_In_The_Defaults()
        {
            var scenario = ScenarioLoader.Parse(Minimal, "my-pack.json");

            Assert.Equal(1, scenario.Seed);
            Assert.Equal(2600, scenario.Pack.CellCapacityMilliampereHours);
            Assert.Equal(22, scenario.Ambient[0].Celsius);
            Assert.Empty(scenario.Commands);
        }

        [Fact]
        public void Comments_And_Trailing_Commas_Are_Allowed()
        {
            ScenarioLoader.Parse("// a note\n" + Minimal.Replace("\"group\": 2 }", "\"group\": 2, }"), "my-pack.json");
        }

        [Fact]
        public void Broken_Json_Names_Where_It_Broke()
        {
            var message = ErrorOf(Minimal.Replace("\"series\": 10", "\"series\": 1O"));

            Assert.Contains("pack.series: not valid JSON here", message);
        }

        [Fact]
        public void A_Missing_Required_Field_Is_Named()
        {
            var message = ErrorOf("{ \"name\": \"x\", \"channels\": [ { \"group\": 1 } ] }");

            Assert.Contains("expected the field(s) 'pack'", message);
        }

        [Fact]
        public void A_Misspelt_Field_Is_Named()
        {
            var message = ErrorOf(Minimal.Replace("\"parallel\"", "\"paralel\""));

            Assert.Contains("pack.paralel", message);
            Assert.Contains("not a field this format knows", message);
        }

        [Fact]
        public void A_Value_Of_The_Wrong_Type_Says_What_Was_Expected()
        {
            var message = ErrorOf(Minimal.Replace("\"series\": 10", "\"series\": \"ten\""));

            Assert.Contains("pack.series: expected an integer", message);
        }

        [Fact]
        public void An_Unknown_Fault_Kind_Lists_The_Known_Ones()
        {
            var message = ErrorOf(Minimal.Replace("\"channels\"", "\"faults\": [ { \"atMinutes\": 1, \"kind\": \"meltdown\" } ], \"channels\""));

            Assert.Contains("faults[0].kind: expected one of sensorNoAcknowledge, ntcOpen", message);
        }

        [Fact]
        public void A_Group_Outside_The_Pack_Is_Refused_With_The_Range()
        {
            var message = ErrorOf(Minimal.Replace("\"group\": 2", "\"group\": 12"));

            Assert.Contains("channels[0].group: expected a group number 1–10, got 12", message);
        }

        [Fact]
        public void A_Clip_Spanning_Past_The_Last_Group_Is_Refused()
        {
            var message = ErrorOf(Minimal.Replace("\"group\": 2 }", "\"group\": 9, \"spansGroups\": 3 }"));

            Assert.Contains("channels[0].spansGroups", message);
        }

        [Fact]
        public void A_Channel_Fault_Without_A_Channel_Is_Refused()
        {
            var message = ErrorOf(Minimal.Replace("\"channels\"", "\"faults\": [ { \"atMinutes\": 1, \"kind\": \"ntcOpen\" } ], \"channels\""));

            Assert.Contains("faults[0].channel: expected a channel 0–0 for ntcOpen, got none", message);
        }

        [Fact]
        public void An_Unknown_Setting_And_An_Out_Of_Range_One_Are_Both_Named()
        {
            var message = ErrorOf(Minimal.Replace("\"channels\"", "\"settings\": { \"Tolerance\": 5, \"OverVoltageMillivolts\": 4400 }, \"channels\""));

            Assert.Contains("settings.Tolerance: expected a setting name", message);
            Assert.Contains("settings.OverVoltageMillivolts: expected 4210–4300, got 4400", message);
        }

        [Fact]
        public void A_Group_Given_Both_A_Charge_And_A_Voltage_Is_Refused()
        {
            var message = ErrorOf(Minimal.Replace("\"parallel\": 3 }", "\"parallel\": 3, \"groups\": [ { \"group\": 1, \"socPercent\": 50, \"ocvMillivolts\": 3800 } ] }"));

            Assert.Contains("pack.groups[0]: expected one of socPercent or ocvMillivolts, got both", message);
        }

        [Fact]
        public void Settings_The_Firmware_Refuses_Together_Are_Reported_When_The_Run_Is_Built()
        {
            var scenario = ScenarioLoader.Parse(Minimal.Replace("\"channels\"", "\"settings\": { \"CellColdResumeDeciCelsius\": 40 }, \"channels\""), "my-pack.json");

            var error = Assert.Throws<ScenarioException>(() => new Simulation(scenario));

            Assert.Contains("settings.CellColdResumeDeciCelsius", error.Message);
            Assert.Contains("CellColdPauseDeciCelsius", error.Message);
        }

        [Fact]
        public void A_Missing_File_Is_Named()
        {
            var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-scenario.json")));

            Assert.Contains("no-such-scenario.json: cannot be read", error.Message);
        }
    }
}
