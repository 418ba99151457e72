// SPDX-License-Identifier: MIT

using System.Collections.Generic;

namespace Balancer.Simulator.Scenarios
{
    /// <summary>
    /// A session to simulate, as a technician or a workshop would set it up: the pack, where each channel is clipped,
    /// the parts' tolerances, the room, what goes wrong when, what the technician does when, and the settings. Read from
    /// a JSON file (comments allowed); see scenarios/README.md for every field.
    /// </summary>
    public sealed class Scenario
    {
        /// <summary>Short title.</summary>
        public required string Name { get; init; }

        /// <summary>What the scenario shows and what a technician should expect.</summary>
        public string Description { get; init; } = string.Empty;

        /// <summary>Seed for every random part tolerance and sensor noise: same seed, same run.</summary>
        public int Seed { get; init; } = 1;

        /// <summary>Longest simulated time, h; the run ends earlier once every channel has finished.</summary>
        public double DurationHours { get; init; } = 24;

        /// <summary>The pack.</summary>
        public required PackSpec Pack { get; init; }

        /// <summary>The room temperature over time; linear between points, held after the last.</summary>
        public List<AmbientPoint> Ambient { get; init; } = new() { new AmbientPoint { AtHours = 0, Celsius = 22 } };

        /// <summary>One entry per adapter channel, in channel order.</summary>
        public required List<ChannelSpec> Channels { get; init; }

        /// <summary>Firmware settings by name (<c>SettingId</c>), for example <c>"HoldEnabled": 1</c>; target modes may be given by name.</summary>
        public Dictionary<string, System.Text.Json.JsonElement> Settings { get; init; } = new();

        /// <summary>The ESP32's ADC; left out, drawn for the chip.</summary>
        public AdcSpec Adc { get; init; } = new();

        /// <summary>The workshop's calibration of the board before the session; left out, the board was calibrated.</summary>
        public CalibrationSpec Calibration { get; init; } = new();

        /// <summary>Faults injected on a timeline.</summary>
        public List<FaultSpec> Faults { get; init; } = new();

        /// <summary>Technician commands on a timeline; when empty, every channel is started at time zero.</summary>
        public List<CommandSpec> Commands { get; init; } = new();
    }

    /// <summary>A series pack of parallel groups of 18650 cells.</summary>
    public sealed class PackSpec
    {
        /// <summary>Groups in series (10 for the M365 and Pro 2).</summary>
        public required int Series { get; init; }

        /// <summary>Cells in parallel per group (3 for the M365, 4 for the Pro 2).</summary>
        public required int Parallel { get; init; }

        /// <summary>Capacity of one cell, mAh (2600 for the M365's cells).</summary>
        public double CellCapacityMilliampereHours { get; init; } = 2600;

        /// <summary>DC resistance of one cell, mΩ (42 measured on a Samsung 26J).</summary>
        public double CellResistanceMilliohms { get; init; } = 42;

        /// <summary>
        /// One cell's relaxation branches (seconds, tens of minutes, hours); docs/simulator-physics.md gives the source of
        /// each default. A group's branch is the cell's divided by the cells in parallel.
        /// </summary>
        public List<BranchSpec> Relaxation { get; init; } = BranchSpec.Defaults();

        /// <summary>Thermal mass of one cell, J/K (45 g at about 1 J/(g·K)).</summary>
        public double CellHeatCapacityJoulesPerKelvin { get; init; } = 45;

        /// <summary>Heat loss of one cell to the air inside the pack, W/K.</summary>
        public double CellCoolingWattsPerKelvin { get; init; } = 0.05;

        /// <summary>State of charge of every group not listed in <see cref="Groups"/>, percent.</summary>
        public double SocPercent { get; init; } = 80;

        /// <summary>Groups that differ from the rest.</summary>
        public List<GroupSpec> Groups { get; init; } = new();
    }

    /// <summary>One group that differs from the rest.</summary>
    public sealed class GroupSpec
    {
        /// <summary>Group number, 1 at the pack's negative end.</summary>
        public required int Group { get; init; }

        /// <summary>State of charge, percent; give this or <see cref="OcvMillivolts"/>.</summary>
        public double? SocPercent { get; init; }

        /// <summary>Rested voltage, mV; the state of charge follows from the cell curve.</summary>
        public double? OcvMillivolts { get; init; }

        /// <summary>Capacity against a new group, percent.</summary>
        public double CapacityPercent { get; init; } = 100;

        /// <summary>Resistance against a new group, percent.</summary>
        public double ResistancePercent { get; init; } = 100;

        /// <summary>Self-discharge as a current, mA (an internal short is tens to hundreds).</summary>
        public double LeakMilliamperes { get; init; }

