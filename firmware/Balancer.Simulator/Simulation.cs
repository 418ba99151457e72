// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Log;
using Balancer.Core.Reporting;
using Balancer.Core.Settings;
using Balancer.Drivers.Simulation;
using Balancer.Simulator.Physics;
using Balancer.Simulator.Scenarios;
using Balancer.Simulator.Storage;

namespace Balancer.Simulator
{
    /// <summary>
    /// Runs a scenario: the firmware's controller on the emulated board, the pack and chargers as physics behind the
    /// emulators' inputs, the scenario's faults and commands on their timeline. Deterministic for a seed: the only
    /// randomness is the seeded part tolerances and sensor noise.
    /// </summary>
    public sealed class Simulation : IEventSink
    {
        /// <summary>Shunt, relay contact and board traces between the charger's BAT pin and the clip lead, mΩ.</summary>
        public const double BoardPathMilliohms = 100 + 20;

        /// <summary>Below this 12 V input the isolated 5 V supplies drop out and the chargers stop, mV.</summary>
        public const double ChargerDropoutMillivolts = 9000;

        /// <summary>Board temperature rise per watt the chargers dissipate inside the enclosure, K/W.</summary>
        public const double BoardKelvinPerWatt = 4;

        /// <summary>Ticks the firmware may take to see a truth and act on it: one to sample, one to react.</summary>
        public const int ReactionTicks = 2;

        /// <summary>How often the firmware's logging side writes what the loop queued, ms.</summary>
        public const long LogWriteIntervalMilliseconds = 1_000;

        /// <summary>Time between two rows of the time series, ms.</summary>
        public const long SeriesIntervalMilliseconds = 10_000;

        private readonly Scenario _scenario;
        private readonly List<LoggedSession> _interrupted = new();
        private readonly GroupModel[] _groups;
        private readonly ChannelWiring[] _wiring;
        private readonly List<TimelineEntry> _timeline;
        private readonly List<SimulationEvent> _events = new();
        private readonly List<SeriesRow> _series = new();
        private readonly double[] _currentMilliamperes;
        private readonly double[] _groupCurrentMilliamperes;
        private readonly double[] _startRestingMillivolts;
        private readonly int[] _overVoltageTicks;
        private int _nextTimelineEntry;
        private readonly long _startMilliseconds;
        private long _lastPhysicsMilliseconds;
        private long _nextSeriesMilliseconds;
        private long _nextLogWriteMilliseconds;
        private long _outageMilliseconds;
        private double[] _chargedAtOutage;
        private long _powerOffUntilMilliseconds = -1;
        private double _supplyMillivolts = 12_000;
        private bool _anyStarted;

        /// <summary>Builds the board, the pack and the timeline. Settings the scenario names are applied as the firmware would.</summary>
        public Simulation(Scenario scenario)
        {
            _scenario = scenario;
            var problems = ScenarioLoader.Validate(scenario);
            if (problems.Count > 0)
            {
                throw new ScenarioException($"{scenario.Name}: {string.Join("; ", problems)}");
            }

            var random = new Random(scenario.Seed);
            _groups = BuildPack(scenario.Pack, Ambient(0));
            _wiring = new ChannelWiring[scenario.Channels.Count];
            _groupCurrentMilliamperes = new double[_groups.Length];
            _currentMilliamperes = new double[scenario.Channels.Count];
            _overVoltageTicks = new int[scenario.Channels.Count];
            _startRestingMillivolts = scenario.Channels.Select(c => _groups[c.Group - 1].RestingMillivolts).ToArray();
            for (var i = 0; i < _wiring.Length; i++)
            {
                _wiring[i] = new ChannelWiring(scenario.Channels[i], random);
            }

            // A new board: nothing on its flash yet. The workshop sets it up as a technician would over BLE: the scenario's
            // settings, the monitor-only channels, the calibration; the firmware stores them and reads them back at a reboot.
            Board = new EmulatedBoard(scenario.Channels.Count, new BalancerSettings(), scenario.Seed, new BoardFlash(), this);
            foreach (var (name, value) in scenario.Settings)
            {
                ScenarioLoader.TryParseSetting(name, out var id);
                ScenarioLoader.TrySettingValue(id, value, out var number);
                var result = Board.Controller.TrySetSetting(id, number, out var conflict);
                if (result != SettingResult.Ok)
                {
                    throw new ScenarioException($"settings.{name}: the firmware refuses {number}: {result}{(conflict != SettingId.None ? " with " + conflict : string.Empty)}");
                }
            }

            for (var i = 0; i < _wiring.Length; i++)
            {
                if (_scenario.Channels[i].Mode == ChannelModeSpec.Monitor)
                {
                    Board.Controller.SetMode(i, ChannelMode.MonitorOnly);
                }
            }


            ApplyPartTolerances(scenario, Board);
            for (var i = 0; i < _wiring.Length; i++)
            {
                var spec = scenario.Channels[i];
                Board.CellNtcs[i].R25Ohms *= 1 + (spec.NtcTolerancePercent / 100);
                if (!spec.HasCellNtc)
                {
                    Board.CellNtcs[i].Fault = NtcFault.Open;
                }
            }

            if (scenario.Calibration.Calibrated)
            {
                Calibrate(scenario.Calibration);
            }

            _timeline = Timeline(scenario);
            _startMilliseconds = Board.Clock.NowMilliseconds;
            _lastPhysicsMilliseconds = _startMilliseconds;
            _nextSeriesMilliseconds = _startMilliseconds;
            Present();
        }

