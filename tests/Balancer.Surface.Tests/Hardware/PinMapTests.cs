// SPDX-License-Identifier: MIT

using System.IO;
using System.Linq;
using Xunit;

namespace Balancer.Surface.Tests.Hardware
{
    /// <summary>
    /// hardware/pins.json against its rules, against BoardPins.cs and against hardware/pin-map.md; and proof that each
    /// check fails when one pin changes in one place.
    /// </summary>
    public class PinMapTests
    {
        private static string PinMapDocumentPath => Path.Combine(RepositoryLayout.Root, "hardware", "pin-map.md");

        [Fact]
        public void Pin_Map_Keeps_The_Reset_State_And_Wiring_Rules()
        {
            Assert.Empty(PinRules.Violations(PinMap.Load()));
        }

        [Fact]
        public void Ina219_Straps_Give_The_Addresses_The_Firmware_Expects()
        {
            Assert.Empty(HardwareChecks.StrapMismatches(PinMap.Load()));
        }

        [Fact]
        public void BoardPins_Holds_The_Pin_Map()
        {
            Assert.Empty(HardwareChecks.BoardPinsMismatches(PinMap.Load(), BoardPinsSource.Load()));
        }

        [Fact]
        public void Pin_Map_Document_Holds_The_Pin_Map()
        {
            Assert.Empty(HardwareChecks.DocumentMismatches(PinMap.Load(), File.ReadAllText(PinMapDocumentPath)));
        }

        [Theory]
        [InlineData(14, "pull-up")] // JTAG MTMS: the case of issue 9
        [InlineData(0, "strapping")]
        [InlineData(2, "strapping")]
        [InlineData(5, "strapping")]
        [InlineData(12, "strapping")]
        [InlineData(15, "strapping")]
        [InlineData(1, "active at boot")]
        [InlineData(3, "pull-up")]
        [InlineData(6, "flash")]
        [InlineData(34, "input-only")]
        public void Reset_Rule_Refuses_A_Relay_On_A_Pin_That_Is_Not_Low_From_Reset(int gpio, string reason)
        {
            var map = WithRelay3On(gpio, pullDown: "10k");

            Assert.Contains(PinRules.Violations(map), v => v.Contains($"GPIO{gpio}") && v.Contains(reason));
        }

        [Fact]
        public void Reset_Rule_Refuses_A_Safety_Pin_Without_A_Discrete_Pull_Down()
        {
            var map = WithRelay3On(4, pullDown: null);

            Assert.Contains(PinRules.Violations(map), v => v.Contains("RELAY_3") && v.Contains("pull-down"));
        }

        [Fact]
        public void BoardPins_Check_Fails_When_One_Pin_Moves_In_BoardPins()
        {
            var source = File.ReadAllText(BoardPinsSource.DefaultPath).Replace("{ 25, 26, 27, 4 }", "{ 25, 26, 27, 14 }");

            var problems = HardwareChecks.BoardPinsMismatches(PinMap.Load(), BoardPinsSource.Parse(source));

            Assert.Equal(new[] { "BoardPins.Relays[3] = 14, pins.json says 4" }, problems);
        }

        [Fact]
        public void Every_Check_Fails_When_One_Pin_Moves_In_The_Pin_Map()
        {
            var map = WithRelay3On(5, pullDown: "10k");

            Assert.NotEmpty(HardwareChecks.BoardPinsMismatches(map, BoardPinsSource.Load()));
            Assert.NotEmpty(HardwareChecks.DocumentMismatches(map, File.ReadAllText(PinMapDocumentPath)));
            Assert.NotEmpty(HardwareChecks.SchematicMismatches(map, KicadSchematic.Load(KicadSchematic.RootPath)));
        }

        [Fact]
        public void Document_Check_Fails_When_One_Pin_Moves_In_The_Document()
        {
            var document = File.ReadAllText(PinMapDocumentPath).Replace("| `Heartbeat` | 23 |", "| `Heartbeat` | 22 |");

            Assert.Single(HardwareChecks.DocumentMismatches(PinMap.Load(), document));
        }

        internal static PinMap WithRelay3On(int gpio, string? pullDown)
        {
            var map = PinMap.Load();
            var pins = map.Pins.Select(p => p.Firmware == "Relays[3]" ? p with { Gpio = gpio, PullDown = pullDown } : p).ToList();
            return new PinMap
            {
                ChannelCount = map.ChannelCount,
                I2cBusId = map.I2cBusId,
                I2cDataGpio = map.I2cDataGpio,
                I2cClockGpio = map.I2cClockGpio,
                FirstIna219Address = map.FirstIna219Address,
                Ina219 = map.Ina219,
                Pins = pins.Where(p => p.Gpio != gpio || p.Firmware == "Relays[3]").ToList(),
                Esp32 = map.Esp32,
            };
        }
    }
}
