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
        /// <summary>Runs the simulator's command line with the console captured.</summary>
        internal static (int Exit, string Out, string Error) Run(params string[] args)
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
            foreach (var file in new[] { "report.md", "report.json", "events.csv", "timeseries.csv", "plot.svg", "recovery.log" })
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
        public void A_Sweep_Session_Is_Written_As_A_Scenario_File_And_Run_Like_One()
        {
            var folder = Directory.CreateTempSubdirectory("balancer-cli").FullName;

            var (exit, output, _) = Run("sweep", "--seed", "1", "--session", "7", "--out", folder);

            Assert.Equal(Program.ExitOk, exit);
            Assert.Contains("Scenario: sweep 1/7", output);
            var replayed = Balancer.Simulator.Scenarios.ScenarioLoader.Load(Path.Combine(folder, "scenario.json"));
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Balancer.Simulator.Sweep.SweepPlan.Session(1, 7)), System.Text.Json.JsonSerializer.Serialize(replayed));
            Assert.True(new FileInfo(Path.Combine(folder, "report.md")).Length > 100);
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

        [Theory]
        [InlineData("no arguments", new string[0], "")]
        [InlineData("an unknown command", new[] { "fly" }, "fly")]
        [InlineData("an unknown option", new[] { "run", "cold-garage", "--fast" }, "--fast")]
        [InlineData("a missing value", new[] { "run", "cold-garage", "--out" }, "--out")]
        [InlineData("a speed that is not a number", new[] { "run", "cold-garage", "--speed", "abc" }, "abc")]
        [InlineData("a speed of NaN", new[] { "run", "cold-garage", "--speed", "NaN" }, "--speed")]
        [InlineData("an infinite speed", new[] { "run", "cold-garage", "--speed", "Infinity" }, "--speed")]
        [InlineData("an empty scenario name", new[] { "check", "" }, "expected a scenario file")]
        [InlineData("a path that does not exist, named like a bundled scenario", new[] { "check", "/no/such/dir/cold-garage.json" }, "/no/such/dir/cold-garage.json: cannot be read")]
        [InlineData("a name that is no bundled scenario", new[] { "run", "no-such-scenario" }, "no bundled scenario of that name")]
        [InlineData("a sweep of no packs", new[] { "sweep", "--packs", "0" }, "--packs")]
        [InlineData("a negative sweep session", new[] { "sweep", "--session", "-1" }, "--session")]
        [InlineData("a port beyond 65535", new[] { "serve", "--port", "70000" }, "--port")]
        [InlineData("a serve speed of zero", new[] { "serve", "--speed", "0" }, "--speed")]
        [InlineData("a token too short to guess at", new[] { "serve", "--token", "abc" }, "--token")]
        public void A_Usage_Error_Exits_2_With_An_Error_Line_And_No_Stack_Trace(string what, string[] args, string mentions)
        {
            var (exit, output, error) = Run(args);

            Assert.True(exit == Program.ExitUsage, $"{what}: exit {exit}");
            Assert.StartsWith("error: ", error);
            Assert.Contains(mentions, error);
            Assert.DoesNotContain("   at ", error + output);
        }

        [Fact]
        public void An_Output_Folder_That_Is_A_File_Is_Refused_Before_The_Run()
        {
            var file = Path.GetTempFileName();

            var (exit, output, error) = Run("run", "cold-garage", "--out", file);

            Assert.Equal(Program.ExitUsage, exit);
            Assert.Contains("--out: cannot write to", error);
            Assert.DoesNotContain("Simulated", output);
        }
    }
}