        /// <summary>The emulated board with the firmware on it.</summary>
        public EmulatedBoard Board { get; }

        /// <summary>The scenario.</summary>
        public Scenario Scenario => _scenario;

        /// <summary>A setting as the firmware holds it.</summary>
        public int Setting(SettingId id) => Settings.Get(id);

        /// <summary>The board clock's time when the simulation started, ms.</summary>
        public long StartMilliseconds => _startMilliseconds;

        /// <summary>The settings the firmware runs with (after a reboot, those it read back from flash).</summary>
        public BalancerSettings Settings => Board.Controller.Settings;

        /// <summary>Sessions a reboot found unfinished in the recovery log, as the firmware reported them at boot.</summary>
        public IReadOnlyList<LoggedSession> InterruptedSessions => _interrupted;

        /// <summary>The groups of the pack, in series order from 1.</summary>
        public IReadOnlyList<GroupModel> Groups => _groups;

        /// <summary>The chargers, one per channel.</summary>
        public IReadOnlyList<ChargerModel> Chargers => _wiring.Select(w => w.Charger).ToList();

        /// <summary>Every firmware event and simulator event so far, in order.</summary>
        public IReadOnlyList<SimulationEvent> Events => _events;

        /// <summary>The time series so far.</summary>
        public IReadOnlyList<SeriesRow> Series => _series;

        /// <summary>Simulated time since the start, ms.</summary>
        public long ElapsedMilliseconds => Board.Clock.NowMilliseconds - _startMilliseconds;

        /// <summary>The scenario's time limit, ms.</summary>
        public long DurationMilliseconds => (long)(_scenario.DurationHours * 3_600_000);

        /// <summary>Whether the session has ended: time is up, or every charging channel has finished and nothing is left on the timeline.</summary>
        public bool IsFinished =>
            ElapsedMilliseconds >= DurationMilliseconds
            || (_anyStarted && _nextTimelineEntry >= _timeline.Count && !IsPoweredOff && !Board.Controller.IsChargeUnderWay);

        private bool IsPoweredOff => _powerOffUntilMilliseconds >= 0;

        /// <summary>Runs to the end.</summary>
        /// <param name="afterEachStep">Called after every step: progress display, pacing to wall time.</param>
        public void Run(Action<Simulation> afterEachStep = null)
        {
            while (!IsFinished)
            {
                Step();
                afterEachStep?.Invoke(this);
            }

            RecordSeries(force: true); // the state at the end closes the time series
            Board.Journal.Recorder.WritePending();
        }

