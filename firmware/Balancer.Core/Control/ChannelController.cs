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
    /// One channel's life (spec §3): the state machine, its guardrails, and the account of what it did. One
    /// <c>switch</c> over the state with guard predicates; <see cref="TransitionTo"/> records every edge; relays switch
    /// only on entering a state (the clip check's short contact probe is the one step inside a state that closes it).
    /// </summary>
    public sealed class ChannelController
    {
        /// <summary>Samples averaged into one open-circuit voltage (1 s at the default tick).</summary>
        public const int OcvSamples = 10;

        /// <summary>Samples averaged per reading while a topped group settles (10 s at the default tick: ±0.2 mV).</summary>
        public const int SettleWatchSamples = 100;

        /// <summary>How far below the topped threshold a settling group may read before it is charged again, mV.</summary>
        public const int SagHysteresisMillivolts = 1;

        /// <summary>Settled samples averaged while the contact probe has the relay closed.</summary>
        public const int ProbeSamples = ContactProbe.Samples;

        /// <summary>Below this probe current ΔV/ΔI says nothing (4 mV LSB ÷ 50 mA = 80 mΩ resolution), mA.</summary>
        public const int ProbeMinimumMilliamperes = ContactProbe.MinimumMilliamperes;

        /// <summary>
        /// Lowest CV a TP4056 module can have (4.2 V − 1.5 % for the TC4056A clones, less 37 mV of margin), mV. A
        /// current that falls to the termination level at a lower voltage is a charger that is not delivering, not a
        /// charger that reached its CV.
        /// </summary>
        public const int ChargerVoltageFloorMillivolts = 4100;

        /// <summary>TP4056: termination (and trickle) at 1/10 of the programmed current.</summary>
        public const int TerminationDivisor = 10;

        /// <summary>Samples in a row at or below the termination current that count as the charger tapering.</summary>
        public const int TaperSamples = 10;

        /// <summary>
        /// Settled samples at the start of each pulse that measure the series resistance against the rested voltage.
        /// Later in a pulse the group's own rise would read as resistance.
        /// </summary>
        public const int PulseResistanceSamples = 5;

        /// <summary>How many rest times the last rest before Topped lasts.</summary>
        public const int FinalRestFactor = 3;

        /// <summary>Settled samples averaged into each predicted relaxed OCV that can end a pulse at the target (1 s at 100 ms).</summary>
        public const int NearTargetSamples = 10;

        /// <summary>Consecutive tapered pulses, with the rested voltage short of target, that mean the charger's CV is the limit.</summary>
        public const int ChargerLimitPulses = 2;

        /// <summary>One hold sample per minute (spec §3), ms.</summary>
        public const int HoldSampleMilliseconds = HoldMeter.SampleMilliseconds;

        /// <summary>
        /// How much of the modelled hidden voltage the decisions that end a charge leave out, %. The pack's scale is learned
        /// from 30 s rests, which a pack relaxing at half the prior's time constants shows as 22 % more than its cells hold
        /// and one at twice as 32 % less; the rests' 1–3 mV falls are too small for a 4 mV-step sensor to tell the two
        /// apart (docs/control-core.md). Stopping short costs a top-up; stopping over leaves a group the adapter cannot
        /// discharge. So the decisions lean short.
        /// </summary>
        public const int DecisionMarginPercent = 15;

        private const long MicroampereMillisecondsPerMilliampereHour = ChannelAccount.MicroampereMillisecondsPerMilliampereHour;

        private readonly TickContext _tick;
        private readonly IClock _clock;
        private readonly BalancerSettings _settings;
        private readonly GuardrailTable _table;
        private readonly RelayBank _relays;
        private readonly GuardrailInputs _inputs = new GuardrailInputs();
        private readonly GuardrailMonitor _guardrails;
        private readonly int _index;

        // A field, not the property: on nanoCLR every property read is a call. The status snapshot reads it too.
        internal readonly ChannelAccount _account = new ChannelAccount();
        private BalancerEvent _event;
        internal readonly ClipCheck _clip = new ClipCheck();
        internal bool _isAlarmSounding;
        private long _stateEnteredAtMilliseconds;

        private long _ocvSumMillivolts;
        private int _ocvCount;
        private int _runningMaximumMillivolts;
        private int _currentAtMaximumMilliamperes;
        private bool _hasRunningMaximum;
        private int _taperCount;
        private bool _pulseTapered;
        private int _taperedPulses;
        private long _lastCountedAtMilliseconds;
        private bool _isCounting;
        private long _recoveryMarkMicroampereMilliseconds;
        private int _recoveryMarkMillivolts = NoRecoveryMark;

        // No voltage marked yet: a value no reading can take, so even a 0 mV reading is marked.
        private const int NoRecoveryMark = int.MinValue;
        private bool _hasChargeStarted;
        private long _pausedAtMilliseconds;
        private readonly HoldMeter _hold = new HoldMeter();
        private readonly PulsePlanner _pulses = new PulsePlanner();
        private int _pausingRow;
        private bool _isToppedByCharger;
        private int _nearTargetCount;
        private long _nearTargetSumMillivolts;
        private readonly RelaxationTracker _relaxation = new RelaxationTracker();
        private readonly RestDecay _restDecay = new RestDecay();
        private long _trackedAtMilliseconds;
        private bool _isTracking;
        private int _ocvMicrovolts;
        private int _effectiveOcvMillivolts;
        private int _pulseResistanceSamples;

        // This tick's sample as the state machine reads it, set at the start of Step.
        private bool _isSampleValid;
        private int _milliamperes;
        private bool _isRelayClosedAtSample;

        internal ChannelController(TickContext tick, int index, BalancerSettings settings, GuardrailTable table, RelayBank relays, IClock clock)
        {
            _tick = tick;
            _clock = clock;
            _index = index;
            _settings = settings;
            _table = table;
            _relays = relays;
            _guardrails = new GuardrailMonitor(table);
            _pausingRow = -1;
        }

        /// <summary>Channel index, 0-based.</summary>
        public int Index => _index;

        /// <summary>The session's account: what the status, the report, the log and BLE read.</summary>
        public ChannelAccount Account => _account;

        /// <summary>Charge, or watch as the Match reference.</summary>
        public ChannelMode Mode { get => _account.Mode; internal set => _account.Mode = value; }

        /// <summary>Where the channel is in its life.</summary>
        public ChannelState State { get => _account.State; private set => _account.State = value; }

        /// <summary>Why it got there.</summary>
        public TransitionReason LastReason { get; private set; }

        /// <summary>When the state was entered, clock ms.</summary>
        public long StateEnteredAtMilliseconds => _stateEnteredAtMilliseconds;

        /// <summary>Progress of the clip check.</summary>
        public CheckStep CheckStep => _clip._step;

        /// <summary>The debounce and hysteresis state of this channel's guardrails.</summary>
        public GuardrailMonitor Guardrails => _guardrails;

        /// <summary>Whether the relay is commanded closed.</summary>
        public bool IsRelayClosed => _relays.IsClosed(_index);

        /// <summary>The technician confirmed charging a deep-discharged group.</summary>
        public bool IsDeepDischargeConfirmed { get => _account.IsDeepDischargeConfirmed; private set => _account.IsDeepDischargeConfirmed = value; }

        /// <summary>Latest rested (open-circuit) voltage, mV; meaningful when <see cref="HasOcv"/>.</summary>
        public int OcvMillivolts { get => _account.OcvMillivolts; private set => _account.OcvMillivolts = value; }

        /// <summary>Whether an open-circuit voltage was measured this session.</summary>
        public bool HasOcv { get => _account.HasOcv; private set => _account.HasOcv = value; }

        /// <summary>The open-circuit voltage measured by the clip check, mV.</summary>
        public int StartOcvMillivolts { get => _account.StartOcvMillivolts; private set => _account.StartOcvMillivolts = value; }

        /// <summary>Whether the clip check measured a starting voltage.</summary>
        public bool HasStartOcv { get => _account.HasStartOcv; private set => _account.HasStartOcv = value; }

        /// <summary>Series resistance (group + leads + clip) from the contact probe, µΩ; meaningful when <see cref="HasSeriesResistance"/>.</summary>
        public int SeriesResistanceMicroohms { get => _account.SeriesResistanceMicroohms; private set => _account.SeriesResistanceMicroohms = value; }

        /// <summary>Whether the probe produced a resistance (it needs at least <see cref="ProbeMinimumMilliamperes"/>).</summary>
        public bool HasSeriesResistance { get => _account.HasSeriesResistance; private set => _account.HasSeriesResistance = value; }

        /// <summary>Charge delivered this session, µA·ms (divide by 3.6 × 10⁹ for mAh).</summary>
        public long DeliveredMicroampereMilliseconds { get => _account.DeliveredMicroampereMilliseconds; private set => _account.DeliveredMicroampereMilliseconds = value; }

        /// <summary>Charge delivered this session, mAh.</summary>
        public int DeliveredMilliampereHours => (int)(_account.DeliveredMicroampereMilliseconds / MicroampereMillisecondsPerMilliampereHour);

        /// <summary>Time with the relay closed this session, ms.</summary>
        public long ChargeMilliseconds { get => _account.ChargeMilliseconds; private set => _account.ChargeMilliseconds = value; }

        /// <summary>Highest cell temperature this session, 0.1 °C; meaningful when <see cref="HasPeakTemperature"/>.</summary>
        public int PeakDeciCelsius { get => _account.PeakDeciCelsius; private set => _account.PeakDeciCelsius = value; }

        /// <summary>Whether a cell temperature was read this session.</summary>
        public bool HasPeakTemperature { get => _account.HasPeakTemperature; private set => _account.HasPeakTemperature = value; }

        /// <summary>Pauses this session.</summary>
        public int PauseCount { get => _account.PauseCount; private set => _account.PauseCount = value; }

        /// <summary>Time paused this session, ms.</summary>
        public long PauseMilliseconds { get => _account.PauseMilliseconds; private set => _account.PauseMilliseconds = value; }

        /// <summary>Whether the group has passed the recovery voltage (or started above it).</summary>
        public bool HasRecovered { get => _account.HasRecovered; private set => _account.HasRecovered = value; }

        /// <summary>The charger's own CV when it, not the target, ended the charge, mV; 0 otherwise.</summary>
        public int ChargerLimitMillivolts { get => _account.ChargerLimitMillivolts; private set => _account.ChargerLimitMillivolts = value; }

        /// <summary>Self-discharge from the hold, µV/h (positive: the voltage fell); meaningful when <see cref="HasSelfDischarge"/>.</summary>
        public int SelfDischargeMicrovoltsPerHour { get => _account.SelfDischargeMicrovoltsPerHour; private set => _account.SelfDischargeMicrovoltsPerHour = value; }

        /// <summary>The self-discharge's uncertainty, µV/h; meaningful when <see cref="HasSelfDischarge"/>.</summary>
        public int SelfDischargeUncertaintyMicrovoltsPerHour => _account.SelfDischargeUncertaintyMicrovoltsPerHour;

        /// <summary>Whether the group was already at or above the target before any charge.</summary>
        public bool IsFoundAtTarget => _account.IsFoundAtTarget;

        /// <summary>
        /// Minutes until the group reaches the target at the charge it has been taking, from its last rested voltage, the
        /// slope its pulses measured (µV per mAh) and their average current; −1 while it is not charging or either is
        /// still unknown. An estimate for the status, not a decision: the last rests and the watch add a few minutes.
        /// </summary>
        public int MinutesToTarget
        {
            get
            {
                var state = _account.State;
                if ((state != ChannelState.Charging && state != ChannelState.Resting) || !_tick.HasTarget || !_account.HasOcv)
                {
                    return -1;
                }

                var missing = _tick.TargetMillivolts - _account.OcvMillivolts;
                var slope = _pulses.SlopeMicrovoltsPerMilliampereHour;
                var current = _pulses.AverageMicroamperes;
                if (missing <= 0)
                {
                    return 0;
                }

                if (slope <= 0 || current <= 0)
                {
                    return -1;
                }

                // mAh still to go from the last rested voltage, less what went in since (the pulse that followed it), at mA:
                // minutes = µA·ms to go ÷ µA ÷ 60 000.
                var toGo = (missing * 1000L * MicroampereMillisecondsPerMilliampereHour / slope)
                    - (_account.DeliveredMicroampereMilliseconds - _pulses.ChargeAtStartMicroampereMilliseconds);
                if (toGo <= 0)
                {
                    return 0;
                }

                var minutes = toGo / current / 60_000;
                return minutes > ushort.MaxValue - 1 ? ushort.MaxValue - 1 : (int)minutes;
            }
        }

        /// <summary>Whether a hold produced a self-discharge figure.</summary>
        public bool HasSelfDischarge { get => _account.HasSelfDischarge; private set => _account.HasSelfDischarge = value; }

        /// <summary>The latched fault, or None.</summary>
        public FaultCode Fault { get => _account.Fault; private set => _account.Fault = value; }

        /// <summary>The guardrail that latched the fault, or None for a clip-check refusal.</summary>
        public GuardrailId FaultGuardrail { get => _account.FaultGuardrail; private set => _account.FaultGuardrail = value; }

        /// <summary>The measured value at the fault, in the unit of the guardrail (mV for the clip check, µΩ for the contact).</summary>
        public int FaultValue { get => _account.FaultValue; private set => _account.FaultValue = value; }

        /// <summary>The threshold it crossed.</summary>
        public int FaultThreshold { get => _account.FaultThreshold; private set => _account.FaultThreshold = value; }

        /// <summary>Whether the relay-stuck alarm sounds (cleared with the fault).</summary>
        public bool IsAlarmSounding => _isAlarmSounding;

        /// <summary>Whether the channel holds a group in an active state (its guardrails are live).</summary>
        public bool IsActive => _account.State != ChannelState.Idle && _account.State != ChannelState.Done && _account.State != ChannelState.Fault;

        /// <summary>Whether the state is one where charging may still come (pauses apply here).</summary>
        public bool IsChargeBound =>
            _account.State == ChannelState.Ready || _account.State == ChannelState.Charging || _account.State == ChannelState.Resting;

        internal CommandResult Start(long nowMilliseconds)
        {
            if (_account.State != ChannelState.Idle && _account.State != ChannelState.Done)
            {
                return CommandResult.WrongState;
            }

            ResetSession();
            TransitionTo(ChannelState.Checking, TransitionReason.StartCommand, nowMilliseconds);
            return CommandResult.Ok;
        }

        internal CommandResult Stop(long nowMilliseconds, TransitionReason reason)
        {
            if (_account.State == ChannelState.Fault)
            {
                return CommandResult.WrongState;
            }

            if (_account.State == ChannelState.Paused)
            {
                EndPause(nowMilliseconds);
            }

            if (_account.State != ChannelState.Idle)
            {
                TransitionTo(ChannelState.Idle, reason, nowMilliseconds);
            }

            return CommandResult.Ok;
        }

        internal CommandResult ConfirmDeepDischarge()
        {
            if (_account.State != ChannelState.Checking || _clip._step != CheckStep.AwaitingConfirmation)
            {
                return CommandResult.WrongState;
            }

            _account.IsDeepDischargeConfirmed = true;
            return CommandResult.Ok;
        }

        internal CommandResult ClearFault(long nowMilliseconds)
        {
            if (_account.State != ChannelState.Fault)
            {
                return CommandResult.WrongState;
            }

            if (IsFaultCausePresent())
            {
                return CommandResult.CauseStillPresent;
            }

            Publish(EventKind.FaultCleared, nowMilliseconds, 0, 0);
            _isAlarmSounding = false;
            TransitionTo(ChannelState.Idle, TransitionReason.FaultCleared, nowMilliseconds);
            return CommandResult.Ok;
        }

        /// <summary>Whether the latched fault's cause shows in the latest samples.</summary>
        public bool IsFaultCausePresent()
        {
            if (_account.Fault == FaultCode.SelfTestFailed)
            {
                return true; // the self-test's finding stands until a boot finds the sensor (no field: the heap is tight)
            }

            if (_account.FaultGuardrail != GuardrailId.None)
            {
                var row = _table.IndexOf(_account.FaultGuardrail);
                var monitor = _table[row].Scope == GuardrailScope.Board ? _tick.BoardGuardrails : _guardrails;
                return monitor.IsBeyondTrip(row) || monitor.IsActive(row);
            }

            return false;
        }

        /// <summary>One tick: account, evaluate the guardrails, react, then advance the state machine.</summary>
        internal void Step(ref ChannelSample sample, long nowMilliseconds)
        {
            // What the tick reads many times, read once: on nanoCLR every property read is an interpreted call.
            var state = _account.State;
            var active = state != ChannelState.Idle && state != ChannelState.Done && state != ChannelState.Fault;
            _isSampleValid = sample.IsSensorAnswering && sample.HasFreshConversion;
            var microamperes = sample.CurrentMicroamperes;
            _milliamperes = microamperes >= 0 ? (microamperes + 500) / 1000 : -((-microamperes + 500) / 1000);
            _isRelayClosedAtSample = _relays.IsClosed(_index);
            var settled = sample.ConversionStartedAtMilliseconds - _relays.SwitchedAtMilliseconds(_index) >= RelayBank.SettleTimeMilliseconds;
            CountCharge(ref sample, settled, active, nowMilliseconds);
            TrackRelaxation(microamperes, nowMilliseconds);
            OfferGuardrailInputs(ref sample, settled, nowMilliseconds);
            _guardrails.Evaluate(_table, _inputs, false);
            if (active && React(nowMilliseconds))
            {
                return;
            }

            if (_tick.IsTickLate)
            {
                OnLateTick(nowMilliseconds);
                return;
            }

            Advance(ref sample, settled, nowMilliseconds);
        }

        /// <summary>
        /// A late tick opens every relay: a charging channel rests, a probe is held. Called after the guardrails saw the
        /// sample with the relay as it was when the sample was converted.
        /// </summary>
        private void OnLateTick(long nowMilliseconds)
        {
            if (_account.State == ChannelState.Charging)
            {
                TransitionTo(ChannelState.Resting, TransitionReason.LateTick, nowMilliseconds);
            }
            else if (_account.State == ChannelState.Checking && _clip._step == CheckStep.ProbingContact)
            {
                EnterCheckStep(CheckStep.HeldByPause);
            }
        }

        /// <summary>Emergency stop: every active or finished channel goes to Idle; faults stay latched.</summary>
        internal void OnEmergencyStop(long nowMilliseconds)
        {
            if (_account.State == ChannelState.Fault)
            {
                _relays.SetChargerSupply(_index, false);
                return;
            }

            Stop(nowMilliseconds, TransitionReason.EmergencyStop);
        }

        /// <summary>A tick threw: latch an internal fault with the relay open.</summary>
        internal void OnInternalError(long nowMilliseconds)
        {
            if (IsActive)
            {
                LatchFault(FaultCode.InternalError, GuardrailId.None, 0, 0, TransitionReason.UnknownState, nowMilliseconds);
            }
        }

        private bool React(long nowMilliseconds)
        {
            var faultRow = _guardrails.FirstActive(_table, true);
            if (faultRow >= 0)
            {
                var row = _table[faultRow];
                if (row.Reaction == GuardrailReaction.CutSupplyAndFault)
                {
                    _isAlarmSounding = true;
                }

                LatchFault(row.Fault, row.Id, _guardrails.LastValue(faultRow), row.TripValue, TransitionReason.Guardrail, nowMilliseconds);
                return true;
            }

            var boardFault = _tick.BoardFaultRow;
            if (boardFault >= 0)
            {
                var row = _table[boardFault];
                LatchFault(row.Fault, row.Id, _tick.BoardGuardrails.LastValue(boardFault), row.TripValue, TransitionReason.Guardrail, nowMilliseconds);
                return true;
            }

            var state = _account.State;
            if ((state == ChannelState.Ready || state == ChannelState.Charging || state == ChannelState.Resting)
                && _account.Mode == ChannelMode.Charge)
            {
                var pauseRow = _guardrails.FirstActive(_table, false);
                var monitor = _guardrails;
                if (pauseRow < 0)
                {
                    pauseRow = _tick.BoardPauseRow;
                    monitor = _tick.BoardGuardrails;
                }

                if (pauseRow >= 0)
                {
                    var row = _table[pauseRow];
                    _pausingRow = pauseRow;
                    TransitionTo(ChannelState.Paused, TransitionReason.Guardrail, nowMilliseconds);
                    _event.Guardrail = row.Id;
                    Publish(EventKind.PauseStarted, nowMilliseconds, monitor.LastValue(pauseRow), row.TripValue);
                    return true;
                }
            }

            return false;
        }

        private void Advance(ref ChannelSample sample, bool settled, long now)
        {
            switch (_account.State)
            {
                case ChannelState.Idle:
                case ChannelState.Done:
                case ChannelState.Fault:
                    break;

                case ChannelState.Checking:
                    AdvanceCheck(ref sample, settled, now);
                    break;

                case ChannelState.Ready:
                    if (_account.Mode == ChannelMode.MonitorOnly)
                    {
                        TryMeasureOcv(ref sample, settled, now, false);
                    }
                    else if (TryMeasureOcv(ref sample, settled, now, true))
                    {
                        DecideAfterRest(now);
                    }

                    break;

                case ChannelState.Charging:
                    AdvanceCharge(ref sample, settled, now);
                    break;

                case ChannelState.Resting:
                    if (settled && _isSampleValid && !_isRelayClosedAtSample
                        && now - _relays.SwitchedAtMilliseconds(_index) <= RestDecay.EarlyWindowMilliseconds)
                    {
                        _restDecay.AddEarly(sample.GroupMillivolts, _relaxation.HiddenMicrovolts(GroupMilliampereHours));
                    }

                    if (TryMeasureOcv(ref sample, settled, now, true) && !IsAwaitingLongerRest(now))
                    {
                        if (_restDecay.TryFinish(_ocvMicrovolts, _relaxation.HiddenMicrovolts(GroupMilliampereHours), out var measuredFall, out var predictedFall))
                        {
                            _tick.LearnRelaxation(measuredFall, predictedFall);
                        }

                        _pulses.Learn(_relays.SwitchedAtMilliseconds(_index), _account.DeliveredMicroampereMilliseconds, RelaxedOcvMillivolts());
                        DecideAfterRest(now);
                    }

                    break;

                case ChannelState.Topped:
                    AdvanceTopped(ref sample, settled, now);
                    break;

                case ChannelState.Holding:
                    AdvanceHold(ref sample, settled, now);
                    break;

                case ChannelState.Paused:
                    if (!IsPauseActive())
                    {
                        EndPause(now);
                        TransitionTo(ChannelState.Resting, TransitionReason.PauseCleared, now);
                    }

                    break;

                default:
                    LatchFault(FaultCode.InternalError, GuardrailId.None, (int)_account.State, 0, TransitionReason.UnknownState, now);
                    break;
            }
        }

        private void AdvanceCheck(ref ChannelSample sample, bool settled, long now)
        {
            switch (_clip._step)
            {
                case CheckStep.Settling:
                    if (settled && _isSampleValid && !IsRelayClosed)
                    {
                        EnterCheckStep(CheckStep.MeasuringVoltage);
                        AccumulateOcv(ref sample);
                    }

                    break;

                case CheckStep.MeasuringVoltage:
                    if (settled && _isSampleValid && AccumulateOcv(ref sample))
                    {
                        ClassifyClip(now);
                    }

                    break;

                case CheckStep.AwaitingConfirmation:
                case CheckStep.HeldByPause:
                    if (_account.IsDeepDischargeConfirmed && !IsPauseActive())
                    {
                        EnterCheckStep(CheckStep.ProbingContact);
                    }

                    break;

                case CheckStep.ProbingContact:
                    if (IsPauseActive())
                    {
                        EnterCheckStep(CheckStep.HeldByPause);
                    }
                    else if (settled && _isSampleValid && IsRelayClosed)
                    {
                        var probe = _clip.Probe;
                        probe.Add(sample.GroupMillivolts, sample.CurrentMicroamperes);
                        if (probe.IsComplete)
                        {
                            FinishProbe(now);
                        }
                    }

                    break;

                default:
                    LatchFault(FaultCode.InternalError, GuardrailId.None, (int)_clip._step, 0, TransitionReason.UnknownState, now);
                    break;
            }
        }

        private void ClassifyClip(long now)
        {
            var ocv = _account.OcvMillivolts;
            _account.StartOcvMillivolts = ocv;
            _account.HasStartOcv = true;
            _account.HasRecovered = ocv >= _settings.Get(SettingId.RecoveryMillivolts);
            _account.IsDeepDischargeConfirmed = _account.IsDeepDischargeConfirmed || ocv >= HardLimits.DeepDischargeMillivolts;
            switch (ClipCheck.Classify(_table, ocv, _account.Mode, _account.IsDeepDischargeConfirmed, out var refusal))
            {
                case ClipVerdict.Refused:
                    LatchRow(refusal, ocv, TransitionReason.ClipRefused, now);
                    break;

                case ClipVerdict.MonitorOnly:
                    TransitionTo(ChannelState.Ready, TransitionReason.MonitorOnly, now);
                    break;

                case ClipVerdict.NeedsConfirmation:
                    EnterCheckStep(CheckStep.AwaitingConfirmation);
                    Publish(EventKind.ConfirmationNeeded, now, ocv, HardLimits.DeepDischargeMillivolts);
                    break;

                default:
                    EnterCheckStep(IsPauseActive() ? CheckStep.HeldByPause : CheckStep.ProbingContact);
                    break;
            }
        }

        private void FinishProbe(long now)
        {
            EnterCheckStep(CheckStep.None);
            var verdict = _clip.JudgeProbe(_table, _account.OcvMillivolts, out var microohms, out var hasResistance, out var refusal);
            if (hasResistance)
            {
                _account.SeriesResistanceMicroohms = microohms;
                _account.HasSeriesResistance = true;
                Publish(EventKind.ContactResistance, now, microohms, _settings.Get(SettingId.ContactResistanceLimitMicroohms));
            }

            if (verdict == ClipVerdict.Refused)
            {
                LatchRow(refusal, microohms, TransitionReason.ClipRefused, now);
                return;
            }

            TransitionTo(ChannelState.Ready, TransitionReason.ClipChecked, now);
        }

        private void AdvanceCharge(ref ChannelSample sample, bool settled, long now)
        {
            if (settled && _isSampleValid && IsRelayClosed)
            {
                var target = _tick.TargetMillivolts;
                var milliamperes = _milliamperes;
                var terminationMilliamperes = _settings.Get(SettingId.ChargeCurrentMilliamperes) / TerminationDivisor;
                _taperCount = milliamperes <= terminationMilliamperes && sample.GroupMillivolts >= ChargerVoltageFloorMillivolts
                    ? _taperCount + 1
                    : 0;
                if (_taperCount >= TaperSamples)
                {
                    _pulseTapered = true;
                    _account.ChargerLimitMillivolts = sample.GroupMillivolts;
                    TransitionTo(ChannelState.Resting, TransitionReason.ChargerTapered, now);
                    return;
                }

                // The loaded voltage less the ohmic drop and the modelled polarisation is the relaxed OCV the group is
                // heading for. A pulse stops when it reaches the target, the middle of the band, whatever its timer says
                // (the slope it was sized by can steepen by half again near the top); the rest after it then finds the
                // group in the band's upper half. The prediction is averaged over NearTargetSamples, so noise cannot end it.
                _nearTargetSumMillivolts += PredictedOcvMillivolts(ref sample);
                _nearTargetCount++;
                var reached = false;
                if (_nearTargetCount >= NearTargetSamples)
                {
                    reached = _tick.HasTarget && _nearTargetSumMillivolts >= (long)target * _nearTargetCount;
                    _nearTargetSumMillivolts = 0;
                    _nearTargetCount = 0;
                }

                if (reached)
                {
                    TransitionTo(ChannelState.Resting, TransitionReason.NearTarget, now);
                    return;
                }
            }

            if (now - _pulses.StartedAtMilliseconds >= _pulses.LimitMilliseconds)
            {
                TransitionTo(ChannelState.Resting, TransitionReason.PulseComplete, now);
            }
        }

        /// <summary>
        /// The topped watch: the relay stays open for <see cref="SettingId.TopSettleMilliseconds"/>, and a group whose
        /// predicted relaxed OCV falls below the band is topped up again.
        /// </summary>
        private void AdvanceTopped(ref ChannelSample sample, bool settled, long now)
        {
            var measured = TryMeasureOcv(ref sample, settled, now, false);
            if (_account.State != ChannelState.Topped)
            {
                return;
            }

            var relaxed = measured ? RelaxedOcvMillivolts() : 0;
            if (measured && !_isToppedByCharger && _tick.HasTarget
                && relaxed < _tick.TargetMillivolts - (_settings.ToleranceMillivolts / 2) - SagHysteresisMillivolts
                && IsChargeAllowed)
            {
                _effectiveOcvMillivolts = relaxed;
                TransitionTo(ChannelState.Charging, TransitionReason.Sagged, now);
            }
            else if (now - _stateEnteredAtMilliseconds >= _settings.Get(SettingId.TopSettleMilliseconds))
            {
                TransitionTo(_settings.Get(SettingId.HoldEnabled) != 0 ? ChannelState.Holding : ChannelState.Done, TransitionReason.TopSettled, now);
            }
        }

        /// <summary>The group's capacity setting, mAh: what scales the relaxation prior to it.</summary>
        private int GroupMilliampereHours => _settings.Get(SettingId.GroupCapacityMilliampereHours);

        /// <summary>
        /// What the group's polarisation still hides, as the decisions that end a charge count it, µV: the prior's hidden
        /// voltage at the pack's learned scale, less <see cref="DecisionMarginPercent"/>.
        /// </summary>
        private int HiddenMicrovolts() => (int)((long)Scaled(_relaxation.HiddenMicrovolts(GroupMilliampereHours)) * (100 - DecisionMarginPercent) / 100);

        /// <summary>A voltage of the prior at the pack's learned scale, µV.</summary>
        private int Scaled(int priorMicrovolts) => (int)((long)priorMicrovolts * _tick.RelaxationScalePermille / 1000);

        /// <summary>The last rested voltage less what it still hides, mV.</summary>
        private int RelaxedOcvMillivolts() => (int)IntegerMath.DivideRounded(_ocvMicrovolts - HiddenMicrovolts(), 1000);

        /// <summary>Feeds the relaxation model the current that charged the group this tick (none with the relay open).</summary>
        private void TrackRelaxation(int microamperes, long now)
        {
            var elapsed = _isTracking ? now - _trackedAtMilliseconds : 0;
            _trackedAtMilliseconds = now;
            _isTracking = true;
            var charging = _isRelayClosedAtSample && _isSampleValid && microamperes > 0;
            _relaxation.Advance(elapsed, charging ? microamperes : 0);
        }

        private void AdvanceHold(ref ChannelSample sample, bool settled, long now)
        {
            if (settled && _isSampleValid && !IsRelayClosed)
            {
                _hold.Add(sample.GroupMillivolts);
            }

            if (_hold.TryCloseMinute(now, _settings.Get(SettingId.HoldSettleMilliseconds), out var microvolts))
            {
                Publish(EventKind.HoldSample, now, microvolts, 0);
                var lost = _table.FirstBeyond(GuardrailScope.AtRest, GuardrailQuantity.RestedMillivolts, microvolts / 1000);
                if (lost >= 0)
                {
                    LatchRow(lost, microvolts / 1000, TransitionReason.ClipLost, now);
                    return;
                }
            }

            if (_hold.ElapsedMilliseconds(now) >= _settings.Get(SettingId.HoldMilliseconds))
            {
                if (_hold.TrySelfDischarge(out var microvoltsPerHour, out var uncertainty))
                {
                    _account.SelfDischargeMicrovoltsPerHour = microvoltsPerHour;
                    _account.SelfDischargeUncertaintyMicrovoltsPerHour = uncertainty;
                    _account.HasSelfDischarge = true;
                    Publish(EventKind.SelfDischarge, now, _account.SelfDischargeMicrovoltsPerHour, uncertainty);
                }

                TransitionTo(ChannelState.Done, TransitionReason.HoldComplete, now);
            }
        }

        private void DecideAfterRest(long now)
        {
            if (!_tick.HasTarget)
            {
                return;
            }

            var target = _tick.TargetMillivolts;
            var tolerance = _settings.ToleranceMillivolts;

            // Topped in the upper half of the band, judged on the predicted relaxed OCV: the rested voltage less what the
            // charge's polarisation still hides.
            _effectiveOcvMillivolts = RelaxedOcvMillivolts();
            if (_effectiveOcvMillivolts >= target - (tolerance / 2))
            {
                _account.ChargerLimitMillivolts = 0;
                _isToppedByCharger = false;
                _account.IsFoundAtTarget = !_hasChargeStarted;
                TransitionTo(ChannelState.Topped, _hasChargeStarted ? TransitionReason.AtTarget : TransitionReason.FoundAtTarget, now);
                return;
            }

            if (_pulseTapered)
            {
                _taperedPulses++;
            }
            else
            {
                _taperedPulses = 0;
            }

            if (_taperedPulses >= ChargerLimitPulses)
            {
                // The charger ended its CV phase twice. At the target, that is full by the CC/CV rule; short of it, the
                // module's own CV is the limit and the report says so with the voltage.
                _isToppedByCharger = true;
                if (_account.ChargerLimitMillivolts >= target - tolerance)
                {
                    _account.ChargerLimitMillivolts = 0;
                    TransitionTo(ChannelState.Topped, TransitionReason.ChargerTerminated, now);
                }
                else
                {
                    TransitionTo(ChannelState.Topped, TransitionReason.ChargerLimit, now);
                }

                return;
            }

            _account.ChargerLimitMillivolts = 0;
            if (IsChargeAllowed)
            {
                TransitionTo(ChannelState.Charging, TransitionReason.BelowTarget, now);
            }
        }

        /// <summary>
        /// Near the target a rest lasts <see cref="FinalRestFactor"/> rest times: what looks topped after 30 s may still
        /// carry millivolts of polarisation, and a longer rest costs less than a top-up later.
        /// </summary>
        private bool IsAwaitingLongerRest(long now)
        {
            if (!_tick.HasTarget
                || RelaxedOcvMillivolts() < _tick.TargetMillivolts - (_settings.ToleranceMillivolts / 2))
            {
                return false;
            }

            return now - _relays.SwitchedAtMilliseconds(_index) < (long)FinalRestFactor * _settings.RestMilliseconds;
        }

        /// <summary>Whether nothing stands between this channel and a closed relay.</summary>
        public bool IsChargeAllowed =>
            _account.Mode == ChannelMode.Charge && !_tick.IsEmergencyStopped && _tick.HasTarget && !IsPauseActive()
            && _tick.BoardFaultRow < 0 && _guardrails.FirstActive(_table, true) < 0;

        /// <summary>A pause row stands, or this tick ran late: nothing closes a relay in a late tick.</summary>
        private bool IsPauseActive() => _guardrails.FirstActive(_table, false) >= 0 || _tick.BoardPauseRow >= 0 || _tick.IsTickLate;

        private void TransitionTo(ChannelState next, TransitionReason reason, long now)
        {
            var previous = _account.State;
            _account.State = next;
            LastReason = reason;
            _stateEnteredAtMilliseconds = now;
            _event.From = previous;
            _event.To = next;
            _event.Reason = reason;
            Publish(EventKind.StateChanged, now, 0, 0);
            Enter(next, now);
        }

        private void Enter(ChannelState state, long now)
        {
            switch (state)
            {
                case ChannelState.Idle:
                case ChannelState.Done:
                    OpenRelay(now);
                    SetChargerSupply(false, now);
                    EnterCheckStep(CheckStep.None);
                    break;

                case ChannelState.Checking:
                    OpenRelay(now);
                    SetChargerSupply(true, now);
                    ResetOcvWindow();
                    EnterCheckStep(CheckStep.Settling);
                    break;

                case ChannelState.Ready:
                    OpenRelay(now);
                    ResetOcvWindow();
                    break;

                case ChannelState.Charging:
                    _account.IsFoundAtTarget = false;
                    BeginPulse(now);
                    _relays.Arm(_index);
                    CloseRelay(now);
                    break;

                case ChannelState.Resting:
                    OpenRelay(now);
                    ResetOcvWindow();
                    _restDecay.Begin();
                    break;

                case ChannelState.Topped:
                    OpenRelay(now);
                    ResetOcvWindow();
                    break;

                case ChannelState.Paused:
                    OpenRelay(now);
                    ResetOcvWindow();
                    _account.PauseCount++;
                    _pausedAtMilliseconds = now;
                    break;

                case ChannelState.Holding:
                    OpenRelay(now);
                    _hold.Begin(now, Scaled(_relaxation.MediumMicrovolts(GroupMilliampereHours)), Scaled(_relaxation.SlowMicrovolts(GroupMilliampereHours)));
                    break;

                case ChannelState.Fault:
                    OpenRelay(now);
                    SetChargerSupply(false, now);
                    EnterCheckStep(CheckStep.None);
                    break;

                default:
                    OpenRelay(now);
                    SetChargerSupply(false, now);
                    break;
            }
        }

        /// <summary>
        /// Enters a step of the clip check. Like a state, a step switches the relay only on entry: the contact probe
        /// closes it, every other step opens it.
        /// </summary>
        private void EnterCheckStep(CheckStep step)
        {
            var now = _clock.NowMilliseconds;
            if (_clip.Enter(step))
            {
                Publish(EventKind.CheckStepChanged, now, (int)step, 0);
            }

            if (_clip.ClosesRelay)
            {
                _relays.Arm(_index);
                CloseRelay(now);
                return;
            }

            OpenRelay(now);
            if (step == CheckStep.Settling || step == CheckStep.MeasuringVoltage)
            {
                ResetOcvWindow();
            }
        }

        /// <summary>Latches the fault of a table row with the value that crossed its trip.</summary>
        private void LatchRow(int rowIndex, int value, TransitionReason reason, long now)
        {
            var row = _table[rowIndex];
            LatchFault(row.Fault, row.Id, value, row.TripValue, reason, now);
        }

        /// <summary>
        /// The boot's self-test found the channel unusable: it latches <see cref="FaultCode.SelfTestFailed"/> with the measured
        /// <paramref name="value"/> and the finding as its <paramref name="threshold"/>, and neither a start nor a clear takes
        /// it out of Fault until the next boot.
        /// </summary>
        internal void Disable(int value, int threshold, long now) =>
            LatchFault(FaultCode.SelfTestFailed, GuardrailId.None, value, threshold, TransitionReason.SelfTestFailed, now);

        /// <summary>Whether the self-test disabled the channel.</summary>
        public bool IsDisabled => _account.Fault == FaultCode.SelfTestFailed;

        private void LatchFault(FaultCode fault, GuardrailId guardrail, int value, int threshold, TransitionReason reason, long now)
        {
            _account.Fault = fault;
            _account.FaultGuardrail = guardrail;
            _account.FaultValue = value;
            _account.FaultThreshold = threshold;
            if (_account.State == ChannelState.Paused)
            {
                EndPause(now);
            }

            TransitionTo(ChannelState.Fault, reason, now);
            _event.Fault = fault;
            _event.Guardrail = guardrail;
            Publish(EventKind.FaultLatched, now, value, threshold);
        }

        private void EndPause(long now)
        {
            var length = now - _pausedAtMilliseconds;
            _account.PauseMilliseconds += length;
            _event.Guardrail = _pausingRow >= 0 ? _table[_pausingRow].Id : GuardrailId.None;
            _pausingRow = -1;
            Publish(EventKind.PauseEnded, now, (int)IntegerMath.Min(int.MaxValue, length), 0);
        }

        private void BeginPulse(long now)
        {
            _pulseTapered = false;
            _taperCount = 0;
            _nearTargetCount = 0;
            _nearTargetSumMillivolts = 0;
            _pulseResistanceSamples = 0;
            _hasRunningMaximum = false;
            if (!_hasChargeStarted)
            {
                _hasChargeStarted = true;
                _recoveryMarkMicroampereMilliseconds = _account.DeliveredMicroampereMilliseconds;
                _recoveryMarkMillivolts = NoRecoveryMark;
            }

            _pulses.Begin(
                now,
                _account.DeliveredMicroampereMilliseconds,
                _account.HasOcv,
                _effectiveOcvMillivolts,
                _tick.TargetMillivolts - _effectiveOcvMillivolts,
                _tick.HasTarget,
                _settings.ToleranceMillivolts,
                _settings.Get(SettingId.ChargePulseMilliseconds));
        }

        /// <summary>The ohmic drop I × R across the series resistance from the probe (0 while unknown), mV: µA × µΩ ÷ 10⁹.</summary>
        private int OhmicDropMillivolts(ref ChannelSample sample) =>
            _account.HasSeriesResistance ? (int)((long)sample.CurrentMicroamperes * _account.SeriesResistanceMicroohms / 1_000_000_000L) : 0;

        private int PredictedOcvMillivolts(ref ChannelSample sample) =>
            sample.GroupMillivolts - OhmicDropMillivolts(ref sample) - ((HiddenMicrovolts() + 500) / 1000);

        private bool TryMeasureOcv(ref ChannelSample sample, bool settled, long now, bool publish)
        {
            if (!settled || !_isSampleValid || IsRelayClosed
                || now - _relays.SwitchedAtMilliseconds(_index) < _settings.RestMilliseconds)
            {
                return false;
            }

            if (!AccumulateOcv(ref sample))
            {
                return false;
            }

            // One group reads between the rest rows' trips, always: beyond them the clip came off, or now spans groups.
            var lost = _table.FirstBeyond(GuardrailScope.AtRest, GuardrailQuantity.RestedMillivolts, _account.OcvMillivolts);
            if (lost >= 0)
            {
                LatchRow(lost, _account.OcvMillivolts, TransitionReason.ClipLost, now);
                return false;
            }

            if (publish)
            {
                Publish(EventKind.OcvMeasured, now, _account.OcvMillivolts, 0);
            }

            return true;
        }

        private bool AccumulateOcv(ref ChannelSample sample)
        {
            _ocvSumMillivolts += sample.GroupMillivolts;
            _ocvCount++;
            if (_ocvCount < (_account.State == ChannelState.Topped ? SettleWatchSamples : OcvSamples))
            {
                return false;
            }

            _ocvMicrovolts = (int)IntegerMath.DivideRounded(_ocvSumMillivolts * 1000, _ocvCount);
            _account.OcvMillivolts = (int)IntegerMath.DivideRounded(_ocvSumMillivolts, _ocvCount);
            _account.HasOcv = true;
            ResetOcvWindow();
            if (_account.OcvMillivolts >= _settings.Get(SettingId.RecoveryMillivolts))
            {
                _account.HasRecovered = true;
            }

            return true;
        }

        private void ResetOcvWindow()
        {
            _ocvSumMillivolts = 0;
            _ocvCount = 0;
        }

        private void CountCharge(ref ChannelSample sample, bool settled, bool active, long now)
        {
            var closed = _isRelayClosedAtSample;
            if (closed)
            {
                var elapsed = _isCounting ? now - _lastCountedAtMilliseconds : 0;
                var longest = (long)HardLimits.LateTickPeriods * _settings.TickPeriodMilliseconds;
                elapsed = IntegerMath.Clamp(elapsed, 0, longest);
                _account.ChargeMilliseconds += elapsed;
                if (_isSampleValid && sample.CurrentMicroamperes > 0)
                {
                    _account.DeliveredMicroampereMilliseconds += sample.CurrentMicroamperes * elapsed;
                }

                _lastCountedAtMilliseconds = now;
                _isCounting = true;
            }
            else
            {
                _isCounting = false;
            }

            if (closed && settled && _isSampleValid && sample.GroupMillivolts >= _settings.Get(SettingId.RecoveryMillivolts))
            {
                _account.HasRecovered = true;
            }
            else if (closed && settled && _isSampleValid && _hasChargeStarted
                && (_recoveryMarkMillivolts == NoRecoveryMark || sample.GroupMillivolts >= _recoveryMarkMillivolts + _settings.Get(SettingId.RecoveryRiseMillivolts)))
            {
                // A deep group that rose by the recovery rise starts a new allowance of charge from here.
                _recoveryMarkMillivolts = sample.GroupMillivolts;
                _recoveryMarkMicroampereMilliseconds = _account.DeliveredMicroampereMilliseconds;
            }

            if (active && sample.HasCellSensor && sample.Cell.Status == NtcStatus.Ok
                && (!_account.HasPeakTemperature || sample.Cell.TemperatureDeciCelsius > _account.PeakDeciCelsius))
            {
                _account.PeakDeciCelsius = sample.Cell.TemperatureDeciCelsius;
                _account.HasPeakTemperature = true;
            }
        }

        private void OfferGuardrailInputs(ref ChannelSample sample, bool settled, long now)
        {
            // Written straight into the inputs' arrays: a call per quantity would cost more than the write on nanoCLR.
            _inputs.Clear();
            var values = _inputs._values;
            var present = _inputs._present;
            if (_account.State == ChannelState.Idle || _account.State == ChannelState.Done)
            {
                return;
            }

            values[(int)GuardrailQuantity.SensorMissed] = _isSampleValid ? 0 : 1;
            present[(int)GuardrailQuantity.SensorMissed] = true;
            if (sample.HasCellSensor && sample.Cell.Status == NtcStatus.Ok)
            {
                values[(int)GuardrailQuantity.CellDeciCelsius] = sample.Cell.TemperatureDeciCelsius;
                present[(int)GuardrailQuantity.CellDeciCelsius] = true;
                values[(int)GuardrailQuantity.CellSensorBroken] = 0;
                present[(int)GuardrailQuantity.CellSensorBroken] = true;
            }
            else if (_settings.Get(SettingId.CellSensorRequired) != 0)
            {
                values[(int)GuardrailQuantity.CellSensorBroken] = 1;
                present[(int)GuardrailQuantity.CellSensorBroken] = true;
            }

            values[(int)GuardrailQuantity.ChargeMilliseconds] = _account.ChargeMilliseconds > int.MaxValue ? int.MaxValue : (int)_account.ChargeMilliseconds;
            present[(int)GuardrailQuantity.ChargeMilliseconds] = true;
            values[(int)GuardrailQuantity.DeliveredMilliampereHours] = (int)(_account.DeliveredMicroampereMilliseconds / MicroampereMillisecondsPerMilliampereHour);
            present[(int)GuardrailQuantity.DeliveredMilliampereHours] = true;
            if (_hasChargeStarted && !_account.HasRecovered)
            {
                values[(int)GuardrailQuantity.StalledRecoveryMilliampereHours] =
                    (int)((_account.DeliveredMicroampereMilliseconds - _recoveryMarkMicroampereMilliseconds) / MicroampereMillisecondsPerMilliampereHour);
                present[(int)GuardrailQuantity.StalledRecoveryMilliampereHours] = true;
            }

            if (!settled)
            {
                return;
            }

            if (!_isSampleValid)
            {
                if (_isRelayClosedAtSample)
                {
                    _inputs.Hold(GuardrailQuantity.ChargingMillivolts);
                    _inputs.Hold(GuardrailQuantity.ChargingMilliamperes);
                    _inputs.Hold(GuardrailQuantity.ShortfallChargingMilliamperes);
                    _inputs.Hold(GuardrailQuantity.DropBelowMaximumMillivolts);
                }
                else
                {
                    _inputs.Hold(GuardrailQuantity.OpenRelayMilliamperes);
                }

                return;
            }

            var milliamperes = _milliamperes;
            if (_isRelayClosedAtSample)
            {
                values[(int)GuardrailQuantity.ChargingMillivolts] = sample.GroupMillivolts;
                present[(int)GuardrailQuantity.ChargingMillivolts] = true;
                values[(int)GuardrailQuantity.ChargingMilliamperes] = milliamperes;
                present[(int)GuardrailQuantity.ChargingMilliamperes] = true;
                if (_account.HasOcv && _tick.HasTarget && _account.OcvMillivolts < _tick.TargetMillivolts - GuardrailTable.ChargerShortfallMillivolts)
                {
                    values[(int)GuardrailQuantity.ShortfallChargingMilliamperes] = milliamperes;
                    present[(int)GuardrailQuantity.ShortfallChargingMilliamperes] = true;
                }

                if (!_hasRunningMaximum
                    || IntegerMath.Abs(milliamperes - _currentAtMaximumMilliamperes) > GuardrailTable.SteadyCurrentBandMilliamperes)
                {
                    _runningMaximumMillivolts = sample.GroupMillivolts;
                    _currentAtMaximumMilliamperes = milliamperes;
                    _hasRunningMaximum = true;
                }
                else if (sample.GroupMillivolts > _runningMaximumMillivolts)
                {
                    _runningMaximumMillivolts = sample.GroupMillivolts;
                }

                values[(int)GuardrailQuantity.DropBelowMaximumMillivolts] = _runningMaximumMillivolts - sample.GroupMillivolts;
                present[(int)GuardrailQuantity.DropBelowMaximumMillivolts] = true;
                if (_account.State == ChannelState.Charging && _account.HasOcv && _pulseResistanceSamples < PulseResistanceSamples
                    && milliamperes >= ProbeMinimumMilliamperes)
                {
                    _pulseResistanceSamples++;
                    var microohms = ContactProbe.ResistanceMicroohms(sample.GroupMillivolts - _account.OcvMillivolts, sample.CurrentMicroamperes);
                    values[(int)GuardrailQuantity.PulseResistanceMicroohms] = microohms > int.MaxValue ? int.MaxValue : (int)microohms;
                    present[(int)GuardrailQuantity.PulseResistanceMicroohms] = true;
                }
            }
            else if (_account.State != ChannelState.Fault || _relays.IsChargerSupplyOn(_index))
            {
                values[(int)GuardrailQuantity.OpenRelayMilliamperes] = milliamperes;
                present[(int)GuardrailQuantity.OpenRelayMilliamperes] = true;
            }
        }

        private void OpenRelay(long now)
        {
            var wasClosed = _relays.IsClosed(_index);
            _relays.Open(_index);
            _hasRunningMaximum = false;
            if (wasClosed)
            {
                Publish(EventKind.RelayChanged, now, 0, 0);
            }
        }

        private void CloseRelay(long now)
        {
            var wasClosed = _relays.IsClosed(_index);
            if (_relays.TryClose(_index) && !wasClosed)
            {
                Publish(EventKind.RelayChanged, now, 1, 0);
            }
        }

        private void SetChargerSupply(bool on, long now)
        {
            if (_relays.IsChargerSupplyOn(_index) != on)
            {
                _relays.SetChargerSupply(_index, on);
                Publish(EventKind.ChargerSupplyChanged, now, on ? 1 : 0, 0);
            }
        }

        private void ResetSession()
        {
            _guardrails.Reset();
            ResetOcvWindow();
            _account.HasOcv = false;
            _account.HasStartOcv = false;
            _account.OcvMillivolts = 0;
            _account.StartOcvMillivolts = 0;
            _account.HasSeriesResistance = false;
            _account.SeriesResistanceMicroohms = 0;
            _account.DeliveredMicroampereMilliseconds = 0;
            _account.ChargeMilliseconds = 0;
            _account.HasPeakTemperature = false;
            _account.PeakDeciCelsius = 0;
            _account.PauseCount = 0;
            _account.PauseMilliseconds = 0;
            _account.HasRecovered = false;
            _account.ChargerLimitMillivolts = 0;
            _account.HasSelfDischarge = false;
            _account.SelfDischargeMicrovoltsPerHour = 0;
            _account.SelfDischargeUncertaintyMicrovoltsPerHour = 0;
            _account.Fault = FaultCode.None;
            _account.FaultGuardrail = GuardrailId.None;
            _account.FaultValue = 0;
            _account.FaultThreshold = 0;
            _account.IsDeepDischargeConfirmed = false;
            _account.IsFoundAtTarget = false;
            _hasChargeStarted = false;
            _recoveryMarkMillivolts = NoRecoveryMark;
            _isCounting = false;
            _taperedPulses = 0;
            _pulses.Reset();
            _relaxation.Reset();
            _restDecay.Cancel();
            _isTracking = false;
            _ocvMicrovolts = 0;
            _isToppedByCharger = false;
            _pulseTapered = false;
            _pausingRow = -1;
        }

        private void Publish(EventKind kind, long now, int value, int threshold)
        {
            _event.TimeMilliseconds = now;
            _event.Kind = kind;
            _event.Channel = _index;
            _event.Value = value;
            _event.Threshold = threshold;
            _tick.Events.Publish(ref _event);
            _event.Fault = FaultCode.None;
            _event.Guardrail = GuardrailId.None;
            _event.Reason = TransitionReason.None;
            _event.From = ChannelState.Idle;
            _event.To = ChannelState.Idle;
        }
    }
}
