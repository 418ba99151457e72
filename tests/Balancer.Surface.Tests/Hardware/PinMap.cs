// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Balancer.Surface.Tests.Hardware
{
    /// <summary>One GPIO of the board as hardware/pins.json assigns it.</summary>
    internal sealed record PinAssignment(int Gpio, string? Firmware, string Net, string Role, int? Channel, string? PullDown);

    /// <summary>What the ESP32 does with a GPIO from reset until the app opens it (pins.json "esp32").</summary>
    internal sealed record Esp32Pin(int Gpio, string Reset, bool Strapping, bool Flash, bool InputOnly, string? BootActivity, int? Adc1Channel);

    /// <summary>An INA219 address strap (pins.json "ina219").</summary>
    internal sealed record Ina219Strap(int Channel, int Address, string A1, string A0);

    /// <summary>hardware/pins.json, read once: the one pin map the firmware, the docs and the schematic follow.</summary>
    internal sealed class PinMap
    {
        public static string DefaultPath => Path.Combine(RepositoryLayout.Root, "hardware", "pins.json");

        public int ChannelCount { get; init; }

        public int I2cBusId { get; init; }

        public int I2cDataGpio { get; init; }

        public int I2cClockGpio { get; init; }

        public int FirstIna219Address { get; init; }

        public IReadOnlyList<Ina219Strap> Ina219 { get; init; } = Array.Empty<Ina219Strap>();

        public IReadOnlyList<PinAssignment> Pins { get; init; } = Array.Empty<PinAssignment>();

        public IReadOnlyDictionary<int, Esp32Pin> Esp32 { get; init; } = new Dictionary<int, Esp32Pin>();

        public static PinMap Load() => Parse(File.ReadAllText(DefaultPath));

        public static PinMap Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var i2c = root.GetProperty("i2c");
            var ina = root.GetProperty("ina219");
            return new PinMap
            {
                ChannelCount = root.GetProperty("channelCount").GetInt32(),
                I2cBusId = i2c.GetProperty("busId").GetInt32(),
                I2cDataGpio = i2c.GetProperty("dataGpio").GetInt32(),
                I2cClockGpio = i2c.GetProperty("clockGpio").GetInt32(),
                FirstIna219Address = Hex(ina.GetProperty("firstAddress").GetString()!),
                Ina219 = ina.GetProperty("channels").EnumerateArray()
                    .Select(c => new Ina219Strap(
                        c.GetProperty("channel").GetInt32(),
                        Hex(c.GetProperty("address").GetString()!),
                        c.GetProperty("a1").GetString()!,
                        c.GetProperty("a0").GetString()!))
                    .ToList(),
                Pins = root.GetProperty("gpio").EnumerateArray()
                    .Select(p => new PinAssignment(
                        p.GetProperty("gpio").GetInt32(),
                        Text(p, "firmware"),
                        p.GetProperty("net").GetString()!,
                        p.GetProperty("role").GetString()!,
                        p.TryGetProperty("channel", out var channel) ? channel.GetInt32() : null,
                        Text(p, "pullDown")))
                    .ToList(),
                Esp32 = root.GetProperty("esp32").GetProperty("pins").EnumerateArray()
                    .Select(p => new Esp32Pin(
                        p.GetProperty("gpio").GetInt32(),
                        p.GetProperty("reset").GetString()!,
                        Flag(p, "strapping"),
                        Flag(p, "flash"),
                        Flag(p, "inputOnly"),
                        Text(p, "bootActivity"),
                        p.TryGetProperty("adc1Channel", out var adc) ? adc.GetInt32() : null))
                    .ToDictionary(p => p.Gpio),
            };
        }

        /// <summary>The assignment the firmware knows by this name ("Relays[3]", "Heartbeat"), or null.</summary>
        public PinAssignment? ByFirmwareName(string name) => Pins.FirstOrDefault(p => p.Firmware == name);

        /// <summary>The GPIO behind an ADC1 channel, from the ESP32 table.</summary>
        public int GpioOfAdc1Channel(int channel) =>
            Esp32.Values.Single(p => p.Adc1Channel == channel).Gpio;

        /// <summary>
        /// The value the firmware should hold for a pin-map entry: the GPIO, or for an analog input its ADC1 channel.
        /// </summary>
        public int FirmwareValue(PinAssignment pin) =>
            pin.Role == "adc"
                ? Esp32[pin.Gpio].Adc1Channel ?? throw new InvalidOperationException($"GPIO{pin.Gpio} is not on ADC1")
                : pin.Gpio;

        private static int Hex(string text) =>
            int.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static bool Flag(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
    }
}