        /// <summary>One control tick (or one power-off interval): physics up to the deadline, the timeline, then the firmware.</summary>
        public void Step()
        {
            if (IsPoweredOff)
            {
                var until = Math.Min(_powerOffUntilMilliseconds, Board.Clock.NowMilliseconds + Settings.TickPeriodMilliseconds);
                AdvancePhysics(until);
                if (until >= _powerOffUntilMilliseconds)
                {
                    _powerOffUntilMilliseconds = -1;
                    Board.Reboot();
                    Note(-1, "power back: the firmware boots with every channel idle and every relay open");
                    if (Board.Journal.HasInterruptedSession)
                    {
                        var session = LoggedSession.From(Board.Journal.LastSession, SessionEnding.Interrupted) with
                        {
                            OutageMilliseconds = _outageMilliseconds,
                            TrueChargedAtOutage = _chargedAtOutage,
                        };
                        _interrupted.Add(session);
                        Note(-1, $"the log holds an unfinished session: reported as interrupted, {session.Describe()}");
                    }
                }

                Present();
                RecordSeries(force: false);
                return;
            }

            // The loop's wait, with its keep-alive heartbeat edges when the period is longer than their interval.
            var deadline = Board.Controller.NextDeadlineMilliseconds;
            for (var wake = Board.Controller.NextWakeMilliseconds; wake < deadline; wake = Board.Controller.NextWakeMilliseconds)
            {
                AdvancePhysics(wake);
                Board.Controller.KeepAlive();
            }

            AdvancePhysics(deadline);
            Present();
            ApplyTimeline(deadline);
            if (IsPoweredOff)
            {
                return;
            }

            Board.Controller.RunOnce();
            Board.Journal.Recorder.AfterTick();
            if (Board.Clock.NowMilliseconds >= _nextLogWriteMilliseconds)
            {
                // The device's logging thread wakes once a second; what it has not written yet is lost with a power cut.
                Board.Journal.Recorder.WritePending();
                _nextLogWriteMilliseconds = Board.Clock.NowMilliseconds + LogWriteIntervalMilliseconds;
            }

            CheckSafety();
            RecordSeries(force: false);
        }

        /// <summary>
        /// Safety-invariant violations so far, in ticks: a relay commanded closed although the firmware's own last
        /// sample broke a guardrail (over-voltage under charge, a cell too cold or too hot to charge), or charge flowing
        /// into a group whose true terminal voltage has been above the over-voltage limit for more than the two ticks the
        /// firmware needs to sample it and react.
        /// </summary>
        public int SafetyViolations { get; private set; }

        /// <summary>The first violation, described, or null.</summary>
        public string FirstSafetyViolation { get; private set; }

        private void CheckSafety()
        {
            var status = Board.Controller.Status;
            var overVoltage = Settings.Get(SettingId.OverVoltageMillivolts);
            var cold = Settings.Get(SettingId.CellColdPauseDeciCelsius);
            var hot = Settings.Get(SettingId.CellHotPauseDeciCelsius);
            for (var i = 0; i < _wiring.Length; i++)
            {
                var c = status.Channels[i];
                string broken = null;
                if (c.IsRelayClosed && c.IsSensorValid && c.GroupMillivolts > overVoltage)
                {
                    broken = $"relay closed with the sample at {c.GroupMillivolts} mV, over {overVoltage} mV";
                }
                else if (c.IsRelayClosed && c.TemperatureStatus == Drivers.Ntc.NtcStatus.Ok && (c.TemperatureDeciCelsius < cold || c.TemperatureDeciCelsius >= hot))
                {
                    broken = $"relay closed with the cell read at {c.TemperatureDeciCelsius / 10.0:0.0} °C";
                }
                var terminal = GroupOf(i).TerminalMillivolts(_currentMilliamperes[i]);
                var isOver = _currentMilliamperes[i] > 0 && _scenario.Channels[i].SpansGroups == 1 && terminal > overVoltage;
                _overVoltageTicks[i] = isOver ? _overVoltageTicks[i] + 1 : 0;
                if (broken == null && _overVoltageTicks[i] > ReactionTicks)
                {
                    broken = $"charging a group at {terminal:0} mV, over {overVoltage} mV, for {_overVoltageTicks[i]} ticks";
                }

                if (broken != null)
                {
                    SafetyViolations++;
                    FirstSafetyViolation ??= $"channel {i} at {ElapsedMilliseconds} ms: {broken}";
                }
            }
        }

        /// <summary>The morning report, as the firmware would give it.</summary>
        public ChannelReport[] Report()
        {
            var reports = new ChannelReport[_wiring.Length];
            MorningReport.Fill(Board.Controller, reports);
            return reports;
        }

