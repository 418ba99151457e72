// SPDX-License-Identifier: MIT

using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Balancer.Simulator;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary><c>report</c>: a recovery log in the device's format, as every run writes it, read back on the host.</summary>
    [Collection("Console")]
    public class LogReportCommandTests
    {
        [Fact]
        public void A_Runs_Log_Reads_Back_As_The_Interrupted_Session_And_The_One_After_It()
        {
            var folder = Directory.CreateTempSubdirectory("balancer-log").FullName;
            Assert.Equal(Program.ExitOk, Run("run", "power-loss-reboot", "--out", folder).Exit);
            var log = Path.Combine(folder, "recovery.log");

            var (exit, text, _) = Run("report", log);

            Assert.Equal(Program.ExitOk, exit);
            Assert.Contains("2 sessions, 2 boots", text);
            Assert.Contains("interrupted by a power loss or restart", text);
            Assert.Equal(2, text.Split('\n').Count(l => l.Contains("Interrupted in Charging", StringComparison.Ordinal)));
            Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("| OK |", StringComparison.Ordinal)));

            // The JSON holds both sessions' lines; the first session's mAh are those the simulator's report gave at the reboot.
            using var json = JsonDocument.Parse(Run("report", log, "--format", "json").Out);
            var sessions = json.RootElement.GetProperty("sessions");
            Assert.Equal(new[] { "Interrupted", "Ended" }, sessions.EnumerateArray().Select(s => s.GetProperty("ending").GetString()));
            var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "report.json"))).RootElement.GetProperty("interrupted");
            Assert.Equal(
                report.EnumerateArray().Select(l => l.GetProperty("loggedMilliampereHours").GetInt32()),
                sessions[0].GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("deliveredMilliampereHours").GetInt32()));

            var csv = Run("report", log, "--format", "csv").Out.TrimEnd('\n').Split('\n');
            Assert.Equal("sequence,time_ms,type,channel,text", csv[0]);
            Assert.Equal(json.RootElement.GetProperty("records").GetArrayLength(), csv.Length - 1);
            Directory.Delete(folder, true);
        }

        [Fact]
        public void A_Damaged_Log_Keeps_Every_Whole_Record_And_Says_What_It_Stepped_Over()
        {
            var folder = Directory.CreateTempSubdirectory("balancer-log").FullName;
            Run("run", "power-loss-reboot", "--out", folder);
            var log = Path.Combine(folder, "recovery.log");
            var bytes = File.ReadAllBytes(log);
            var records = JsonDocument.Parse(Run("report", log, "--format", "json").Out).RootElement.GetProperty("records").GetArrayLength();
            bytes[bytes.Length / 2] ^= 0x20;
            File.WriteAllBytes(log, bytes.Concat(new byte[] { 0xB7, 5, 40 }).ToArray()); // and a torn last write

            var (exit, text, _) = Run("report", log);
            using var json = JsonDocument.Parse(Run("report", log, "--format", "json").Out);

            Assert.Equal(Program.ExitOk, exit);
            Assert.Contains("Damage: 1 corrupt record stepped over, 3 bytes of a torn last write dropped", text);
            Assert.Equal(records - 1, json.RootElement.GetProperty("records").GetArrayLength());
            Directory.Delete(folder, true);
        }

        [Fact]
        public void A_File_That_Is_Not_A_Log_Or_Is_Not_There_Is_Refused_With_Exit_2()
        {
            var path = Path.Combine(Directory.CreateTempSubdirectory("balancer-log").FullName, "notes.txt");
            File.WriteAllText(path, "not a log at all");

            var garbage = Run("report", path);
            var missing = Run("report", path + ".missing");
            var format = Run("report", path, "--format", "xml");

            Assert.Equal(Program.ExitUsage, garbage.Exit);
            Assert.Contains("no whole record in 16 bytes: not a recovery log", garbage.Error);
            Assert.Equal(Program.ExitUsage, missing.Exit);
            Assert.Contains("cannot be read", missing.Error);
            Assert.Equal(Program.ExitUsage, format.Exit);
            Assert.Contains("--format: expected text, json or csv", format.Error);
        }

        private static (int Exit, string Out, string Error) Run(params string[] args) => CommandLineTests.Run(args);
    }
}
