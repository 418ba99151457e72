// SPDX-License-Identifier: MIT

using Balancer.Core.Guardrails;

namespace Balancer.Core.Events
{
    /// <summary>What happened. Fixed values: they travel in the recovery log and over BLE.</summary>
    public enum EventKind
    {
        /// <summary>No event.</summary>
        None = 0,

        /// <summary>A channel changed state: <see cref="BalancerEvent.From"/>, <see cref="BalancerEvent.To"/>, <see cref="BalancerEvent.Reason"/>.</summary>
        StateChanged = 1,

        /// <summary>A relay was commanded: <see cref="BalancerEvent.Value"/> 1 closed, 0 open.</summary>
        RelayChanged = 2,

        /// <summary>A charger supply was switched: <see cref="BalancerEvent.Value"/> 1 on, 0 off.</summary>
        ChargerSupplyChanged = 3,

        /// <summary>A fault latched: code, guardrail, measured value and threshold.</summary>
        FaultLatched = 4,

        /// <summary>A pause began: guardrail, measured value and threshold.</summary>
        PauseStarted = 5,

        /// <summary>A pause ended; <see cref="BalancerEvent.Value"/> is its length in ms.</summary>
        PauseEnded = 6,

        /// <summary>A tick started late: <see cref="BalancerEvent.Value"/> ms late, threshold in ms; every relay was opened.</summary>
        LateTick = 7,

        /// <summary>Emergency stop: every relay and charger supply off.</summary>
        EmergencyStop = 8,

        /// <summary>A deep-discharged group waits for the technician's confirmation; <see cref="BalancerEvent.Value"/> is its OCV in mV.</summary>
        ConfirmationNeeded = 9,

        /// <summary>An open-circuit voltage was measured after a rest; <see cref="BalancerEvent.Value"/> in mV.</summary>
        OcvMeasured = 10,

        /// <summary>A minute's average during a hold; <see cref="BalancerEvent.Value"/> in µV.</summary>
        HoldSample = 11,

        /// <summary>The clip's series resistance; <see cref="BalancerEvent.Value"/> in µΩ, threshold in µΩ.</summary>
        ContactResistance = 12,

        /// <summary>A latched fault was cleared.</summary>
        FaultCleared = 13,

        /// <summary>The session's target was set or changed; <see cref="BalancerEvent.Value"/> in mV.</summary>
        TargetSet = 14,

        /// <summary>Self-discharge measured at the end of a hold; <see cref="BalancerEvent.Value"/> in µV/h, threshold its uncertainty in µV/h.</summary>
        SelfDischarge = 15,

        /// <summary>A setting changed: <see cref="BalancerEvent.Value"/> is the new value, threshold the setting id.</summary>
        SettingChanged = 16,

        /// <summary>The clip check moved on: <see cref="BalancerEvent.Value"/> is the new check step.</summary>
        CheckStepChanged = 17,

        /// <summary>A channel's INA219 got a calibration: <see cref="BalancerEvent.Value"/> its voltage gain in ppm, threshold its offset in mV.</summary>
        CalibrationSet = 18,

        /// <summary>A channel's mode changed: <see cref="BalancerEvent.Value"/> the new <see cref="Control.ChannelMode"/>.</summary>
        ModeChanged = 19,

        /// <summary>
        /// The stored settings were not all there at boot: <see cref="BalancerEvent.Value"/> is what loading found
        /// (<see cref="Log.SettingsLoad"/>): the other copy damaged, both damaged (defaults), or none stored (defaults).
        /// </summary>
        SettingsFallback = 20,

        /// <summary>
        /// A finding of the boot's self-test: <see cref="BalancerEvent.Value"/> is the <see cref="Control.SelfTestFinding"/>,
        /// threshold the measured value (an I²C address, a temperature in 0.1 °C, a supply in mV).
        /// </summary>
        SelfTest = 21,
    }