        /// <summary>This group's cell relaxation branches, when they differ from the pack's.</summary>
        public List<BranchSpec> Relaxation { get; init; }
    }

    /// <summary>One RC relaxation branch of a cell.</summary>
    public sealed class BranchSpec
    {
        /// <summary>The branch's resistance for one cell at mid state of charge, mΩ.</summary>
        public required double CellMilliohms { get; init; }

        /// <summary>Its time constant, s.</summary>
        public required double Seconds { get; init; }

        /// <summary>
        /// The defaults for a 2.6 Ah NMC 18650: a charge-transfer branch of seconds, an anode-diffusion branch of
        /// minutes and a cathode-diffusion branch whose tail lasts hours (sources in docs/simulator-physics.md).
        /// </summary>
        public static List<BranchSpec> Defaults() => new()
        {
            new BranchSpec { CellMilliohms = 10, Seconds = 20 },
            new BranchSpec { CellMilliohms = 15, Seconds = 600 },
            new BranchSpec { CellMilliohms = 20, Seconds = 3_600 },
        };
    }

    /// <summary>A point of the room-temperature profile.</summary>
    public sealed class AmbientPoint
    {
        /// <summary>When, h from the start.</summary>
        public required double AtHours { get; init; }

        /// <summary>Temperature, °C.</summary>
        public required double Celsius { get; init; }
    }

    /// <summary>What a channel is clipped onto, and its parts.</summary>
    public sealed class ChannelSpec
    {
        /// <summary>The group under the clips (the lowest one when the clips span several).</summary>
        public required int Group { get; init; }

        /// <summary>How many groups the clips span: 1 normally, 2 or more for a mis-clip.</summary>
        public int SpansGroups { get; init; } = 1;

        /// <summary>The clips are on the wrong terminals.</summary>
        public bool Reversed { get; init; }

        /// <summary>Charge, or watch as the Match reference.</summary>
        public ChannelModeSpec Mode { get; init; } = ChannelModeSpec.Charge;

        /// <summary>Clip and lead resistance, mΩ.</summary>
        public double ClipMilliohms { get; init; } = 30;

        /// <summary>This module's CC current against the nominal 1 A, percent; unset draws from ±10 %.</summary>
        public double? ChargerCurrentPercent { get; init; }

        /// <summary>This module's CV voltage, mV; unset draws from 4.2 V ±1 %.</summary>
        public double? ChargerCvMillivolts { get; init; }

        /// <summary>This module's die-to-air thermal resistance, K/W; unset is the default of docs/simulator-physics.md.</summary>
        public double? ChargerDieKelvinPerWatt { get; init; }

        /// <summary>INA219 errors.</summary>
        public SensorSpec Sensor { get; init; } = new();

        /// <summary>Whether the cell NTC is fitted.</summary>
        public bool HasCellNtc { get; init; } = true;

        /// <summary>The cell NTC's resistance at 25 °C against its nominal 10 kΩ, percent (parts are ±1–5 %).</summary>
        public double NtcTolerancePercent { get; init; }
    }

    /// <summary>What a channel is for.</summary>
    public enum ChannelModeSpec
    {
        /// <summary>Charge to the target.</summary>
        Charge,

        /// <summary>Watch, as the Match reference.</summary>
        Monitor,
    }

    /// <summary>
    /// An INA219's errors and noise. A field left out is drawn for this chip from the datasheet's figures (TI SBOS448;
    /// docs/simulator-physics.md), so every scenario has sensors as bought; set a field to 0 for an ideal chip.
    /// </summary>
    public sealed class SensorSpec
    {
        /// <summary>Bus gain error, ppm; drawn from ±0.2 % typical, ±0.5 % at most.</summary>
        public int? BusGainPpm { get; init; }

        /// <summary>Bus offset, µV; drawn (the bus's total error is specified as a whole, see the physics notes).</summary>
        public long? BusOffsetMicrovolts { get; init; }

        /// <summary>Bus noise (σ) of one conversion before the chip's own ×8 averaging, µV.</summary>
        public long? BusNoiseMicrovolts { get; init; }

        /// <summary>Shunt offset, nV (10 000 nV is 0.1 mA on 0.1 Ω); drawn from the PGA ÷4 figures.</summary>
        public long? ShuntOffsetNanovolts { get; init; }

        /// <summary>Shunt (current) gain error, ppm.</summary>
        public int? ShuntGainPpm { get; init; }

        /// <summary>Shunt noise (σ) of one conversion, nV.</summary>
        public long? ShuntNoiseNanovolts { get; init; }
    }

