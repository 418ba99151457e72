// SPDX-License-Identifier: MIT

using Balancer.Core.Events;
using Balancer.Core.Guardrails;
using Balancer.Core.Settings;
using Balancer.Drivers;
using Balancer.Drivers.Ntc;
using Balancer.Drivers.Relays;

namespace Balancer.Core.Control
{
    /// <summary>
    /// The control loop (spec §2–§5): a drift-free tick that reads every channel, the NTCs and the supply, evaluates the
    /// guardrails, advances each channel's state machine, commands the relays, and toggles the dead-man heartbeat only
    /// when the tick was healthy. Commands (start, stop, clear fault, settings) run on the loop's thread: called directly
    /// between ticks, or queued from other threads (BLE, the button) in <see cref="Commands"/>, which each tick drains
    /// before it reads its frame. The emergency stop acts at once from any thread (<see cref="RequestEmergencyStop"/>).
    /// </summary>
    public sealed class BalancerController
    {
        private readonly BalancerSettings _settings;
        private readonly RelayBank _relays;
        private readonly IClock _clock;
        private readonly MeasurementReader _reader;
        private readonly MeasurementFrame _frame;
        private readonly ChannelController[] _channels;
        private readonly GuardrailInputs _boardInputs = new GuardrailInputs();
        private readonly CalibrationRoutine _calibration;
        private BalancerEvent _event;
        private long _nextDeadlineMilliseconds;
        private long _lastHeartbeatMilliseconds;
        private bool _isHeartbeatHealthy;
        private int _publishedTargetMillivolts;
        private bool _hasPublishedTarget;
        private bool _isCalibrating;
        private volatile bool _isEmergencyStopRequested;
        private readonly TickContext _tick;
        private readonly int _lateTickRow;

        /// <summary>Creates the loop on real (or emulated) hardware. Every relay is open afterwards.</summary>
        public BalancerController(BalancerSettings settings, MeasurementReader reader, RelayBank relays, IClock clock)
            : this(settings, reader.ChannelCount, relays, clock, reader)
        {
        }

        /// <summary>Creates the loop without a reader: samples come in through <see cref="Step"/> (tests, replays).</summary>
        public BalancerController(BalancerSettings settings, int channelCount, RelayBank relays, IClock clock)
            : this(settings, channelCount, relays, clock, null)
        {
        }

        private BalancerController(BalancerSettings settings, int channelCount, RelayBank relays, IClock clock, MeasurementReader reader)
        {
            if (channelCount < 1 || channelCount > MaxChannels || relays.ChannelCount != channelCount)
            {
                throw new System.ArgumentException("1 to 16 channels, one relay each");
            }

            _settings = settings;
            _relays = relays;
            _clock = clock;
            _reader = reader;
            _relays.OpenAll();
            Table = new GuardrailTable(settings);
            BoardGuardrails = new GuardrailMonitor(Table);
            Events = new EventHub();
            _tick = new TickContext(BoardGuardrails, Events);
            _tick.ForgetRelaxation(_settings.Get(SettingId.RelaxationPriorPercent) * 10);
            _lateTickRow = Table.IndexOf(GuardrailId.LateTick);
            Status = new BalancerStatus(channelCount);
            _frame = new MeasurementFrame(channelCount);
            _calibration = new CalibrationRoutine(channelCount);
            _channels = new ChannelController[channelCount];
            for (var i = 0; i < channelCount; i++)
            {
                _channels[i] = new ChannelController(_tick, i, settings, Table, relays, clock);
            }

            _nextDeadlineMilliseconds = clock.NowMilliseconds;
        }

        /// <summary>Commands queued from other threads, drained between ticks on the loop's thread.</summary>
        public CommandQueue Commands { get; } = new CommandQueue();

        /// <summary>Most channels one controller drives (spec §1: 1–16).</summary>
        public const int MaxChannels = 16;

        /// <summary>The guardrail table with the current thresholds.</summary>
        public GuardrailTable Table { get; }