        /// <inheritdoc />
        public void OnEvent(ref BalancerEvent e) =>
            _events.Add(new SimulationEvent(e.TimeMilliseconds - _startMilliseconds, e, null));

        /// <summary>The room temperature at a time since the start, °C.</summary>
        public double Ambient(long elapsedMilliseconds)
        {
            var hours = elapsedMilliseconds / 3_600_000.0;
            var points = _scenario.Ambient;
            if (hours <= points[0].AtHours)
            {
                return points[0].Celsius;
            }

            for (var i = 1; i < points.Count; i++)
            {
                if (hours <= points[i].AtHours)
                {
                    var a = points[i - 1];
                    var b = points[i];
                    return a.Celsius + ((b.Celsius - a.Celsius) * (hours - a.AtHours) / (b.AtHours - a.AtHours));
                }
            }

            return points[^1].Celsius;
        }

        /// <summary>The group a channel's clips sit on (the lowest when they span several).</summary>
        public GroupModel GroupOf(int channel) => _groups[_scenario.Channels[channel].Group - 1];

        /// <summary>What the channel's group rested at when the session began, mV.</summary>
        public double StartRestingMillivolts(int channel) => _startRestingMillivolts[channel];

        /// <summary>The current the channel's charger delivers now, mA.</summary>
        public double CurrentOf(int channel) => _currentMilliamperes[channel];

        /// <summary>The meter reading the calibration was given, mV; null when the board was not calibrated.</summary>
        public int? CalibrationMeterMillivolts { get; private set; }

        /// <summary>Channels the calibration routine calibrated.</summary>
        public int CalibratedChannels { get; private set; }

        /// <summary>
        /// The workshop's first-run calibration, before the session: every channel's clip on one rested reference cell,
        /// relays open, the firmware's routine averaging its own readings, then the meter's reading typed in. The pack is
        /// not clipped yet, so its physics does not run.
        /// </summary>
        private void Calibrate(CalibrationSpec spec)
        {
            var controller = Board.Controller;
            if (controller.BeginCalibration() != CommandResult.Ok)
            {
                throw new InvalidOperationException("the calibration routine did not begin on an idle board");
            }

            var random = new Random(unchecked((_scenario.Seed * 104_729) + 31));
            var meterError = spec.MeterErrorMillivolts
                ?? PartTolerances.Draw(random, CalibrationSpec.MeterSigmaMillivolts, 3 * CalibrationSpec.MeterSigmaMillivolts);
            var until = Board.Clock.NowMilliseconds + (long)(spec.Seconds * 1000);
            while (Board.Clock.NowMilliseconds < until)
            {
                Board.Clock.AdvanceTo(controller.NextDeadlineMilliseconds * 1000);
                for (var i = 0; i < _wiring.Length; i++)
                {
                    Board.Present(i, spec.ReferenceMillivolts, 0);
                    Board.CellNtcs[i].TemperatureCelsius = Ambient(0);
                }

                Board.BoardNtc.TemperatureCelsius = Ambient(0);
                Board.SupplyMillivolts = _supplyMillivolts;
                controller.RunOnce();
            }

            CalibrationMeterMillivolts = (int)Math.Round(spec.ReferenceMillivolts + meterError);
            CalibratedChannels = controller.FinishCalibration(CalibrationMeterMillivolts.Value);
        }

        private void AdvancePhysics(long untilMilliseconds)
        {
            Board.Clock.AdvanceTo(untilMilliseconds * 1000);
            var seconds = (untilMilliseconds - _lastPhysicsMilliseconds) / 1000.0;
            if (seconds <= 0)
            {
                return;
            }

            var ambient = Ambient(untilMilliseconds - _startMilliseconds);
            var boardCelsius = BoardCelsius(ambient);
            var groupCurrent = _groupCurrentMilliamperes;
            Array.Clear(groupCurrent);
            for (var i = 0; i < _wiring.Length; i++)
            {
                _currentMilliamperes[i] = ChargerCurrent(i, boardCelsius);
                var spec = _scenario.Channels[i];
                if (spec.SpansGroups == 1 && !spec.Reversed)
                {
                    groupCurrent[spec.Group - 1] += _currentMilliamperes[i];
                }
            }

            for (var g = 0; g < _groups.Length; g++)
            {
                _groups[g].Advance(seconds, groupCurrent[g], ambient);
            }

            _lastPhysicsMilliseconds = untilMilliseconds;
        }