    /// <summary>
    /// The ESP32's ADC1 as this board's chip has it. A field left out is drawn for the chip (Espressif's figures;
    /// docs/simulator-physics.md); set it for a known chip, or to the nominal for an ideal one.
    /// </summary>
    public sealed class AdcSpec
    {
        /// <summary>The chip's ADC reference, mV (1000–1200 across chips, 1100 nominal).</summary>
        public double? VrefMillivolts { get; init; }

        /// <summary>Offset at the pins, mV.</summary>
        public double? OffsetMillivolts { get; init; }

        /// <summary>Noise (σ) of one conversion, codes.</summary>
        public double? NoiseCodes { get; init; }
    }

    /// <summary>
    /// The calibration routine of spec §2 as a workshop runs it once, at first use: every channel clipped onto one rested
    /// reference cell, relays open, and the cell's voltage read on a meter and typed in. The firmware's own routine
    /// computes each channel's gain from its own readings, so its result carries the INA219's 4 mV step and the meter's
    /// error; nothing is copied from the simulated chips.
    /// </summary>
    public sealed class CalibrationSpec
    {
        /// <summary>A bench DMM of the 0.05 % class at 3.9 V: σ of its reading, mV (its error is cut at 3σ).</summary>
        public const double MeterSigmaMillivolts = 1;

        /// <summary>Whether the board was calibrated before the session; false shows a board as it left the bench.</summary>
        public bool Calibrated { get; init; } = true;

        /// <summary>The reference cell's true rested voltage, mV.</summary>
        public double ReferenceMillivolts { get; init; } = 3_900;

        /// <summary>What the meter reads minus the truth, mV; left out, drawn (σ <see cref="MeterSigmaMillivolts"/>).</summary>
        public double? MeterErrorMillivolts { get; init; }

        /// <summary>How long the routine averages, s.</summary>
        public double Seconds { get; init; } = 30;
    }

    /// <summary>What goes wrong.</summary>
    public enum FaultKind
    {
        /// <summary>A channel's INA219 stops acknowledging (for <see cref="FaultSpec.ForMinutes"/>, or for good).</summary>
        SensorNoAcknowledge,

        /// <summary>A channel's cell NTC reads open.</summary>
        NtcOpen,

        /// <summary>A channel's cell NTC reads short.</summary>
        NtcShort,

        /// <summary>A channel's relay welds the next time it closes.</summary>
        RelayWeld,

        /// <summary>A channel's clip slips: its resistance becomes <see cref="FaultSpec.Milliohms"/>.</summary>
        ClipSlip,

        /// <summary>A channel's clip comes off the group.</summary>
        ClipOff,

        /// <summary>A channel's charger loses its input.</summary>
        ChargerInputLost,

        /// <summary>The 12 V input sags to <see cref="FaultSpec.Millivolts"/>.</summary>
        SupplySag,

        /// <summary>The adapter loses power for <see cref="FaultSpec.OffSeconds"/> and boots again.</summary>
        Reboot,
    }

    /// <summary>A fault on the timeline.</summary>
    public sealed class FaultSpec
    {
        /// <summary>When, minutes from the start.</summary>
        public required double AtMinutes { get; init; }

        /// <summary>What.</summary>
        public required FaultKind Kind { get; init; }

        /// <summary>Which channel, for the channel faults.</summary>
        public int? Channel { get; init; }

        /// <summary>How long it lasts, minutes; unset means for good.</summary>
        public double? ForMinutes { get; init; }

        /// <summary>The slipped clip's resistance, mΩ.</summary>
        public double? Milliohms { get; init; }

        /// <summary>The sagged supply, mV.</summary>
        public double? Millivolts { get; init; }

        /// <summary>How long the power is off, s.</summary>
        public double OffSeconds { get; init; } = 10;
    }

    /// <summary>A technician's command.</summary>
    public enum CommandKind
    {
        /// <summary>Start a channel, or all.</summary>
        Start,

        /// <summary>Stop a channel, or all.</summary>
        Stop,

        /// <summary>Confirm charging a deep-discharged group.</summary>
        Confirm,

        /// <summary>Clear a latched fault.</summary>
        ClearFault,

        /// <summary>Press the emergency stop.</summary>
        EmergencyStop,

        /// <summary>Change a setting.</summary>
        Set,
    }

    /// <summary>A command on the timeline.</summary>
    public sealed class CommandSpec
    {
        /// <summary>When, minutes from the start.</summary>
        public required double AtMinutes { get; init; }

        /// <summary>What.</summary>
        public required CommandKind Command { get; init; }

        /// <summary>Which channel; unset means all (start, stop).</summary>
        public int? Channel { get; init; }

        /// <summary>For <see cref="CommandKind.Set"/>: the setting's name.</summary>
        public string Setting { get; init; }

        /// <summary>For <see cref="CommandKind.Set"/>: the value.</summary>
        public int? Value { get; init; }
    }
}