    /// <summary>Why a channel changed state. Fixed values: logged and sent over BLE.</summary>
    public enum TransitionReason
    {
        /// <summary>No reason given.</summary>
        None = 0,

        /// <summary>The technician started the channel.</summary>
        StartCommand = 1,

        /// <summary>The technician stopped the channel.</summary>
        StopCommand = 2,

        /// <summary>Emergency stop.</summary>
        EmergencyStop = 3,

        /// <summary>The clip check passed.</summary>
        ClipChecked = 4,

        /// <summary>A clip check refused the group (see the fault).</summary>
        ClipRefused = 5,

        /// <summary>A guardrail tripped (see the fault or pause event).</summary>
        Guardrail = 6,

        /// <summary>The rested voltage is below the target: charge.</summary>
        BelowTarget = 7,

        /// <summary>The pulse ran its length.</summary>
        PulseComplete = 8,

        /// <summary>The voltage, corrected for the series resistance, neared the target.</summary>
        NearTarget = 9,

        /// <summary>The rested voltage is within tolerance of the target.</summary>
        AtTarget = 10,

        /// <summary>The charger's own CV is below the target: current tapered with the rested voltage short of it.</summary>
        ChargerLimit = 11,

        /// <summary>The topped group settled; hold or finish.</summary>
        TopSettled = 12,

        /// <summary>The hold ran its length.</summary>
        HoldComplete = 13,

        /// <summary>The pause conditions cleared.</summary>
        PauseCleared = 14,

        /// <summary>The fault was cleared.</summary>
        FaultCleared = 15,

        /// <summary>The tick ran late and every relay was opened.</summary>
        LateTick = 16,

        /// <summary>The topped group sagged below tolerance while settling.</summary>
        Sagged = 17,

        /// <summary>The charger's current tapered (its CV or termination) before the pulse ended.</summary>
        ChargerTapered = 18,

        /// <summary>An unknown state was found: treated as a fault.</summary>
        UnknownState = 19,

        /// <summary>The channel is monitor-only (a reference): it never charges.</summary>
        MonitorOnly = 20,

        /// <summary>The charger ended its CV phase at the target: full by the CC/CV rule.</summary>
        ChargerTerminated = 21,

        /// <summary>A rested voltage left the range of one group: the clip came off, or moved across groups.</summary>
        ClipLost = 22,

        /// <summary>The group's first rested voltage was already at or above the target: nothing to charge.</summary>
        FoundAtTarget = 23,

        /// <summary>The boot's self-test found the channel's sensor missing: disabled until the next boot.</summary>
        SelfTestFailed = 24,
    }

    /// <summary>
    /// One event, a value type so publishing it allocates nothing. Channel −1 means the board. Only the fields that
    /// the <see cref="Kind"/> names carry meaning.
    /// </summary>
    public struct BalancerEvent
    {
        /// <summary>Clock time, ms since start-up.</summary>
        public long TimeMilliseconds;

        /// <summary>What happened.</summary>
        public EventKind Kind;

        /// <summary>Channel index, or −1 for the board.</summary>
        public int Channel;

        /// <summary>State before a change.</summary>
        public ChannelState From;

        /// <summary>State after a change.</summary>
        public ChannelState To;

        /// <summary>Why.</summary>
        public TransitionReason Reason;

        /// <summary>The fault involved.</summary>
        public FaultCode Fault;

        /// <summary>The guardrail involved.</summary>
        public GuardrailId Guardrail;

        /// <summary>The measured value, in the unit of the kind or guardrail.</summary>
        public int Value;

        /// <summary>The threshold it was compared with.</summary>
        public int Threshold;
    }

    /// <summary>A subscriber: the recovery log, BLE notifications, the simulator's event log.</summary>
    public interface IEventSink
    {
        /// <summary>Called from the tick: copy what is needed and return quickly; never throw, never block.</summary>
        void OnEvent(ref BalancerEvent e);
    }
}