        private double ChargerCurrent(int channel, double boardCelsius)
        {
            var wiring = _wiring[channel];
            var spec = _scenario.Channels[channel];
            var powered = IsChargerPowered(channel);
            var connected = Board.Contacts[channel].IsContactClosed && !wiring.IsClipOff && !spec.Reversed;
            var (source, resistance) = Source(channel);
            return wiring.Charger.Deliver(powered, connected, source, resistance + wiring.ClipMilliohms + BoardPathMilliohms, boardCelsius);
        }

        /// <summary>Whether a channel's charger has input: the board powered, its supply switch on, its own input there, the 12 V above dropout.</summary>
        private bool IsChargerPowered(int channel) =>
            !IsPoweredOff && Board.ChargerSupplies[channel].IsHigh && !_wiring[channel].IsInputLost && _supplyMillivolts >= ChargerDropoutMillivolts;

        /// <summary>The air around the chargers: the room plus what they dissipate in the enclosure, °C.</summary>
        private double BoardCelsius(double ambientCelsius)
        {
            var watts = 0.0;
            foreach (var wiring in _wiring)
            {
                watts += wiring.Charger.DissipationWatts;
            }

            return ambientCelsius + (BoardKelvinPerWatt * watts);
        }

        /// <summary>What the clips see at zero current and behind which resistance: one group, or several in series.</summary>
        private (double Millivolts, double Milliohms) Source(int channel)
        {
            var spec = _scenario.Channels[channel];
            double millivolts = 0, milliohms = 0;
            for (var g = spec.Group - 1; g < spec.Group - 1 + spec.SpansGroups; g++)
            {
                millivolts += _groups[g].RestingMillivolts;
                milliohms += _groups[g].OhmicMilliohms;
            }

            return (millivolts, milliohms);
        }

        /// <summary>Sets every emulator input from the physics: bus and shunt of each INA219, NTCs, the 12 V input.</summary>
        private void Present()
        {
            var elapsed = Board.Clock.NowMilliseconds - _startMilliseconds;
            var ambient = Ambient(elapsed);
            for (var i = 0; i < _wiring.Length; i++)
            {
                var wiring = _wiring[i];
                var spec = _scenario.Channels[i];
                var current = _currentMilliamperes[i];
                double node;
                if (wiring.IsClipOff)
                {
                    // Nothing on the clip side: the node floats to the charger's CV through a closed relay, else to 0.
                    var chargerOn = Board.Contacts[i].IsContactClosed && IsChargerPowered(i);
                    node = chargerOn ? wiring.Charger.CvMillivolts : 0;
                    current = 0;
                }
                else
                {
                    var (source, resistance) = Source(i);
                    node = source + (current * (resistance + wiring.ClipMilliohms) / 1000);
                    if (spec.Reversed)
                    {
                        node = -node; // the sense input's clamp holds it near 0 V, which the INA219 reads as 0
                    }
                }

                Board.Present(i, node, current);
                Board.CellNtcs[i].TemperatureCelsius = GroupOf(i).Celsius;
            }

            Board.BoardNtc.TemperatureCelsius = BoardCelsius(ambient);
            Board.SupplyMillivolts = IsPoweredOff ? 0 : _supplyMillivolts;
        }

        private void ApplyTimeline(long deadline)
        {
            while (_nextTimelineEntry < _timeline.Count && _startMilliseconds + _timeline[_nextTimelineEntry].AtMilliseconds <= deadline)
            {
                var entry = _timeline[_nextTimelineEntry++];
                entry.Apply(this);
                if (IsPoweredOff)
                {
                    return;
                }
            }
        }

        private void Note(int channel, string text) =>
            _events.Add(new SimulationEvent(Board.Clock.NowMilliseconds - _startMilliseconds, new BalancerEvent { Channel = channel }, text));

