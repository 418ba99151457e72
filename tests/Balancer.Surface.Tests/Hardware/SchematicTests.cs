// SPDX-License-Identifier: MIT

using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Balancer.Surface.Tests.Hardware
{
    /// <summary>
    /// schematics/*.kicad_sch read as text (no KiCad needed): every GPIO net, pull-down and INA219 strap against
    /// hardware/pins.json, and the measuring parts against the firmware's ReferenceBoard constants.
    /// </summary>
    public class SchematicTests
    {
        [Fact]
        public void Schematic_Wires_Every_Pin_As_The_Pin_Map_Says()
        {
            Assert.Empty(HardwareChecks.SchematicMismatches(PinMap.Load(), KicadSchematic.Load(KicadSchematic.RootPath)));
        }

        [Fact]
        public void Schematic_Has_Every_Channel_Sheet()
        {
            var schematic = KicadSchematic.Load(KicadSchematic.RootPath);

            Assert.Equal(
                Enumerable.Range(0, PinMap.Load().ChannelCount).Select(n => $"channel{n}"),
                schematic.Sheets.Where(s => s.StartsWith("channel", StringComparison.Ordinal)).OrderBy(s => s));
        }

        [Fact]
        public void Supply_Divider_Is_The_One_The_Firmware_Computes_With()
        {
            var schematic = KicadSchematic.Load(KicadSchematic.RootPath);
            var net = PinMap.Load().Pins.Single(p => p.Firmware == "SupplyAdcChannel").Net;
            var resistors = HardwareChecks.Resistors(schematic, HardwareChecks.NetName(schematic, net)).ToList();

            Assert.Contains(resistors, r => r.OtherNet == "+12V" && HardwareChecks.Ohms(r.Value) == ReferenceBoardConstant("SupplyTopOhms"));
            Assert.Contains(resistors, r => r.OtherNet == "GND" && HardwareChecks.Ohms(r.Value) == ReferenceBoardConstant("SupplyBottomOhms"));
        }

        [Fact]
        public void Every_Shunt_Is_The_One_The_Firmware_Computes_With()
        {
            var schematic = KicadSchematic.Load(KicadSchematic.RootPath);
            var shunts = schematic.Pins(p => p.LibId.EndsWith(":Relay_DPDT", StringComparison.Ordinal) && p.Name == "NO2")
                .Select(relayPole => (relayPole.Sheet, Resistors: HardwareChecks.Resistors(schematic, schematic.NetOf(relayPole))
                    .Where(r => schematic.Pins(p => p.Sheet == relayPole.Sheet && p.Reference == r.Reference).All(p => p.Sheet == relayPole.Sheet))
                    .Where(r => HardwareChecks.Ohms(r.Value) < 1)
                    .ToList()))
                .ToList();

            Assert.Equal(PinMap.Load().ChannelCount, shunts.Count);
            Assert.All(shunts, s => Assert.Equal(ReferenceBoardConstant("ShuntMicroohms") / 1e6, HardwareChecks.Ohms(Assert.Single(s.Resistors).Value)));
        }

        [Fact]
        public void Schematic_Check_Fails_When_One_Label_Moves_In_The_Schematic()
        {
            var schematic = KicadSchematic.Load(KicadSchematic.RootPath, file =>
            {
                var text = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "schematics", file));
                return file == "balancer.kicad_sch" ? text.Replace("(global_label \"HEARTBEAT\"", "(global_label \"HEARTBEAT_X\"") : text;
            });

            Assert.NotEmpty(HardwareChecks.SchematicMismatches(PinMap.Load(), schematic));
        }

        [Fact]
        public void Schematic_Check_Fails_When_An_Address_Strap_Moves()
        {
            var schematic = KicadSchematic.Load(KicadSchematic.RootPath, file =>
            {
                var text = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "schematics", file));
                return file == "channel2.kicad_sch" ? SwapStrap(text) : text;
            });

            Assert.Contains(HardwareChecks.SchematicMismatches(PinMap.Load(), schematic), p => p.StartsWith("channel2: INA219 strapped", StringComparison.Ordinal));
        }

        private static double ReferenceBoardConstant(string name) =>
            BoardPinsSource.ReadReferenceBoardConstant(name);

        /// <summary>
        /// Moves channel 2's A0 strap from the isolated SDA to the isolated SCL: the generator writes a symbol's pin
        /// labels right after the symbol, in pin order, and A0 comes before SDA, so the first SDA_ISO label after the
        /// INA219 is its A0 strap.
        /// </summary>
        private static string SwapStrap(string text)
        {
            var schematic = KicadSchematic.Load(KicadSchematic.RootPath);
            var a0 = schematic.Pins(p => p.Sheet == "channel2" && p.LibId.EndsWith(":INA219", StringComparison.Ordinal) && p.Name == "A0").Single();
            Assert.Equal("/channel2/SDA_ISO", schematic.NetOf(a0));
            const string Label = "(label \"SDA_ISO\"";
            var at = text.IndexOf(Label, text.IndexOf($"(property \"Reference\" \"{a0.Reference}\"", StringComparison.Ordinal), StringComparison.Ordinal);
            return text[..at] + "(label \"SCL_ISO\"" + text[(at + Label.Length)..];
        }
    }
}