        /// <summary>The board-wide rows' state (board temperature, supply, late tick).</summary>
        public GuardrailMonitor BoardGuardrails { get; }

        /// <summary>Subscribers for events.</summary>
        public EventHub Events { get; }

        /// <summary>The snapshot published after every tick (BLE status, display, simulator).</summary>
        public BalancerStatus Status { get; }

        /// <summary>
        /// Held by <see cref="Step"/> for the whole tick. A thread other than the loop's (BLE's) takes it to read the
        /// status or a channel's account whole, never half of one tick and half of the next. The emergency stop does not
        /// take it (<see cref="RequestEmergencyStop"/>).
        /// </summary>
        public object TickSync { get; } = new object();

        /// <summary>The configuration.</summary>
        public BalancerSettings Settings => _settings;

        /// <summary>Number of channels.</summary>
        public int ChannelCount => _channels.Length;

        /// <summary>A channel's state machine and account.</summary>
        public ChannelController Channel(int index) => _channels[index];

        /// <summary>Whether a charging channel (not a monitor-only reference) is working: a session is under way.</summary>
        public bool IsChargeUnderWay
        {
            get
            {
                for (var i = 0; i < _channels.Length; i++)
                {
                    if (_channels[i].Mode == ChannelMode.Charge && _channels[i].IsActive)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>The clock's time, ms.</summary>
        public long NowMilliseconds => _clock.NowMilliseconds;

        /// <summary>
        /// The pack's relaxation scale, ‰ of the prior: what its rests have shown so far of the polarisation the channels
        /// model (docs/control-core.md).
        /// </summary>
        public int RelaxationScalePermille => _tick.RelaxationScalePermille;

        /// <summary>The session's target, mV; meaningful when <see cref="HasTarget"/>.</summary>
        public int TargetMillivolts => _tick.TargetMillivolts;

        /// <summary>Whether a target is known (Match modes wait for their reference).</summary>
        public bool HasTarget => _tick.HasTarget;

        /// <summary>Emergency stop latched: nothing charges until a channel is started again.</summary>
        public bool IsEmergencyStopped => _tick.IsEmergencyStopped;

        /// <summary>The first active board fault row this tick, or −1.</summary>
        public int BoardFaultRow => _tick.BoardFaultRow;

        /// <summary>The first active board pause row this tick, or −1.</summary>
        public int BoardPauseRow => _tick.BoardPauseRow;

        /// <summary>Whether the current tick started too late: it opened every relay and closes none.</summary>
        public bool IsTickLate => _tick.IsTickLate;

        /// <summary>Ticks that started more than the allowed lateness after their deadline.</summary>
        public long LateTickCount { get; private set; }

        /// <summary>Ticks run.</summary>
        public long TickCount { get; private set; }

        /// <summary>How long the last <see cref="RunOnce"/> worked after its wake-up (read, decide, actuate, trigger), ms.</summary>
        public long LastTickWorkMilliseconds { get; private set; }

        /// <summary>
        /// The longest <see cref="LastTickWorkMilliseconds"/> since start-up, ms: compare it with 20 % of the period. On the
        /// ESP32 the clock moves in 10 ms FreeRTOS ticks, so both read in steps of 10 ms (a 4 ms tick reads 0 or 10).
        /// </summary>
        public long LongestTickWorkMilliseconds { get; private set; }

        /// <summary>When the next tick is due, clock ms: always the previous deadline plus the period.</summary>
        public long NextDeadlineMilliseconds => _nextDeadlineMilliseconds;

        /// <summary>
        /// Longest gap between heartbeat edges while the loop waits for its next tick, ms. The dead-man may let the coils go
        /// 0.25 s after an edge (its self-test window), and a tick may be 1000 ms apart (spec §2: 50–1000): with a period
        /// over this, <see cref="KeepAlive"/> gives an edge every 100 ms of the wait after a healthy tick, so a slow tick
        /// does not drop every relay between ticks. At the default 100 ms the tick's own edge is the only one.
        /// </summary>
        public const int HeartbeatKeepAliveMilliseconds = 100;

        /// <summary>
        /// When the loop next wakes, clock ms: the next deadline, or sooner for a keep-alive edge while the last tick was
        /// healthy and no emergency stop waits (<see cref="HeartbeatKeepAliveMilliseconds"/>).
        /// </summary>
        public long NextWakeMilliseconds
        {
            get
            {
                var keepAlive = _lastHeartbeatMilliseconds + HeartbeatKeepAliveMilliseconds;
                return IsKeepingAlive && keepAlive < _nextDeadlineMilliseconds ? keepAlive : _nextDeadlineMilliseconds;
            }
        }

        private bool IsKeepingAlive => _isHeartbeatHealthy && !_isEmergencyStopRequested;

        /// <summary>
        /// A heartbeat edge between ticks, at <see cref="NextWakeMilliseconds"/> before the deadline, and only while the last
        /// tick was healthy and no emergency stop waits: a tick that fails, hangs or never comes stops the edges, and the
        /// dead-man drops every relay as before. A wake more than <see cref="KeepAliveLateLimitMilliseconds"/> after the
        /// last edge gives none (the coils may have dropped; only the next tick may power them again, after it has checked
        /// how late it is) and ends the keep-alive until then. Nothing else runs; nothing is read.
        /// </summary>
        public void KeepAlive()
        {
            var now = _clock.NowMilliseconds;
            if (IsKeepingAlive && now - _lastHeartbeatMilliseconds <= KeepAliveLateLimitMilliseconds)
            {
                ToggleHeartbeat(now);
            }
            else
            {
                _isHeartbeatHealthy = false;
            }
        }

        /// <summary>
        /// The latest a keep-alive edge may come after the one before, ms: inside the dead-man's shortest release (0.25 s),
        /// so an edge is never the one that powers coils that had already let go.
        /// </summary>
        public const int KeepAliveLateLimitMilliseconds = 2 * HeartbeatKeepAliveMilliseconds;

        /// <summary>
        /// Starts the tick grid afresh from now, while nothing works: the boot reads the flash, checks the dead-man and
        /// starts BLE between building the controller and the loop, and that wait is not a late tick. Refused (false) once
        /// a channel works or a relay is closed, so it cannot hide a tick that is truly late.
        /// </summary>
        public bool RestartSchedule()
        {
            for (var i = 0; i < _channels.Length; i++)
            {
                if (ChannelStates.IsWorking(_channels[i].State) || _relays.IsClosed(i))
                {
                    return false;
                }
            }

            _nextDeadlineMilliseconds = _clock.NowMilliseconds;
            return true;
        }

        /// <summary>
        /// Waits for the next deadline (with a keep-alive edge every <see cref="HeartbeatKeepAliveMilliseconds"/> of a
        /// longer wait), reads every sensor, decides, actuates and triggers the next conversions. The deadline advances by
        /// the period from the previous deadline, never from now, so the loop does not drift.
        /// </summary>
        public void RunOnce()
        {
            for (var wake = NextWakeMilliseconds; wake < _nextDeadlineMilliseconds; wake = NextWakeMilliseconds)
            {
                _clock.SleepUntil(wake);
                KeepAlive();
            }

            _clock.SleepUntil(_nextDeadlineMilliseconds);
            var now = _clock.NowMilliseconds;
            var deadline = _nextDeadlineMilliseconds;
            if (_reader != null)
            {
                _reader.Read(_frame, now);
            }

            _frame.NowMilliseconds = now;
            Step(_frame, now - deadline);
            if (_reader != null)
            {
                _reader.TriggerConversions(_clock.NowMilliseconds);
            }

            // The tick's own work time, measured by the board's clock: the figure the device-cost model estimates.
            var work = _clock.NowMilliseconds - now;
            LastTickWorkMilliseconds = work;
            if (work > LongestTickWorkMilliseconds)
            {
                LongestTickWorkMilliseconds = work;
            }

            var period = _settings.TickPeriodMilliseconds;
            _nextDeadlineMilliseconds = deadline + period;
            if (_nextDeadlineMilliseconds <= now)
            {
                // Missed whole periods: stay on the grid, skip the ones already gone.
                var missed = ((now - _nextDeadlineMilliseconds) / period) + 1;
                _nextDeadlineMilliseconds += missed * period;
            }
        }

        /// <summary>
        /// One tick on a frame that is already read: board guardrails, then each channel (guardrails, reaction, state
        /// machine), then the heartbeat if the tick was healthy, then the status snapshot. Allocates nothing.
        /// </summary>
        /// <param name="frame">What was read, with its time.</param>
        /// <param name="latenessMilliseconds">How late the tick started after its deadline.</param>
        /// <returns>True when the tick was healthy and the heartbeat was toggled.</returns>
        public bool Step(MeasurementFrame frame, long latenessMilliseconds)
        {
            lock (TickSync)
            {
                return StepLocked(frame, latenessMilliseconds);
            }
        }

        private bool StepLocked(MeasurementFrame frame, long latenessMilliseconds)
        {
            if (_isEmergencyStopRequested)
            {
                _isEmergencyStopRequested = false;
                EmergencyStop();
            }

            DrainCommands();
            var now = frame.NowMilliseconds;
            TickCount++;
            var healthy = true;
            try
            {
                _tick.IsTickLate = EvaluateBoard(frame, latenessMilliseconds);
                UpdateTarget(now);
                for (var i = 0; i < _channels.Length; i++)
                {
                    _channels[i].Step(ref frame.Channels[i], now);
                    if (_isCalibrating)
                    {
                        _calibration.Add(i, ref frame.Channels[i]);
                    }
                }

                if (IsTickLate)
                {
                    // Each channel has moved to a state with its relay open; this makes sure of it.
                    healthy = false;
                    LateTickCount++;
                    _relays.OpenAll();
                }
            }
            catch (System.Exception)
            {
                healthy = false;
                _relays.OpenAll();
                for (var i = 0; i < _channels.Length; i++)
                {
                    _channels[i].OnInternalError(now);
                }
            }

            _isHeartbeatHealthy = healthy;
            if (healthy)
            {
                // Timed from the tick's start, not read again: the next keep-alive comes a little early, never late.
                ToggleHeartbeat(now);
            }

            Status.Capture(this, _channels, _relays, frame, healthy);
            return healthy;
        }

        private void ToggleHeartbeat(long now)
        {
            _relays.ToggleHeartbeat();
            _lastHeartbeatMilliseconds = now;
        }

        /// <summary>Starts one channel: it checks its clip, then charges to the target.</summary>
        public CommandResult Start(int channel)
        {
            if (!IsChannel(channel))
            {
                return CommandResult.UnknownChannel;
            }

            if (_isCalibrating)
            {
                return CommandResult.Busy;
            }

            if (_isEmergencyStopRequested)
            {
                // The loop has not handled the stop yet: nothing starts before it has.
                return CommandResult.CancelledByEmergencyStop;
            }

            // A start is the one way out of an emergency stop's lock-out (every other channel is idle by now). A stop from
            // another thread (BLE) may land right here: it raises its flag before it locks the bank out, so checking the
            // flag again after the release either sees it and locks out again, or the stop's own lock-out comes after.
            _relays.ReleaseLockOut();
            if (_isEmergencyStopRequested)
            {
                _relays.EmergencyOpen();
                return CommandResult.CancelledByEmergencyStop;
            }

            var result = _channels[channel].Start(_clock.NowMilliseconds);
            if (result == CommandResult.Ok)
            {
                _tick.IsEmergencyStopped = false;
                ReleaseTargetIfSessionOver(channel);
            }

            return result;
        }

        /// <summary>
        /// Sets the session's target (its mode, and the typed value or the reference channel the mode needs) and starts every
        /// idle or finished channel. Returns the channels started, or −<see cref="CommandResult.InvalidValue"/> and changes
        /// nothing when the mode or its value is refused.
        /// </summary>
        public int StartSession(TargetMode mode, int parameter)
        {
            // The mode first, then its value through the setting's own checks (range, the board's channels), which change
            // nothing when they refuse; a mode in range is then always accepted, so nothing is half set.
            var needs = mode == TargetMode.MatchValue ? SettingId.TargetMillivolts : mode == TargetMode.MatchReference ? SettingId.ReferenceChannel : SettingId.None;
            if (mode < TargetMode.TopOff || mode > TargetMode.MatchHighest
                || (needs != SettingId.None && TrySetSetting(needs, parameter, out _) != SettingResult.Ok))
            {
                return -(int)CommandResult.InvalidValue;
            }

            TrySetSetting(SettingId.TargetMode, (int)mode, out _);
            return StartAll();
        }

        /// <summary>Starts every idle or finished channel; returns how many started.</summary>
        public int StartAll()
        {
            var started = 0;
            for (var i = 0; i < _channels.Length; i++)
            {
                if (Start(i) == CommandResult.Ok)
                {
                    started++;
                }
            }

            return started;
        }

        /// <summary>Stops one channel: relay open, charger off, back to Idle. A latched fault stays.</summary>
        public CommandResult Stop(int channel) =>
            IsChannel(channel) ? _channels[channel].Stop(_clock.NowMilliseconds, TransitionReason.StopCommand) : CommandResult.UnknownChannel;

        /// <summary>Stops every channel that is not faulted.</summary>
        public void StopAll()
        {
            for (var i = 0; i < _channels.Length; i++)
            {
                _channels[i].Stop(_clock.NowMilliseconds, TransitionReason.StopCommand);
            }
        }

        /// <summary>
        /// Opens every relay and cuts every charger supply at once; every channel that is not faulted goes to Idle.
        /// Anyone may stop (spec §6); starting again is an authenticated command.
        /// </summary>
        public void EmergencyStop()
        {
            var now = _clock.NowMilliseconds;
            _relays.EmergencyOpen();
            _tick.IsEmergencyStopped = true;
            for (var i = 0; i < _channels.Length; i++)
            {
                _channels[i].OnEmergencyStop(now);
            }

            _event.Channel = -1;
            Publish(EventKind.EmergencyStop, now, 0, 0);
        }

        /// <summary>
        /// The emergency stop from any thread (the button's, BLE's): every relay opens and every charger supply switches
        /// off now, not at the next tick; commands still queued are dropped; the loop then moves every channel to Idle and
        /// publishes the stop at its next tick.
        /// </summary>
        public void RequestEmergencyStop()
        {
            _isEmergencyStopRequested = true;
            _relays.EmergencyOpen();
            Commands.CancelAll(CommandResult.CancelledByEmergencyStop);
        }

        /// <summary>Runs every queued command, oldest first, on the loop's thread.</summary>
        public void DrainCommands()
        {
            while (Commands.TryDequeue(out var command, out var channel, out var value, out var argument, out var ticket))
            {
                Commands.Complete(ticket, Execute(command, channel, value, argument));
            }
        }

        private int Execute(QueuedCommand command, int channel, int value, int argument)
        {
            switch (command)
            {
                case QueuedCommand.Start:
                    return (int)Start(channel);
                case QueuedCommand.Stop:
                    return (int)Stop(channel);
                case QueuedCommand.StartAll:
                    return StartAll();
                case QueuedCommand.StopAll:
                    StopAll();
                    return (int)CommandResult.Ok;
                case QueuedCommand.ClearFault:
                    return (int)ClearFault(channel);
                case QueuedCommand.ConfirmDeepDischarge:
                    return (int)ConfirmDeepDischarge(channel);
                case QueuedCommand.SetMode:
                    return (int)SetMode(channel, (ChannelMode)value);
                case QueuedCommand.SetSetting:
                    return (int)TrySetSetting((SettingId)value, argument, out _);
                case QueuedCommand.BeginCalibration:
                    return (int)BeginCalibration();
                case QueuedCommand.FinishCalibration:
                    return FinishCalibration(value);
                case QueuedCommand.StartSession:
                    return StartSession((TargetMode)value, argument);
                default:
                    return (int)CommandResult.InvalidValue;
            }
        }

        /// <summary>Clears a latched fault, never while its cause shows in the latest samples.</summary>
        public CommandResult ClearFault(int channel) =>
            IsChannel(channel) ? _channels[channel].ClearFault(_clock.NowMilliseconds) : CommandResult.UnknownChannel;

        /// <summary>The technician confirms charging a deep-discharged (1.5–2.5 V) group.</summary>
        public CommandResult ConfirmDeepDischarge(int channel) =>
            IsChannel(channel) ? _channels[channel].ConfirmDeepDischarge() : CommandResult.UnknownChannel;

        /// <summary>Makes a channel charge or watch (the Match reference). Only while it is idle.</summary>
        public CommandResult SetMode(int channel, ChannelMode mode)
        {
            if (!IsChannel(channel))
            {
                return CommandResult.UnknownChannel;
            }

            if (mode != ChannelMode.Charge && mode != ChannelMode.MonitorOnly)
            {
                return CommandResult.InvalidValue;
            }

            if (_channels[channel].State != ChannelState.Idle && _channels[channel].State != ChannelState.Done)
            {
                return CommandResult.WrongState;
            }

            _channels[channel].Mode = mode;
            _event.Channel = channel;
            Publish(EventKind.ModeChanged, _clock.NowMilliseconds, (int)mode, 0);
            return CommandResult.Ok;
        }

        /// <summary>
        /// Changes a setting if it is in range and consistent; the guardrail table takes the new thresholds at once.
        /// A refused value changes nothing.
        /// </summary>
        public SettingResult TrySetSetting(SettingId id, int value, out SettingId conflictsWith)
        {
            conflictsWith = SettingId.None;
            if (id == SettingId.ReferenceChannel && value >= _channels.Length)
            {
                return SettingResult.AboveMaximum;
            }

            var result = _settings.TrySet(id, value, out conflictsWith);
            if (result == SettingResult.Ok)
            {
                Table.Apply(_settings);
                _event.Channel = -1;
                Publish(EventKind.SettingChanged, _clock.NowMilliseconds, value, (int)id);
            }

            return result;
        }

        /// <summary>Applies a stored or computed calibration to a channel; an implausible one is refused.</summary>
        public CommandResult SetCalibration(int channel, ChannelCalibration calibration)
        {
            if (!IsChannel(channel))
            {
                return CommandResult.UnknownChannel;
            }

            if (!calibration.IsPlausible)
            {
                return CommandResult.InvalidValue;
            }

            if (_reader != null)
            {
                _reader.Calibrations[channel] = calibration;
            }

            if (channel < 32)
            {
                CalibratedChannelMask |= 1 << channel;
            }

            _event.Channel = channel;
            Publish(EventKind.CalibrationSet, _clock.NowMilliseconds, calibration.VoltageGainPpm, calibration.VoltageOffsetMillivolts);
            return CommandResult.Ok;
        }

        /// <summary>
        /// Disables a channel the boot's self-test found unusable (its INA219 missing, the dead-man not working): it latches
        /// <see cref="FaultCode.SelfTestFailed"/> with the measured value and the <see cref="SelfTestFinding"/> as its
        /// threshold, and nothing takes it out of Fault until the next boot.
        /// </summary>
        public CommandResult DisableChannel(int channel, int value, SelfTestFinding finding)
        {
            if (!IsChannel(channel))
            {
                return CommandResult.UnknownChannel;
            }

            _channels[channel].Disable(value, (int)finding, _clock.NowMilliseconds);
            return CommandResult.Ok;
        }

        /// <summary>A channel's calibration: the one applied, or the all-zero one (not plausible) when it has none.</summary>
        public ChannelCalibration CalibrationOf(int channel) =>
            _reader != null && IsCalibrated(channel) ? _reader.Calibrations[channel] : default(ChannelCalibration);

        /// <summary>
        /// Publishes an event of the board's from the app (the boot's settings fallback), on the loop's thread between
        /// ticks.
        /// </summary>
        public void Announce(EventKind kind, int value, int threshold) => Announce(kind, -1, value, threshold);

        /// <summary>Publishes an event about a channel (or the board, −1) from the app, between ticks.</summary>
        public void Announce(EventKind kind, int channel, int value, int threshold)
        {
            _event.Channel = channel;
            Publish(kind, _clock.NowMilliseconds, value, threshold);
        }

        /// <summary>
        /// One bit per channel (channel 0 the lowest) whose INA219 has a calibration, from the routine or stored. A channel
        /// without one still charges, and its status and report line say so: its voltage carries the chip's own ±0.5 %.
        /// </summary>
        public int CalibratedChannelMask { get; private set; }

        /// <summary>Whether a channel's INA219 has a calibration.</summary>
        public bool IsCalibrated(int channel) => channel >= 0 && channel < 32 && (CalibratedChannelMask & (1 << channel)) != 0;

        /// <summary>
        /// Begins the calibration routine (spec §2): every channel clipped onto one reference cell, relays open. Only
        /// while every channel is idle.
        /// </summary>
        public CommandResult BeginCalibration()
        {
            for (var i = 0; i < _channels.Length; i++)
            {
                if (_channels[i].State != ChannelState.Idle && _channels[i].State != ChannelState.Done)
                {
                    return CommandResult.Busy;
                }
            }

            _calibration.Reset();
            _isCalibrating = true;
            return CommandResult.Ok;
        }

        /// <summary>
        /// Ends the routine with the reference cell's voltage read on a meter: each channel with enough samples gets
        /// its voltage gain and current offset. Returns how many channels were calibrated.
        /// </summary>
        public int FinishCalibration(int referenceMillivolts)
        {
            _isCalibrating = false;
            var calibrated = 0;
            for (var i = 0; i < _channels.Length; i++)
            {
                if (_calibration.TryCompute(i, referenceMillivolts, out var calibration) == CalibrationResult.Ok
                    && SetCalibration(i, calibration) == CommandResult.Ok)
                {
                    calibrated++;
                }
            }

            return calibrated;
        }

        /// <summary>Whether the calibration routine is collecting samples.</summary>
        public bool IsCalibrating => _isCalibrating;

        /// <summary>The calibration routine's collected samples.</summary>
        public CalibrationRoutine Calibration => _calibration;

        private bool EvaluateBoard(MeasurementFrame frame, long latenessMilliseconds)
        {
            _boardInputs.Clear();
            if (frame.Board.Status == NtcStatus.Ok)
            {
                _boardInputs.Set(GuardrailQuantity.BoardDeciCelsius, frame.Board.TemperatureDeciCelsius);
                _boardInputs.Set(GuardrailQuantity.BoardSensorBroken, 0);
            }
            else
            {
                _boardInputs.Set(GuardrailQuantity.BoardSensorBroken, 1);
            }

            _boardInputs.Set(GuardrailQuantity.SupplyMillivolts, frame.SupplyMillivolts);
            _boardInputs.Set(GuardrailQuantity.LatenessMilliseconds, latenessMilliseconds);
            BoardGuardrails.Evaluate(Table, _boardInputs, true);
            _tick.BoardFaultRow = BoardGuardrails.FirstActive(Table, true);
            _tick.BoardPauseRow = BoardGuardrails.FirstActive(Table, false);
            var lateRow = _lateTickRow;
            if (!BoardGuardrails.IsActive(lateRow))
            {
                return false;
            }

            _event.Channel = -1;
            _event.Guardrail = GuardrailId.LateTick;
            _event.Fault = FaultCode.LoopOverrun;
            _event.Reason = TransitionReason.LateTick;
            Publish(EventKind.LateTick, frame.NowMilliseconds, (int)IntegerMath.Min(int.MaxValue, latenessMilliseconds), Table[lateRow].TripValue);
            return true;
        }

        private void UpdateTarget(long now)
        {
            var mode = (TargetMode)_settings.Get(SettingId.TargetMode);
            switch (mode)
            {
                case TargetMode.TopOff:
                    SetTarget(HardLimits.MaxRestingMillivolts);
                    break;

                case TargetMode.MatchValue:
                    SetTarget(_settings.Get(SettingId.TargetMillivolts));
                    break;

                case TargetMode.MatchReference:
                    var reference = _channels[_settings.Get(SettingId.ReferenceChannel)];
                    if (reference.Mode == ChannelMode.MonitorOnly && reference.State == ChannelState.Ready && reference.HasOcv)
                    {
                        SetTarget(reference.OcvMillivolts);
                    }
                    else
                    {
                        _tick.HasTarget = false;
                    }

                    break;

                case TargetMode.MatchHighest:
                    if (!HasTarget)
                    {
                        FixHighestTarget();
                    }

                    break;

                default:
                    _tick.HasTarget = false;
                    break;
            }

            if (HasTarget && (!_hasPublishedTarget
                || IntegerMath.Abs(TargetMillivolts - _publishedTargetMillivolts) >= _settings.ToleranceMillivolts))
            {
                _hasPublishedTarget = true;
                _publishedTargetMillivolts = TargetMillivolts;
                _event.Channel = -1;
                Publish(EventKind.TargetSet, now, TargetMillivolts, (int)mode);
            }
        }

        /// <summary>Match the highest group: fixed once no started channel is still checking its clip.</summary>
        private void FixHighestTarget()
        {
            var highest = 0;
            var found = false;
            for (var i = 0; i < _channels.Length; i++)
            {
                var channel = _channels[i];
                if (channel.State == ChannelState.Checking && channel.CheckStep != CheckStep.AwaitingConfirmation)
                {
                    return;
                }

                if (channel.HasStartOcv && channel.Fault == FaultCode.None && channel.State != ChannelState.Idle
                    && channel.StartOcvMillivolts > highest)
                {
                    highest = channel.StartOcvMillivolts;
                    found = true;
                }
            }

            if (found)
            {
                SetTarget(highest);
            }
        }

        private void SetTarget(int millivolts)
        {
            _tick.TargetMillivolts = millivolts < HardLimits.MaxRestingMillivolts ? millivolts : HardLimits.MaxRestingMillivolts;
            _tick.HasTarget = true;
        }

        /// <summary>
        /// When every channel was idle, a start begins a new session, perhaps on another pack: the relaxation learned on
        /// the last one is forgotten, and a Match-highest target, which belongs to one session, is released.
        /// </summary>
        private void ReleaseTargetIfSessionOver(int startedChannel)
        {
            for (var i = 0; i < _channels.Length; i++)
            {
                if (i != startedChannel && _channels[i].IsActive)
                {
                    return;
                }
            }

            _tick.ForgetRelaxation(_settings.Get(SettingId.RelaxationPriorPercent) * 10);
            if ((TargetMode)_settings.Get(SettingId.TargetMode) != TargetMode.MatchHighest)
            {
                return;
            }

            _tick.HasTarget = false;
            _hasPublishedTarget = false;
        }

        private bool IsChannel(int channel) => channel >= 0 && channel < _channels.Length;

        private void Publish(EventKind kind, long now, int value, int threshold)
        {
            _event.TimeMilliseconds = now;
            _event.Kind = kind;
            _event.Value = value;
            _event.Threshold = threshold;
            Events.Publish(ref _event);
            _event.Fault = FaultCode.None;
            _event.Guardrail = GuardrailId.None;
            _event.Reason = TransitionReason.None;
        }
    }
}
