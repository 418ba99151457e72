// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Balancer.Simulator;
using Balancer.Simulator.Scenarios;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>
    /// Scenario files as a hostile user writes them: every one gets one error naming the file, the field and what was
    /// expected, before any simulation starts; nothing gets a stack trace.
    /// </summary>
    public class HostileInputTests
    {
        private const string Base = """
            {
              "name": "hostile",
              "pack": { "series": 10, "parallel": 3, "groups": [ { "group": 2, "ocvMillivolts": 3800 } ] },
              "ambient": [ { "atHours": 0, "celsius": 20 } ],
              "channels": [ { "group": 2, "sensor": { "busGainPpm": 100 } }, { "group": 5, "mode": "monitor" } ],
              "settings": { "TargetMode": "MatchReference", "ReferenceChannel": 1 },
              "faults": [ { "atMinutes": 5, "kind": "supplySag", "millivolts": 10000, "forMinutes": 1 } ],
              "commands": [ { "atMinutes": 0, "command": "start" } ]
            }
            """;

        public static TheoryData<string, string, string, string> Cases() => new()
        {
            { "null pack", "\"pack\": {", "\"pack\": null, \"x\": {", "pack: expected a value, got null" },
            { "null channels", "\"channels\": [", "\"channels\": null, \"y\": [", "channels: expected a value, got null" },
            { "null ambient", "\"ambient\": [ { \"atHours\": 0, \"celsius\": 20 } ]", "\"ambient\": null", "ambient: expected a value, got null" },
            { "null settings", "\"settings\": { \"TargetMode\": \"MatchReference\", \"ReferenceChannel\": 1 }", "\"settings\": null", "settings: expected a value, got null" },
            { "null faults", "\"faults\": [ { \"atMinutes\": 5, \"kind\": \"supplySag\", \"millivolts\": 10000, \"forMinutes\": 1 } ]", "\"faults\": null", "faults: expected a value, got null" },
            { "null commands", "\"commands\": [ { \"atMinutes\": 0, \"command\": \"start\" } ]", "\"commands\": null", "commands: expected a value, got null" },
            { "null pack.groups", "\"groups\": [ { \"group\": 2, \"ocvMillivolts\": 3800 } ]", "\"groups\": null", "pack.groups: expected a value, got null" },
            { "null sensor", "\"sensor\": { \"busGainPpm\": 100 }", "\"sensor\": null", "channels[0].sensor: expected a value, got null" },
            { "null list element", "{ \"group\": 5, \"mode\": \"monitor\" }", "null", "channels[1]: expected a value, got null" },
            { "null name", "\"name\": \"hostile\"", "\"name\": null", "name: expected a value, got null" },
            { "empty name", "\"name\": \"hostile\"", "\"name\": \" \"", "name: expected a title of 1–200 characters" },
            { "smallest int bus gain", "\"busGainPpm\": 100", "\"busGainPpm\": -2147483648", "channels[0].sensor.busGainPpm: expected ±50000 ppm, got -2147483648" },
            { "fault at 1e15 minutes", "\"atMinutes\": 5", "\"atMinutes\": 1e15", "faults[0].atMinutes: expected a time within the session, 0–1440 min" },
            { "fault at 1e309 minutes", "\"atMinutes\": 5", "\"atMinutes\": 1e309", "faults[0].atMinutes: expected a number a double can hold, got 1e309" },
            { "command at 1e15 minutes", "\"atMinutes\": 0", "\"atMinutes\": 1e15", "commands[0].atMinutes: expected a time within the session" },
            { "reference beyond the channels", "\"ReferenceChannel\": 1", "\"ReferenceChannel\": 7", "settings.ReferenceChannel: expected a channel of this scenario, 0–1, got 7" },
            { "spans the largest int", "\"group\": 2, \"sensor\"", "\"group\": 2, \"spansGroups\": 2147483647, \"sensor\"", "channels[0].spansGroups: expected 1 to 9 groups from group 2" },
            { "ambient at 1e308 h", "\"atHours\": 0, \"celsius\": 20 }", "\"atHours\": 0, \"celsius\": 20 }, { \"atHours\": 1e308, \"celsius\": 30 }", "ambient[1].atHours: expected 0–72 h" },
            { "ambient before the start", "\"atHours\": 0,", "\"atHours\": -1e308,", "ambient[0].atHours: expected 0–72 h" },
            { "duplicate key", "\"parallel\": 3,", "\"parallel\": 3, \"parallel\": 4,", "pack.parallel: given twice, expected once" },
            { "setting named by its number", "\"ReferenceChannel\": 1", "\"ReferenceChannel\": 1, \"3\": 4000", "settings.3: expected a setting name" },
            { "setting name with spaces", "\"ReferenceChannel\": 1", "\"ReferenceChannel\": 1, \" HoldEnabled \": 1", "settings. HoldEnabled : expected a setting name" },
            { "supply sag on a channel", "\"kind\": \"supplySag\",", "\"kind\": \"supplySag\", \"channel\": 99,", "faults[0].channel: expected none: supplySag is a fault of the whole adapter, got 99" },
            { "reboot on a channel", "\"kind\": \"supplySag\", \"millivolts\": 10000,", "\"kind\": \"reboot\", \"channel\": 99,", "faults[0].channel: expected none: reboot is a fault of the whole adapter, got 99" },
            { "text for a number names the type", "\"ocvMillivolts\": 3800", "\"ocvMillivolts\": \"high\"", "pack.groups[0].ocvMillivolts: expected a number" },
            { "OCV above the curve", "\"ocvMillivolts\": 3800", "\"ocvMillivolts\": 4400", "pack.groups[0].ocvMillivolts: expected 1000–4350 mV" },
            { "null calibration", "\"name\": \"hostile\",", "\"name\": \"hostile\", \"calibration\": null,", "calibration: expected a value, got null" },
            { "calibration on a dead cell", "\"name\": \"hostile\",", "\"name\": \"hostile\", \"calibration\": { \"referenceMillivolts\": 1200 },", "calibration.referenceMillivolts: expected 2500–4300 mV (a Li-ion cell at rest), got 1200" },
            { "set command with an out-of-range value", "\"command\": \"start\" }", "\"command\": \"set\", \"setting\": \"ToleranceMillivolts\", \"value\": 99999 }", "commands[0].value: expected" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void A_Hostile_Scenario_Gets_One_Error_Naming_The_File_The_Field_And_What_Was_Expected(string what, string find, string replace, string expected)
        {
            Assert.Contains(find, Base);
            var text = Base.Replace(find, replace);

            var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(text, "hostile.json"));

            Assert.StartsWith("hostile.json: ", error.Message);
            Assert.Contains(expected, error.Message);
            Assert.DoesNotContain("System.", error.Message);
            Assert.DoesNotContain("Nullable", error.Message);
            Assert.False(string.IsNullOrEmpty(what));
        }

        [Fact]
        public void The_Base_Of_These_Cases_Is_Itself_Valid()
        {
            var scenario = ScenarioLoader.Parse(Base, "hostile.json");

            _ = new Simulation(scenario);
        }

        /// <summary>
        /// Thousands of random mutations of every bundled scenario: each is either refused with a ScenarioException that
        /// names the file, or valid, and then a simulation builds and runs its first minute without an exception.
        /// </summary>
        [Fact]
        public void Random_Mutations_Of_The_Bundled_Scenarios_Are_Refused_Cleanly_Or_Run()
        {
            const int MutationsPerFile = 250;
            var random = new Random(20_261_125);
            var refused = 0;
            var ran = 0;
            foreach (var file in Directory.GetFiles(Program.BundledFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                var original = File.ReadAllText(file);
                for (var i = 0; i < MutationsPerFile; i++)
                {
                    var text = Mutate(original, random, 1 + random.Next(3));
                    Scenario scenario;
                    try
                    {
                        scenario = ScenarioLoader.Parse(text, "fuzz.json");
                    }
                    catch (ScenarioException e)
                    {
                        Assert.StartsWith("fuzz.json: ", e.Message);
                        Assert.DoesNotContain("   at ", e.Message);
                        refused++;
                        continue;
                    }

                    var simulation = new Simulation(scenario);
                    for (var step = 0; step < 600 && !simulation.IsFinished; step++)
                    {
                        simulation.Step();
                    }

                    ran++;
                }
            }

            Assert.True(refused > 1_000, $"only {refused} mutations were refused");
            Assert.True(ran > 100, $"only {ran} mutations were valid and ran");
        }

        private static readonly string[] Replacements =
        {
            "null", "0", "-1", "1e15", "1e309", "-1e308", "2147483647", "-2147483648", "0.5", "\"\"", "\"x\"", "[]", "{}", "true", "[null]", "{\"a\": 1}",
        };

        private static string Mutate(string text, Random random, int count)
        {
            for (var n = 0; n < count; n++)
            {
                var values = Regex.Matches(text, "(?<=[:\\[,]\\s*)(-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|\"[^\"]*\"|true|false)").ToList();
                var keys = Regex.Matches(text, "\"[A-Za-z]+\"(?=\\s*:)").ToList();
                switch (random.Next(5))
                {
                    case 0 when values.Count > 0:
                        var v = values[random.Next(values.Count)];
                        text = text[..v.Index] + Replacements[random.Next(Replacements.Length)] + text[(v.Index + v.Length)..];
                        break;
                    case 1 when keys.Count > 0:
                        var k = keys[random.Next(keys.Count)];
                        text = text[..(k.Index + 1)] + (random.Next(2) == 0 ? " " : "X") + text[(k.Index + 1)..];
                        break;
                    case 2 when keys.Count > 0:
                        var d = keys[random.Next(keys.Count)];
                        var end = text.IndexOfAny(new[] { ',', '}' }, d.Index + d.Length);
                        if (end > 0)
                        {
                            text = text[..end] + ", " + text[d.Index..end] + text[end..];
                        }

                        break;
                    case 3:
                        var at = random.Next(text.Length);
                        text = text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(8)));
                        break;
                    default:
                        if (values.Count > 0)
                        {
                            var w = values[random.Next(values.Count)];
                            text = text[..w.Index] + (random.Next(2) == 0 ? "-" : "9") + text[w.Index..];
                        }

                        break;
                }
            }

            return text;
        }
    }
}
