// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Balancer.Core.Settings;
using Balancer.Simulator.Physics;

namespace Balancer.Simulator.Scenarios
{
    /// <summary>A scenario file that cannot be used: the message names the file, the field and what was expected.</summary>
    public sealed class ScenarioException : Exception
    {
        /// <summary>Creates the error.</summary>
        public ScenarioException(string message)
            : base(message)
        {
        }
    }

    /// <summary>Reads and checks scenario files.</summary>
    public static class ScenarioLoader
    {
        private static readonly JsonSerializerOptions Options = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        };

        /// <summary>A scenario as a file <see cref="Load"/> reads back: what a sweep's session is replayed from.</summary>
        public static string Serialize(Scenario scenario) =>
            JsonSerializer.Serialize(scenario, new JsonSerializerOptions(Options)
            {
                WriteIndented = true,
                DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            });

        /// <summary>Reads a file; every problem becomes a <see cref="ScenarioException"/> naming the file and the field.</summary>
        public static Scenario Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ScenarioException($"{path}: cannot be read: {e.Message}");
            }

            return Parse(text, path);
        }

        /// <summary>Parses scenario text; <paramref name="source"/> names it in errors.</summary>
        public static Scenario Parse(string text, string source)
        {
            var shape = ShapeProblem(text);
            if (shape != null)
            {
                throw new ScenarioException($"{source}: {shape}");
            }

            Scenario scenario;
            try
            {
                scenario = JsonSerializer.Deserialize<Scenario>(text, Options);
            }
            catch (JsonException e)
            {
                throw new ScenarioException($"{source}: {Field(e.Path)}: {Explain(e)}");
            }

            if (scenario == null)
            {
                throw new ScenarioException($"{source}: the file holds no scenario (expected a JSON object)");
            }

            var problems = Validate(scenario);
            if (problems.Count > 0)
            {
                throw new ScenarioException($"{source}: {string.Join("; ", problems)}");
            }

            return scenario;
        }

        /// <summary>
        /// What the format's shape forbids before any field is read: a null anywhere (no field means "nothing"), a key
        /// given twice in one object, a number too large to hold. Null when the text has none of these (or is not JSON,
        /// which the deserialiser then names).
        /// </summary>
        private static string ShapeProblem(string text)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException)
            {
                return null;
            }

            using (document)
            {
                return Walk(document.RootElement, string.Empty);
            }
        }

        private static string Walk(JsonElement element, string path)
        {
            var field = path.Length == 0 ? "the file" : path;
            switch (element.ValueKind)
            {
                case JsonValueKind.Null:
                    return $"{field}: expected a value, got null (leave the field out for its default)";
                case JsonValueKind.Number:
                    return element.TryGetDouble(out var number) && double.IsFinite(number) ? null : $"{field}: expected a number a double can hold, got {element.GetRawText()}";
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        var problem = Walk(item, $"{path}[{index++}]");
                        if (problem != null)
                        {
                            return problem;
                        }
                    }

                    return null;
                case JsonValueKind.Object:
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var property in element.EnumerateObject())
                    {
                        var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                        if (!seen.Add(property.Name))
                        {
                            return $"{at}: given twice, expected once";
                        }

                        var problem = Walk(property.Value, at);
                        if (problem != null)
                        {
                            return problem;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>Every problem with a parsed scenario, each as "field: expected …, got …".</summary>
        public static List<string> Validate(Scenario s)
        {
            var problems = new List<string>();
            void Expect(bool ok, string field, string expected, object got)
            {
                if (!ok)
                {
                    problems.Add($"{field}: expected {expected}, got {got}");
                }
            }

            Expect(!string.IsNullOrWhiteSpace(s.Name) && s.Name.Length <= 200, "name", "a title of 1–200 characters", s.Name?.Length > 200 ? "a longer one" : "an empty one");
            Expect(s.DurationHours > 0 && s.DurationHours <= 72, "durationHours", "0–72 h", s.DurationHours);
            var lastMinute = Math.Clamp(s.DurationHours, 0, 72) * 60;
            var pack = s.Pack;
            Expect(pack.Series >= 1 && pack.Series <= 16, "pack.series", "1–16 groups", pack.Series);
            Expect(pack.Parallel >= 1 && pack.Parallel <= 10, "pack.parallel", "1–10 cells", pack.Parallel);
            Expect(pack.CellCapacityMilliampereHours >= 200 && pack.CellCapacityMilliampereHours <= 6000, "pack.cellCapacityMilliampereHours", "200–6000 mAh", pack.CellCapacityMilliampereHours);
            Expect(pack.CellResistanceMilliohms > 0 && pack.CellResistanceMilliohms <= 1000, "pack.cellResistanceMilliohms", "0–1000 mΩ", pack.CellResistanceMilliohms);
            ExpectBranches(pack.Relaxation, "pack.relaxation", problems);
            Expect(pack.CellHeatCapacityJoulesPerKelvin > 0, "pack.cellHeatCapacityJoulesPerKelvin", "a positive number", pack.CellHeatCapacityJoulesPerKelvin);
            Expect(pack.CellCoolingWattsPerKelvin > 0, "pack.cellCoolingWattsPerKelvin", "a positive number", pack.CellCoolingWattsPerKelvin);
            Expect(pack.SocPercent >= 0 && pack.SocPercent <= 100, "pack.socPercent", "0–100 %", pack.SocPercent);
            for (var i = 0; i < pack.Groups.Count; i++)
            {
                var g = pack.Groups[i];
                var at = $"pack.groups[{i}]";
                Expect(g.Group >= 1 && g.Group <= pack.Series, at + ".group", $"a group number 1–{pack.Series}", g.Group);
                Expect(g.SocPercent.HasValue != g.OcvMillivolts.HasValue, at, "one of socPercent or ocvMillivolts", g.SocPercent.HasValue ? "both" : "neither");
                Expect(g.SocPercent is null || (g.SocPercent >= 0 && g.SocPercent <= OcvCurve.MaximumSocPercent), at + ".socPercent", $"0–{OcvCurve.MaximumSocPercent} % (the cell curve's range)", g.SocPercent);
                Expect(g.OcvMillivolts is null || (g.OcvMillivolts >= OcvCurve.MinimumMillivolts && g.OcvMillivolts <= OcvCurve.MaximumMillivolts), at + ".ocvMillivolts", $"{OcvCurve.MinimumMillivolts}–{OcvCurve.MaximumMillivolts} mV (the cell curve's range)", g.OcvMillivolts);
                if (g.Relaxation != null)
                {
                    ExpectBranches(g.Relaxation, at + ".relaxation", problems);
                }

                Expect(g.CapacityPercent > 0 && g.CapacityPercent <= 150, at + ".capacityPercent", "0–150 %", g.CapacityPercent);
                Expect(g.ResistancePercent > 0 && g.ResistancePercent <= 2000, at + ".resistancePercent", "0–2000 %", g.ResistancePercent);
                Expect(g.LeakMilliamperes >= 0 && g.LeakMilliamperes <= 2000, at + ".leakMilliamperes", "0–2000 mA", g.LeakMilliamperes);
            }

            foreach (var duplicate in pack.Groups.GroupBy(g => g.Group).Where(d => d.Count() > 1))
            {
                problems.Add($"pack.groups: group {duplicate.Key} is listed {duplicate.Count()} times, expected once");
            }

            Expect(s.Calibration is not null, "calibration", "an object", null);
            if (s.Calibration is not null)
            {
                Expect(s.Calibration.ReferenceMillivolts >= 2_500 && s.Calibration.ReferenceMillivolts <= 4_300, "calibration.referenceMillivolts", "2500–4300 mV (a Li-ion cell at rest)", s.Calibration.ReferenceMillivolts);
                Expect(s.Calibration.MeterErrorMillivolts is null || Math.Abs(s.Calibration.MeterErrorMillivolts.Value) <= 50, "calibration.meterErrorMillivolts", "±50 mV", s.Calibration.MeterErrorMillivolts);
                Expect(s.Calibration.Seconds >= 2 && s.Calibration.Seconds <= 3_600, "calibration.seconds", "2–3600 s", s.Calibration.Seconds);
            }

            Expect(s.Adc.VrefMillivolts is null || (s.Adc.VrefMillivolts >= 900 && s.Adc.VrefMillivolts <= 1300), "adc.vrefMillivolts", "900–1300 mV", s.Adc.VrefMillivolts);
            Expect(s.Adc.OffsetMillivolts is null || (s.Adc.OffsetMillivolts >= -200 && s.Adc.OffsetMillivolts <= 200), "adc.offsetMillivolts", "±200 mV", s.Adc.OffsetMillivolts);
            Expect(s.Adc.NoiseCodes is null || (s.Adc.NoiseCodes >= 0 && s.Adc.NoiseCodes <= 200), "adc.noiseCodes", "0–200 codes", s.Adc.NoiseCodes);
            Expect(s.Ambient.Count > 0, "ambient", "at least one point", "none");
            for (var i = 0; i < s.Ambient.Count; i++)
            {
                Expect(s.Ambient[i].Celsius >= -30 && s.Ambient[i].Celsius <= 60, $"ambient[{i}].celsius", "−30–60 °C", s.Ambient[i].Celsius);
                Expect(s.Ambient[i].AtHours >= 0 && s.Ambient[i].AtHours <= 72, $"ambient[{i}].atHours", "0–72 h", s.Ambient[i].AtHours);
                Expect(i == 0 || s.Ambient[i].AtHours > s.Ambient[i - 1].AtHours, $"ambient[{i}].atHours", "a time after the previous point", s.Ambient[i].AtHours);
            }

            Expect(s.Channels.Count >= 1 && s.Channels.Count <= 16, "channels", "1–16 channels", s.Channels.Count);
            for (var i = 0; i < s.Channels.Count; i++)
            {
                var c = s.Channels[i];
                var at = $"channels[{i}]";
                Expect(c.Group >= 1 && c.Group <= pack.Series, at + ".group", $"a group number 1–{pack.Series}", c.Group);
                Expect(c.SpansGroups >= 1 && c.SpansGroups <= 16 && (long)c.Group + c.SpansGroups - 1 <= pack.Series, at + ".spansGroups", $"1 to {Math.Max(1, pack.Series - c.Group + 1)} groups from group {c.Group}", c.SpansGroups);
                Expect(c.ClipMilliohms >= 0 && c.ClipMilliohms <= 10_000, at + ".clipMilliohms", "0–10000 mΩ", c.ClipMilliohms);
                Expect(c.ChargerCurrentPercent is null or (>= 10 and <= 150), at + ".chargerCurrentPercent", "10–150 %", c.ChargerCurrentPercent);
                Expect(c.ChargerCvMillivolts is null or (>= 3500 and <= 4400), at + ".chargerCvMillivolts", "3500–4400 mV", c.ChargerCvMillivolts);
                Expect(c.ChargerDieKelvinPerWatt is null or (>= 5 and <= 300), at + ".chargerDieKelvinPerWatt", "5–300 K/W", c.ChargerDieKelvinPerWatt);
                var sensor = c.Sensor;
                Expect(sensor.BusGainPpm is null or (>= -50_000 and <= 50_000), at + ".sensor.busGainPpm", "±50000 ppm", sensor.BusGainPpm);
                Expect(sensor.ShuntGainPpm is null or (>= -50_000 and <= 50_000), at + ".sensor.shuntGainPpm", "±50000 ppm", sensor.ShuntGainPpm);
                Expect(sensor.BusOffsetMicrovolts is null or (>= -100_000 and <= 100_000), at + ".sensor.busOffsetMicrovolts", "±100000 µV", sensor.BusOffsetMicrovolts);
                Expect(sensor.ShuntOffsetNanovolts is null or (>= -1_000_000 and <= 1_000_000), at + ".sensor.shuntOffsetNanovolts", "±1000000 nV", sensor.ShuntOffsetNanovolts);
                Expect(sensor.BusNoiseMicrovolts is null or (>= 0 and <= 100_000), at + ".sensor.busNoiseMicrovolts", "0–100000 µV", sensor.BusNoiseMicrovolts);
                Expect(sensor.ShuntNoiseNanovolts is null or (>= 0 and <= 1_000_000), at + ".sensor.shuntNoiseNanovolts", "0–1000000 nV", sensor.ShuntNoiseNanovolts);
                Expect(Math.Abs(c.NtcTolerancePercent) <= 20, at + ".ntcTolerancePercent", "±20 %", c.NtcTolerancePercent);
            }

            for (var i = 0; i < s.Faults.Count; i++)
            {
                var f = s.Faults[i];
                var at = $"faults[{i}]";
                Expect(f.AtMinutes >= 0 && f.AtMinutes <= lastMinute, at + ".atMinutes", $"a time within the session, 0–{lastMinute} min", f.AtMinutes);
                Expect(f.ForMinutes is null || (f.ForMinutes > 0 && f.ForMinutes <= 72 * 60), at + ".forMinutes", "a duration of 0–4320 min", f.ForMinutes);
                var perChannel = f.Kind is not (FaultKind.SupplySag or FaultKind.Reboot);
                Expect(!perChannel || (f.Channel >= 0 && f.Channel < s.Channels.Count), at + ".channel", $"a channel 0–{s.Channels.Count - 1} for {Camel(f.Kind)}", f.Channel?.ToString() ?? "none");
                Expect(perChannel || f.Channel is null, at + ".channel", $"none: {Camel(f.Kind)} is a fault of the whole adapter", f.Channel);
                Expect(f.Kind != FaultKind.ClipSlip || (f.Milliohms > 0 && f.Milliohms <= 100_000), at + ".milliohms", "the slipped clip's resistance, 0–100000 mΩ", f.Milliohms?.ToString() ?? "none");
                Expect(f.Kind != FaultKind.SupplySag || f.Millivolts is >= 0 and <= 15_000, at + ".millivolts", "the sagged supply, 0–15000 mV", f.Millivolts?.ToString() ?? "none");
                Expect(f.OffSeconds > 0 && f.OffSeconds <= 3600, at + ".offSeconds", "0–3600 s", f.OffSeconds);
            }

            for (var i = 0; i < s.Commands.Count; i++)
            {
                var c = s.Commands[i];
                var at = $"commands[{i}]";
                Expect(c.AtMinutes >= 0 && c.AtMinutes <= lastMinute, at + ".atMinutes", $"a time within the session, 0–{lastMinute} min", c.AtMinutes);
                Expect(c.Channel is null || (c.Channel >= 0 && c.Channel < s.Channels.Count), at + ".channel", $"a channel 0–{s.Channels.Count - 1}", c.Channel);
                var needsChannel = c.Command is CommandKind.Confirm or CommandKind.ClearFault;
                Expect(!needsChannel || c.Channel.HasValue, at + ".channel", $"a channel for {Camel(c.Command)}", "none");
                Expect(c.Command != CommandKind.EmergencyStop || c.Channel is null, at + ".channel", "none: the emergency stop stops every channel", c.Channel);
                if (c.Command == CommandKind.Set)
                {
                    Expect(TryParseSetting(c.Setting, out var id), at + ".setting", "a setting name (see docs/control-core.md)", c.Setting ?? "none");
                    Expect(c.Value.HasValue, at + ".value", "a value", "none");
                    if (TryParseSetting(c.Setting, out id) && c.Value is int value && (value < BalancerSettings.MinimumOf(id) || value > BalancerSettings.MaximumOf(id)))
                    {
                        problems.Add($"{at}.value: expected {BalancerSettings.MinimumOf(id)}–{BalancerSettings.MaximumOf(id)} for {c.Setting}, got {value}");
                    }
                }
                else
                {
                    Expect(c.Setting == null && c.Value == null, at, $"no setting or value for {Camel(c.Command)}", "one");
                }
            }

            foreach (var (name, value) in s.Settings)
            {
                if (!TryParseSetting(name, out var id))
                {
                    problems.Add($"settings.{name}: expected a setting name (see docs/control-core.md), got '{name}'");
                    continue;
                }

                if (!TrySettingValue(id, value, out var number))
                {
                    problems.Add($"settings.{name}: expected an integer{(id == SettingId.TargetMode ? " or a target mode (" + string.Join(", ", Enum.GetNames<TargetMode>()) + ")" : string.Empty)}, got {value.GetRawText()}");
                    continue;
                }

                var check = new BalancerSettings();
                var result = check.TrySet(id, number, out _);
                if (result is SettingResult.BelowMinimum or SettingResult.AboveMaximum)
                {
                    problems.Add($"settings.{name}: expected {BalancerSettings.MinimumOf(id)}–{BalancerSettings.MaximumOf(id)}, got {number}");
                }
                else if (id == SettingId.ReferenceChannel && number >= s.Channels.Count)
                {
                    problems.Add($"settings.{name}: expected a channel of this scenario, 0–{s.Channels.Count - 1}, got {number}");
                }
            }

            return problems;
        }

        private static void ExpectBranches(List<BranchSpec> branches, string at, List<string> problems)
        {
            if (branches.Count is < 1 or > 4)
            {
                problems.Add($"{at}: expected 1–4 branches, got {branches.Count}");
            }

            for (var i = 0; i < branches.Count; i++)
            {
                var b = branches[i];
                if (!(b.CellMilliohms >= 0 && b.CellMilliohms <= 1000))
                {
                    problems.Add($"{at}[{i}].cellMilliohms: expected 0–1000 mΩ, got {b.CellMilliohms}");
                }

                if (!(b.Seconds >= 1 && b.Seconds <= 100_000))
                {
                    problems.Add($"{at}[{i}].seconds: expected 1–100000 s, got {b.Seconds}");
                }
            }
        }

        /// <summary>A setting by its exact name (no numbers, no spaces, no other case).</summary>
        public static bool TryParseSetting(string name, out SettingId id)
        {
            id = SettingId.None;
            return name != null
                && Array.IndexOf(Enum.GetNames<SettingId>(), name) >= 0
                && Enum.TryParse(name, out id)
                && BalancerSettings.IsDefined(id);
        }

        /// <summary>A setting's value from the file: an integer, or a target mode by name.</summary>
        public static bool TrySettingValue(SettingId id, JsonElement value, out int number)
        {
            number = 0;
            if (value.ValueKind == JsonValueKind.Number)
            {
                return value.TryGetInt32(out number);
            }

            if (id == SettingId.TargetMode && value.ValueKind == JsonValueKind.String && Enum.TryParse<TargetMode>(value.GetString(), true, out var mode))
            {
                number = (int)mode;
                return true;
            }

            return false;
        }

        private static string Field(string path) =>
            string.IsNullOrEmpty(path) || path == "$" ? "the file" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

        private static string Explain(JsonException e)
        {
            var message = e.Message;
            var missing = Regex.Match(message, "missing required properties including: (.*)\\.");
            if (missing.Success)
            {
                return $"expected the field(s) {missing.Groups[1].Value}";
            }

            if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            {
                return "is not a field this format knows (check the spelling; see scenarios/README.md)";
            }

            var conversion = Regex.Match(message, "could not be converted to ([\\w.]+)");
            if (conversion.Success)
            {
                var name = conversion.Groups[1].Value.TrimEnd('.');
                var nullable = Regex.Match(message, "System\\.Nullable`1\\[\\[?([\\w.]+)");
                if (nullable.Success)
                {
                    name = nullable.Groups[1].Value;
                }

                var type = Type.GetType(name) ?? typeof(Scenario).Assembly.GetType(name);
                if (type is { IsEnum: true })
                {
                    return "expected one of " + string.Join(", ", Enum.GetNames(type).Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
                }

                return "expected " + (name.Contains("Int", StringComparison.Ordinal) ? "an integer" : name.Contains("Double", StringComparison.Ordinal) ? "a number" : name.Contains("Boolean", StringComparison.Ordinal) ? "true or false" : name.Contains("String", StringComparison.Ordinal) ? "text" : "a " + name.Split('.').Last());
            }

            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return "not valid JSON here: " + (cut > 0 ? message[..cut] : message);
        }

        private static string Camel<T>(T value) where T : Enum
        {
            var name = value.ToString();
            return char.ToLowerInvariant(name[0]) + name[1..];
        }
    }
}
