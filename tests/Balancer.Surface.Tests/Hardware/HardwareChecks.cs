// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Balancer.Surface.Tests.Hardware
{
    /// <summary>
    /// The cross-checks between hardware/pins.json and the three places that follow it: BoardPins.cs, the pin-map
    /// table and the KiCad schematic. Each returns what disagrees, in words, so a failing test names the pin.
    /// </summary>
    internal static class HardwareChecks
    {
        /// <summary>INA219 strap codes (TI SBOS448G, Table 1): address = 0x40 + 4 × code(A1) + code(A0).</summary>
        public static readonly string[] StrapCodes = { "GND", "VS", "SDA", "SCL" };

        public static IReadOnlyList<string> BoardPinsMismatches(PinMap map, IReadOnlyDictionary<string, int> boardPins)
        {
            var problems = new List<string>();
            var expected = map.Pins.Where(p => p.Firmware != null).ToDictionary(p => p.Firmware!, p => map.FirmwareValue(p));
            expected["ChannelCount"] = map.ChannelCount;
            expected["I2cBusId"] = map.I2cBusId;
            expected["FirstIna219Address"] = map.FirstIna219Address;
            foreach (var (name, value) in expected)
            {
                if (!boardPins.TryGetValue(name, out var actual))
                {
                    problems.Add($"BoardPins has no {name} (pins.json: {value})");
                }
                else if (actual != value)
                {
                    problems.Add($"BoardPins.{name} = {actual}, pins.json says {value}");
                }
            }

            foreach (var name in boardPins.Keys.Where(n => !expected.ContainsKey(n)))
            {
                problems.Add($"BoardPins.{name} = {boardPins[name]} is not in pins.json");
            }

            return problems;
        }

        public static IReadOnlyList<string> StrapMismatches(PinMap map)
        {
            var problems = new List<string>();
            for (var channel = 0; channel < map.ChannelCount; channel++)
            {
                var strap = map.Ina219.SingleOrDefault(s => s.Channel == channel);
                if (strap == null)
                {
                    problems.Add($"pins.json has no INA219 strap for channel {channel}");
                    continue;
                }

                var strapped = 0x40 + 4 * Array.IndexOf(StrapCodes, strap.A1) + Array.IndexOf(StrapCodes, strap.A0);
                if (strap.Address != map.FirstIna219Address + channel || strapped != strap.Address)
                {
                    problems.Add($"channel {channel}: address 0x{strap.Address:X2}, straps A1={strap.A1} A0={strap.A0} give 0x{strapped:X2}, the firmware expects 0x{map.FirstIna219Address + channel:X2}");
                }
            }

            return problems;
        }

        /// <summary>hardware/pin-map.md: a row per pin whose first cell is the firmware name or net in backticks.</summary>
        public static IReadOnlyList<string> DocumentMismatches(PinMap map, string markdown)
        {
            var problems = new List<string>();
            var rows = MarkdownTable.Rows(markdown);
            foreach (var pin in map.Pins)
            {
                var key = $"`{pin.Firmware ?? pin.Net}`";
                var row = rows.FirstOrDefault(r => r[0] == key);
                if (row == null)
                {
                    problems.Add($"pin-map.md has no row {key}");
                }
                else if (row.Length < 3 || row[1] != pin.Gpio.ToString(CultureInfo.InvariantCulture) || row[2] != $"`{pin.Net}`")
                {
                    problems.Add($"pin-map.md row {key} says GPIO {row.ElementAtOrDefault(1)} net {row.ElementAtOrDefault(2)}; pins.json says {pin.Gpio} `{pin.Net}`");
                }
            }

            foreach (var strap in map.Ina219)
            {
                var row = rows.FirstOrDefault(r => r[0] == $"INA219 channel {strap.Channel}");
                var address = $"0x{strap.Address:X2}";
                if (row == null || row.Length < 4 || row[1] != address || row[2] != strap.A1 || row[3] != strap.A0)
                {
                    problems.Add($"pin-map.md: INA219 channel {strap.Channel} should read {address}, A1 {strap.A1}, A0 {strap.A0}");
                }
            }

            return problems;
        }

        public static IReadOnlyList<string> SchematicMismatches(PinMap map, KicadSchematic schematic)
        {
            var problems = new List<string>();
            var esp32 = schematic.Pins(p => p.LibId.EndsWith(":ESP32-WROOM-32", StringComparison.Ordinal)).ToList();
            if (esp32.Select(p => p.Reference).Distinct().Count() != 1)
            {
                problems.Add("the schematic must hold exactly one ESP32-WROOM-32");
                return problems;
            }

            foreach (var pin in esp32.Where(p => p.Name.StartsWith("IO", StringComparison.Ordinal)))
            {
                var gpio = int.Parse(pin.Name[2..], CultureInfo.InvariantCulture);
                var assigned = map.Pins.FirstOrDefault(p => p.Gpio == gpio);
                var net = schematic.NetOf(pin);
                if (assigned == null)
                {
                    if (!schematic.IsNoConnect(pin))
                    {
                        problems.Add($"GPIO{gpio} is wired to {net} in the schematic but is not in pins.json");
                    }
                }
                else if (net != assigned.Net && net != "/" + assigned.Net)
                {
                    problems.Add($"GPIO{gpio}: pins.json says {assigned.Net}, the schematic wires it to {net}");
                }
            }

            foreach (var pin in map.Pins.Where(p => PinRules.SafetyRoles.Contains(p.Role)))
            {
                var pullDowns = Resistors(schematic, NetName(schematic, pin.Net)).Where(r => r.OtherNet == "GND").ToList();
                if (!pullDowns.Any(r => Ohms(r.Value) == Ohms(pin.PullDown ?? "0")))
                {
                    problems.Add($"{pin.Net}: no {pin.PullDown} pull-down to GND in the schematic");
                }

                if (pin.Channel is int channel
                    && !schematic.OnNet(NetName(schematic, pin.Net)).Any(p => p.Sheet == $"channel{channel}" && p.LibId.EndsWith(":R", StringComparison.Ordinal)))
                {
                    problems.Add($"{pin.Net} does not reach channel {channel}'s sheet");
                }
            }

            if (!schematic.OnNet(map.Pins.Single(p => p.Role == "heartbeat").Net).Any(p => p.LibId.EndsWith(":74HC123", StringComparison.Ordinal)))
            {
                problems.Add("the heartbeat does not reach the 74HC123 dead-man");
            }

            for (var channel = 0; channel < map.ChannelCount; channel++)
            {
                problems.AddRange(ChannelMismatches(map, schematic, channel));
            }

            return problems;
        }

        /// <summary>The schematic's name of a pin-map net: global as written, or local to the root sheet ("/NAME").</summary>
        public static string NetName(KicadSchematic schematic, string net) =>
            schematic.OnNet(net).Any() ? net : "/" + net;

        /// <summary>Resistors with one pin on the net: their value and the net of their other pin.</summary>
        public static IEnumerable<(string Reference, string Value, string OtherNet)> Resistors(KicadSchematic schematic, string net) =>
            schematic.OnNet(net)
                .Where(p => p.LibId.EndsWith(":R", StringComparison.Ordinal))
                .Select(p => (p.Reference, p.Value, schematic.NetOf(schematic.Pins(o => o.Sheet == p.Sheet && o.Reference == p.Reference && o.Number != p.Number).Single())));

        /// <summary>"10k", "4k7", "1M", "0.1", "100" in ohms.</summary>
        public static double Ohms(string value)
        {
            foreach (var (suffix, scale) in new[] { ("k", 1e3), ("M", 1e6), ("R", 1.0) })
            {
                var at = value.IndexOf(suffix, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var whole = at == 0 ? "0" : value[..at];
                    var fraction = value[(at + 1)..];
                    return double.Parse($"{whole}.{(fraction.Length == 0 ? "0" : fraction)}", CultureInfo.InvariantCulture) * scale;
                }
            }

            return double.Parse(value, CultureInfo.InvariantCulture);
        }

        private static IEnumerable<string> ChannelMismatches(PinMap map, KicadSchematic schematic, int channel)
        {
            var sheet = $"channel{channel}";
            var ina = schematic.Pins(p => p.Sheet == sheet && p.LibId.EndsWith(":INA219", StringComparison.Ordinal)).ToList();
            if (ina.Select(p => p.Reference).Distinct().Count() != 1)
            {
                yield return $"{sheet}: expected exactly one INA219";
                yield break;
            }

            string NetOfPin(List<SchematicPin> part, string name) => schematic.NetOf(part.Single(p => p.Name == name));
            var codeOfNet = StrapCodes.ToDictionary(code => NetOfPin(ina, code == "GND" ? "GND" : code), code => code);
            var a1 = codeOfNet.GetValueOrDefault(NetOfPin(ina, "A1"), "?");
            var a0 = codeOfNet.GetValueOrDefault(NetOfPin(ina, "A0"), "?");
            var strap = map.Ina219.Single(s => s.Channel == channel);
            var address = 0x40 + 4 * Array.IndexOf(StrapCodes, a1) + Array.IndexOf(StrapCodes, a0);
            if (a1 != strap.A1 || a0 != strap.A0 || address != map.FirstIna219Address + channel)
            {
                yield return $"{sheet}: INA219 strapped A1={a1} A0={a0} (0x{address:X2}); pins.json says A1={strap.A1} A0={strap.A0} (0x{strap.Address:X2})";
            }

            var isolator = schematic.Pins(p => p.Sheet == sheet && p.LibId.EndsWith(":ISO1540", StringComparison.Ordinal)).ToList();
            if (isolator.Select(p => p.Reference).Distinct().Count() != 1)
            {
                yield return $"{sheet}: expected exactly one ISO1540";
                yield break;
            }

            var data = map.Pins.Single(p => p.Gpio == map.I2cDataGpio).Net;
            var clock = map.Pins.Single(p => p.Gpio == map.I2cClockGpio).Net;
            if (NetOfPin(isolator, "SDA1") != data || NetOfPin(isolator, "SCL1") != clock)
            {
                yield return $"{sheet}: the isolator's controller side is not on {data}/{clock}";
            }

            if (NetOfPin(isolator, "SDA2") != NetOfPin(ina, "SDA") || NetOfPin(isolator, "SCL2") != NetOfPin(ina, "SCL"))
            {
                yield return $"{sheet}: the INA219's SDA/SCL are not the isolator's side 2";
            }

            if (NetOfPin(isolator, "GND2") != NetOfPin(ina, "GND") || NetOfPin(isolator, "GND2") == "GND")
            {
                yield return $"{sheet}: the INA219 and the isolator's side 2 must share the channel's isolated ground, not the board's";
            }
        }
    }
}