        private void RecordSeries(bool force)
        {
            var now = Board.Clock.NowMilliseconds;
            if (!force && now < _nextSeriesMilliseconds)
            {
                return;
            }

            _nextSeriesMilliseconds = now + SeriesIntervalMilliseconds;
            var status = Board.Controller.Status;
            var row = new SeriesRow(now - _startMilliseconds, new SeriesRow.Channel[_wiring.Length]);
            for (var i = 0; i < _wiring.Length; i++)
            {
                var s = status.Channels[i];
                var group = GroupOf(i);
                row.Channels[i] = new SeriesRow.Channel(
                    s.State,
                    s.GroupMillivolts,
                    s.CurrentMilliamperes,
                    s.OcvMillivolts,
                    group.RestingMillivolts,
                    _currentMilliamperes[i],
                    group.Celsius,
                    group.SocPercent);
            }

            _series.Add(row);
        }

        private static GroupModel[] BuildPack(PackSpec pack, double celsius)
        {
            var groups = new GroupModel[pack.Series];
            for (var g = 0; g < pack.Series; g++)
            {
                var spec = pack.Groups.FirstOrDefault(x => x.Group == g + 1);
                var soc = spec?.SocPercent ?? (spec?.OcvMillivolts is double ocv ? OcvCurve.SocAt(ocv) : pack.SocPercent);
                var capacityFactor = (spec?.CapacityPercent ?? 100) / 100;
                var resistanceFactor = (spec?.ResistancePercent ?? 100) / 100;
                var branches = (spec?.Relaxation ?? pack.Relaxation)
                    .Select(b => new RelaxationBranch(b.CellMilliohms / pack.Parallel * resistanceFactor, b.Seconds))
                    .ToArray();
                groups[g] = new GroupModel(
                    pack.CellCapacityMilliampereHours * pack.Parallel * capacityFactor,
                    soc,
                    pack.CellResistanceMilliohms / pack.Parallel * resistanceFactor,
                    branches,
                    spec?.LeakMilliamperes ?? 0,
                    pack.CellHeatCapacityJoulesPerKelvin * pack.Parallel,
                    pack.CellCoolingWattsPerKelvin * pack.Parallel,
                    celsius);
            }

            return groups;
        }

        /// <summary>
        /// Every sensor as bought: what the scenario leaves out is drawn for each part from the datasheet figures
        /// (<see cref="PartTolerances"/>), from a stream of its own so the chargers' draws stay as they were. Every
        /// draw is made whatever the scenario sets, so one field leaves the other parts' draws alone.
        /// </summary>
        private static void ApplyPartTolerances(Scenario scenario, EmulatedBoard board)
        {
            var random = new Random(unchecked((scenario.Seed * 7_919) + 17));
            for (var i = 0; i < scenario.Channels.Count; i++)
            {
                var sensor = scenario.Channels[i].Sensor;
                var chip = board.Chips[i];
                var busGain = PartTolerances.Draw(random, PartTolerances.Ina219BusGainTypicalPpm, PartTolerances.Ina219BusGainMaximumPpm);
                var shuntGain = PartTolerances.Draw(random, PartTolerances.Ina219ShuntGainTypicalPpm, PartTolerances.Ina219ShuntGainMaximumPpm);
                var shuntOffset = PartTolerances.Draw(random, PartTolerances.Ina219ShuntOffsetTypicalNanovolts, PartTolerances.Ina219ShuntOffsetMaximumNanovolts);
                chip.BusGainErrorPpm = sensor.BusGainPpm ?? (int)Math.Round(busGain);
                chip.BusOffsetMicrovolts = sensor.BusOffsetMicrovolts ?? 0;
                chip.BusNoiseMicrovolts = sensor.BusNoiseMicrovolts ?? PartTolerances.Ina219BusNoiseMicrovolts;
                chip.ShuntGainErrorPpm = sensor.ShuntGainPpm ?? (int)Math.Round(shuntGain);
                chip.ShuntOffsetNanovolts = sensor.ShuntOffsetNanovolts ?? (long)Math.Round(shuntOffset);
                chip.ShuntNoiseNanovolts = sensor.ShuntNoiseNanovolts ?? PartTolerances.Ina219ShuntNoiseNanovolts;
            }

            var vref = PartTolerances.Esp32VrefNominalMillivolts + PartTolerances.Draw(random, PartTolerances.Esp32VrefSigmaMillivolts, PartTolerances.Esp32VrefLimitMillivolts);
            var offset = PartTolerances.Draw(random, PartTolerances.Esp32OffsetTypicalMillivolts, PartTolerances.Esp32OffsetMaximumMillivolts);
            foreach (var adc in board.Converters)
            {
                adc.VrefMillivolts = scenario.Adc.VrefMillivolts ?? vref;
                adc.OffsetMillivolts = scenario.Adc.OffsetMillivolts ?? offset;
                adc.NoiseCodes = scenario.Adc.NoiseCodes ?? PartTolerances.Esp32NoiseCodes;
            }
        }

