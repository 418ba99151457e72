// SPDX-License-Identifier: MIT

using Balancer.Drivers.Ntc;
using Balancer.Drivers.Relays;

namespace Balancer.Core.Control
{
    /// <summary>
    /// One channel in the status snapshot: what the BLE Status characteristic sends every second (spec §6) and the
    /// dashboard and simulator show. Integers in the units of their names.
    /// </summary>
    public struct ChannelStatus
    {
        /// <summary>State.</summary>
        public ChannelState State;

        /// <summary>Clip-check progress while checking.</summary>
        public CheckStep CheckStep;

        /// <summary>Latched fault, or None.</summary>
        public FaultCode Fault;

        /// <summary>Charge or monitor-only.</summary>
        public ChannelMode Mode;

        /// <summary>Relay commanded closed.</summary>
        public bool IsRelayClosed;

        /// <summary>The latest sample was valid (answered and fresh).</summary>
        public bool IsSensorValid;

        /// <summary>Latest group voltage (under load while the relay is closed), mV.</summary>
        public int GroupMillivolts;

        /// <summary>Latest rested voltage, mV (0 until measured).</summary>
        public int OcvMillivolts;

        /// <summary>Latest current, mA.</summary>
        public int CurrentMilliamperes;

        /// <summary>Cell temperature, 0.1 °C.</summary>
        public int TemperatureDeciCelsius;

        /// <summary>Cell NTC status (Ok, Open, Short); Open when none is wired.</summary>
        public NtcStatus TemperatureStatus;

        /// <summary>Charge delivered this session, mAh.</summary>
        public int DeliveredMilliampereHours;

        /// <summary>Time with the relay closed this session, s.</summary>
        public int ChargeSeconds;

        /// <summary>Pauses this session.</summary>
        public int PauseCount;
    }

    /// <summary>The snapshot taken at the end of every tick. Updated in place; never allocated in the tick.</summary>
    public sealed class BalancerStatus
    {
        /// <summary>Creates the snapshot for a number of channels.</summary>
        public BalancerStatus(int channelCount)
        {
            Channels = new ChannelStatus[channelCount];
        }

        /// <summary>Per channel.</summary>
        public readonly ChannelStatus[] Channels;

        /// <summary>When it was taken, clock ms.</summary>
        public long TimeMilliseconds;

        /// <summary>Ticks run.</summary>
        public long TickCount;

        /// <summary>Whether the last tick was healthy (heartbeat toggled).</summary>
        public bool IsHealthy;

        /// <summary>The session target, mV (0 when not known).</summary>
        public int TargetMillivolts;

        /// <summary>Board temperature, 0.1 °C.</summary>
        public int BoardDeciCelsius;

        /// <summary>Board NTC status.</summary>
        public NtcStatus BoardStatus;

        /// <summary>The 12 V input, mV.</summary>
        public int SupplyMillivolts;

        /// <summary>Emergency stop latched.</summary>
        public bool IsEmergencyStopped;

        /// <summary>A relay-stuck alarm sounds on some channel.</summary>
        public bool IsAlarmSounding;

        /// <summary>Late ticks since start-up.</summary>
        public long LateTickCount;

        /// <summary>The previous tick's work time on the board's clock, ms.</summary>
        public long TickWorkMilliseconds;

        /// <summary>The longest tick work time since start-up, ms.</summary>
        public long LongestTickWorkMilliseconds;

        /// <summary>One bit per channel (channel 0 the lowest) whose INA219 is calibrated; a clear bit flags its readings as the chip's own.</summary>
        public int CalibratedChannelMask;

        internal void Capture(BalancerController controller, ChannelController[] channels, RelayBank relays, MeasurementFrame frame, bool healthy)
        {
            TimeMilliseconds = frame.NowMilliseconds;
            TickCount = controller.TickCount;
            IsHealthy = healthy;
            TargetMillivolts = controller.HasTarget ? controller.TargetMillivolts : 0;
            BoardDeciCelsius = frame.Board.TemperatureDeciCelsius;
            BoardStatus = frame.Board.Status;
            SupplyMillivolts = frame.SupplyMillivolts;
            IsEmergencyStopped = controller.IsEmergencyStopped;
            LateTickCount = controller.LateTickCount;
            TickWorkMilliseconds = controller.LastTickWorkMilliseconds;
            LongestTickWorkMilliseconds = controller.LongestTickWorkMilliseconds;
            CalibratedChannelMask = controller.CalibratedChannelMask;
            var alarm = false;
            var statuses = Channels;
            var samples = frame.Channels;
            for (var i = 0; i < statuses.Length; i++)
            {
                // The account's and the sample's fields, read directly: this runs every tick, and on nanoCLR each
                // property read would be a call.
                var channel = channels[i];
                var account = channel._account;
                ref var sample = ref samples[i];
                ref var status = ref statuses[i];
                status.State = account.State;
                status.CheckStep = channel._clip._step;
                status.Fault = account.Fault;
                status.Mode = account.Mode;
                status.IsRelayClosed = relays.IsClosed(i);
                status.IsSensorValid = sample.IsSensorAnswering && sample.HasFreshConversion;
                status.GroupMillivolts = sample.GroupMillivolts;
                status.OcvMillivolts = account.HasOcv ? account.OcvMillivolts : 0;
                var microamperes = sample.CurrentMicroamperes;
                status.CurrentMilliamperes = microamperes >= 0 ? (microamperes + 500) / 1000 : -((-microamperes + 500) / 1000);
                status.TemperatureDeciCelsius = sample.Cell.TemperatureDeciCelsius;
                status.TemperatureStatus = sample.HasCellSensor ? sample.Cell.Status : NtcStatus.Open;
                status.DeliveredMilliampereHours = (int)(account.DeliveredMicroampereMilliseconds / ChannelAccount.MicroampereMillisecondsPerMilliampereHour);
                status.ChargeSeconds = (int)(account.ChargeMilliseconds / 1000);
                status.PauseCount = account.PauseCount;
                alarm = alarm || channel._isAlarmSounding;
            }

            IsAlarmSounding = alarm;
        }
    }
}
