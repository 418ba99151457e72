// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Linq;

namespace Balancer.Surface.Tests.Hardware
{
    /// <summary>
    /// The rules a pin map must keep, as a list of violations (empty = the map is safe). The safety rule (issues 9 and
    /// 17): every pin that can close a relay, power a charger or feed the dead-man is one the ESP32 leaves Low or
    /// floating from reset (never pulled up), is not a strapping pin, does not toggle at boot, is not a flash or
    /// input-only pin, and carries a discrete pull-down on the board. Between reset and the moment the app opens the
    /// pin (seconds on nanoFramework), nothing but that pull-down decides the pin's level.
    /// </summary>
    internal static class PinRules
    {
        /// <summary>Roles whose pin, left High, closes a relay, powers a charger or holds the dead-man awake.</summary>
        public static readonly string[] SafetyRoles = { "relay", "supply", "heartbeat" };

        /// <summary>Roles the ESP32 drives.</summary>
        public static readonly string[] OutputRoles = { "relay", "supply", "heartbeat", "led", "buzzer", "i2c", "uart0" };

        public static IReadOnlyList<string> Violations(PinMap map)
        {
            var problems = new List<string>();
            foreach (var duplicate in map.Pins.GroupBy(p => p.Gpio).Where(g => g.Count() > 1))
            {
                problems.Add($"GPIO{duplicate.Key} is assigned twice: {string.Join(", ", duplicate.Select(p => p.Net))}");
            }

            foreach (var duplicate in map.Pins.GroupBy(p => p.Net).Where(g => g.Count() > 1))
            {
                problems.Add($"net {duplicate.Key} is on more than one GPIO");
            }

            foreach (var pin in map.Pins)
            {
                if (!map.Esp32.TryGetValue(pin.Gpio, out var chip))
                {
                    problems.Add($"{pin.Net}: GPIO{pin.Gpio} does not exist on the ESP32");
                    continue;
                }

                if (chip.Flash)
                {
                    problems.Add($"{pin.Net}: GPIO{pin.Gpio} drives the module's flash");
                }

                if (OutputRoles.Contains(pin.Role) && chip.InputOnly)
                {
                    problems.Add($"{pin.Net}: GPIO{pin.Gpio} is input-only and cannot drive a {pin.Role}");
                }

                if (pin.Role == "adc" && chip.Adc1Channel == null)
                {
                    problems.Add($"{pin.Net}: GPIO{pin.Gpio} is not on ADC1 (ADC2 stops while the radio runs)");
                }

                if (SafetyRoles.Contains(pin.Role))
                {
                    problems.AddRange(SafetyViolations(pin, chip));
                }
            }

            return problems;
        }

        private static IEnumerable<string> SafetyViolations(PinAssignment pin, Esp32Pin chip)
        {
            var name = $"{pin.Net} ({pin.Role}) on GPIO{pin.Gpio}";
            if (chip.Reset != "pull-down" && chip.Reset != "floating")
            {
                yield return $"{name}: the ESP32 holds it {chip.Reset} from reset, so it reads High until the app opens it";
            }

            if (chip.Strapping)
            {
                yield return $"{name}: strapping pin, sampled at reset";
            }

            if (chip.BootActivity != null)
            {
                yield return $"{name}: active at boot ({chip.BootActivity})";
            }

            if (string.IsNullOrEmpty(pin.PullDown))
            {
                yield return $"{name}: no discrete pull-down on the board";
            }
        }
    }
}