        private static List<TimelineEntry> Timeline(Scenario scenario)
        {
            var entries = new List<TimelineEntry>();
            var order = 0;
            foreach (var fault in scenario.Faults)
            {
                entries.Add(new TimelineEntry(Minutes(fault.AtMinutes), order++, s => s.Inject(fault)));
                if (fault.ForMinutes is double lasting && fault.Kind is not FaultKind.Reboot)
                {
                    entries.Add(new TimelineEntry(Minutes(fault.AtMinutes + lasting), order++, s => s.Heal(fault)));
                }
            }

            var commands = scenario.Commands.Count > 0
                ? scenario.Commands
                : new List<CommandSpec> { new() { AtMinutes = 0, Command = CommandKind.Start } };
            foreach (var command in commands)
            {
                entries.Add(new TimelineEntry(Minutes(command.AtMinutes), order++, s => s.Execute(command)));
            }

            return entries.OrderBy(e => e.AtMilliseconds).ThenBy(e => e.Order).ToList();
        }

        private static long Minutes(double minutes) => (long)Math.Round(minutes * 60_000);

        private void Inject(FaultSpec fault)
        {
            var channel = fault.Channel ?? -1;
            switch (fault.Kind)
            {
                case FaultKind.SensorNoAcknowledge:
                    Board.Chips[channel].IsNotAcknowledging = true;
                    break;
                case FaultKind.NtcOpen:
                    Board.CellNtcs[channel].Fault = NtcFault.Open;
                    break;
                case FaultKind.NtcShort:
                    Board.CellNtcs[channel].Fault = NtcFault.Short;
                    break;
                case FaultKind.RelayWeld:
                    Board.Contacts[channel].IsWelded = true;
                    break;
                case FaultKind.ClipSlip:
                    _wiring[channel].ClipMilliohms = fault.Milliohms ?? _wiring[channel].ClipMilliohms;
                    break;
                case FaultKind.ClipOff:
                    _wiring[channel].IsClipOff = true;
                    break;
                case FaultKind.ChargerInputLost:
                    _wiring[channel].IsInputLost = true;
                    break;
                case FaultKind.SupplySag:
                    _supplyMillivolts = fault.Millivolts ?? _supplyMillivolts;
                    break;
                case FaultKind.Reboot:
                    _powerOffUntilMilliseconds = Board.Clock.NowMilliseconds + (long)(fault.OffSeconds * 1000);
                    _outageMilliseconds = Board.Clock.NowMilliseconds;
                    _chargedAtOutage = Enumerable.Range(0, _wiring.Length).Select(c => GroupOf(c).ChargedMilliampereHours).ToArray();
                    for (var i = 0; i < _wiring.Length; i++)
                    {
                        Board.Coils[i].Write(false);
                        Board.ChargerSupplies[i].Write(false);
                    }

                    break;
            }

            Note(channel, "fault injected: " + Describe(fault));
        }

        private void Heal(FaultSpec fault)
        {
            var channel = fault.Channel ?? -1;
            switch (fault.Kind)
            {
                case FaultKind.SensorNoAcknowledge:
                    Board.Chips[channel].IsNotAcknowledging = false;
                    break;
                case FaultKind.NtcOpen:
                case FaultKind.NtcShort:
                    Board.CellNtcs[channel].Fault = _scenario.Channels[channel].HasCellNtc ? NtcFault.None : NtcFault.Open;
                    break;
                case FaultKind.RelayWeld:
                    Board.Contacts[channel].IsWelded = false;
                    break;
                case FaultKind.ClipSlip:
                    _wiring[channel].ClipMilliohms = _scenario.Channels[channel].ClipMilliohms;
                    break;
                case FaultKind.ClipOff:
                    _wiring[channel].IsClipOff = false;
                    break;
                case FaultKind.ChargerInputLost:
                    _wiring[channel].IsInputLost = false;
                    break;
                case FaultKind.SupplySag:
                    _supplyMillivolts = 12_000;
                    break;
            }

            Note(channel, "fault over: " + Describe(fault));
        }

