// SPDX-License-Identifier: MIT

using System;
using System.IO;
using Balancer.Simulator;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>The simulator's command line, without a terminal: plain lines, files written, exit codes that mean something.</summary>
    [Collection("Console")]
    public class CommandLineTests
    {
        private static (int Exit, string Out, string Error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var (oldOut, oldError) = (Console.Out, Console.Error);
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                return (Program.Main(args), output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }

        [Fact]
        public void Run_Writes_Every_File_And_Exits_1_When_The_Session_Ended_With_Faults()
        {
            var folder = Directory.CreateTempSubdirectory("balancer-cli").FullName;

            var (exit, output, _) = Run("run", "reversed-clip", "--out", folder);

            Assert.Equal(Program.ExitFaults, exit);
            foreach (var file in new[] { "report.md", "report.json", "events.csv", "timeseries.csv", "plot.svg" })
            {
                Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 100, file);
            }

            Assert.Contains("# Morning report: Reversed clip", output);
            Assert.Contains("No cell, reversed clip or flat group", File.ReadAllText(Path.Combine(folder, "report.md")));
            Assert.Contains("<polyline", File.ReadAllText(Path.Combine(folder, "plot.svg")));
            Assert.DoesNotContain("\u001b[", output); // no terminal: plain lines, no escape codes
            Directory.Delete(folder, true);
        }

        [Fact]
        public void Run_Exits_0_When_The_Session_Ended_Without_Faults()
        {
            var folder = Directory.CreateTempSubdirectory("balancer-cli").FullName;

            var (exit, output, _) = Run("run", "deep-discharge-recovers", "--out", folder);

            Assert.Equal(Program.ExitOk, exit);
            Assert.Contains("The session ended without faults.", output);
            Directory.Delete(folder, true);
        }

        [Fact]
        public void A_Broken_Scenario_Exits_2_With_The_File_And_Field_Named()
        {
            var file = Path.Combine(Directory.CreateTempSubdirectory("balancer-cli").FullName, "broken.json");
            File.WriteAllText(file, "{ \"name\": \"x\", \"pack\": { \"series\": 10, \"parallel\": 3 }, \"channels\": [ { \"group\": 11 } ] }");

            var (exit, _, error) = Run("run", file);

            Assert.Equal(Program.ExitUsage, exit);
            Assert.Contains("broken.json", error);
            Assert.Contains("channels[0].group: expected a group number 1–10, got 11", error);
        }

        [Fact]
        public void List_Names_Every_Bundled_Scenario_And_Check_Validates_One()
        {
            var (exit, output, _) = Run("list");
            Assert.Equal(0, exit);
            Assert.Contains(Program.DefaultScenario, output);
            Assert.Contains("Power loss and reboot mid-session", output);

            var (checkExit, checkOutput, _) = Run("check", "cold-garage");
            Assert.Equal(0, checkExit);
            Assert.Contains("valid (1 channels, 10S3P, seed 8)", checkOutput);
        }

        [Fact]
        public void A_Negative_Speed_Is_Refused()
        {
            var (exit, _, error) = Run("run", "cold-garage", "--speed", "-3");

            Assert.Equal(Program.ExitUsage, exit);
            Assert.Contains("--speed", error);
        }
    }
}