        private void Execute(CommandSpec command)
        {
            var controller = Board.Controller;
            string outcome;
            switch (command.Command)
            {
                case CommandKind.Start:
                    _anyStarted = true;
                    outcome = command.Channel is int start ? controller.Start(start).ToString() : controller.StartAll() + " started";
                    break;
                case CommandKind.Stop:
                    if (command.Channel is int stop)
                    {
                        outcome = controller.Stop(stop).ToString();
                    }
                    else
                    {
                        controller.StopAll();
                        outcome = "Ok";
                    }

                    break;
                case CommandKind.Confirm:
                    outcome = controller.ConfirmDeepDischarge(command.Channel.Value).ToString();
                    break;
                case CommandKind.ClearFault:
                    outcome = controller.ClearFault(command.Channel.Value).ToString();
                    break;
                case CommandKind.EmergencyStop:
                    controller.EmergencyStop();
                    outcome = "Ok";
                    break;
                default:
                    ScenarioLoader.TryParseSetting(command.Setting, out var setting);
                    outcome = controller.TrySetSetting(setting, command.Value.Value, out var conflict)
                        + (conflict != SettingId.None ? " (" + conflict + ")" : string.Empty);
                    break;
            }

            Note(command.Channel ?? -1, $"command {Describe(command)}: {outcome}");
        }

        private static string Describe(FaultSpec fault) =>
            fault.Kind switch
            {
                FaultKind.ClipSlip => $"clip slip to {fault.Milliohms} mΩ",
                FaultKind.SupplySag => $"supply sag to {fault.Millivolts} mV",
                FaultKind.Reboot => $"power lost for {fault.OffSeconds} s",
                _ => fault.Kind.ToString(),
            } + (fault.ForMinutes is double lasting && fault.Kind != FaultKind.Reboot ? $" for {lasting} min" : string.Empty);

        private static string Describe(CommandSpec command) =>
            command.Command switch
            {
                CommandKind.Set => $"set {command.Setting} = {command.Value}",
                _ => command.Command.ToString(),
            };

        private sealed record TimelineEntry(long AtMilliseconds, int Order, Action<Simulation> Apply);

        /// <summary>What one channel is clipped onto, and its parts as built (tolerances drawn from the seed).</summary>
        private sealed class ChannelWiring
        {
            public ChannelWiring(ChannelSpec spec, Random random)
            {
                // Drawn in a fixed order whatever the scenario sets, so one channel's setting leaves the others' draws alone.
                var currentDraw = 0.9 + (0.2 * random.NextDouble());   // TP4056: 1200 V / R_PROG, ±10 %
                var cvDraw = 4158 + (84 * random.NextDouble());         // TP4056: 4.2 V ±1 %
                Charger = new ChargerModel(
                    1000 * (spec.ChargerCurrentPercent / 100 ?? currentDraw),
                    spec.ChargerCvMillivolts ?? cvDraw,
                    spec.ChargerDieKelvinPerWatt ?? ChargerModel.DefaultDieKelvinPerWatt);
                ClipMilliohms = spec.ClipMilliohms;
            }

            public ChargerModel Charger { get; }

            public double ClipMilliohms { get; set; }

            public bool IsClipOff { get; set; }

            public bool IsInputLost { get; set; }
        }
    }

    /// <summary>One line of the event log: a firmware event, or a note from the simulator (<see cref="Note"/> set).</summary>
    public sealed record SimulationEvent(long ElapsedMilliseconds, BalancerEvent Event, string Note);

    /// <summary>One row of the time series.</summary>
    public sealed record SeriesRow(long ElapsedMilliseconds, SeriesRow.Channel[] Channels)
    {
        /// <summary>One channel: what the firmware reported, and the physical truth.</summary>
        public sealed record Channel(
            ChannelState State,
            int GroupMillivolts,
            int CurrentMilliamperes,
            int OcvMillivolts,
            double TrueRestingMillivolts,
            double TrueCurrentMilliamperes,
            double GroupCelsius,
            double SocPercent);
    }
}
