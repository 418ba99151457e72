// SPDX-License-Identifier: MIT

using Balancer.Drivers.Ntc;

namespace Balancer.Core.Control
{
    /// <summary>What one tick read for one channel, calibrated. Filled in place; never allocated in the tick.</summary>
    public struct ChannelSample
    {
        /// <summary>Both register reads were acknowledged.</summary>
        public bool IsSensorAnswering;

        /// <summary>CNVR was set: the values come from a conversion finished since the last trigger.</summary>
        public bool HasFreshConversion;

        /// <summary>When the conversion behind these values was triggered, clock ms; compared with relay switching to decide whether it settled.</summary>
        public long ConversionStartedAtMilliseconds;

        /// <summary>Group voltage at the clip after calibration, mV.</summary>
        public int GroupMillivolts;

        /// <summary>Charge current after calibration, µA; positive into the group.</summary>
        public int CurrentMicroamperes;

        /// <summary>The sensor's own reading before calibration, mV.</summary>
        public int RawMillivolts;

        /// <summary>The sensor's own reading before calibration, µA.</summary>
        public int RawMicroamperes;

        /// <summary>The channel's cell NTC; <see cref="HasCellSensor"/> says whether one is wired.</summary>
        public NtcReading Cell;

        /// <summary>Whether the channel has a cell NTC.</summary>
        public bool HasCellSensor;

        /// <summary>Whether the values are usable: answered and freshly converted.</summary>
        public bool IsValid => IsSensorAnswering && HasFreshConversion;

        /// <summary>Current rounded to mA.</summary>
        public int CurrentMilliamperes =>
            CurrentMicroamperes >= 0 ? (CurrentMicroamperes + 500) / 1000 : -((-CurrentMicroamperes + 500) / 1000);
    }

    /// <summary>Everything one tick read: every channel, the board NTC, the 12 V input.</summary>
    public sealed class MeasurementFrame
    {
        /// <summary>Creates a frame for a number of channels.</summary>
        public MeasurementFrame(int channelCount)
        {
            Channels = new ChannelSample[channelCount];
        }

        /// <summary>Clock time the tick started, ms.</summary>
        public long NowMilliseconds;

        /// <summary>Per channel.</summary>
        public readonly ChannelSample[] Channels;

        /// <summary>The board NTC near the chargers.</summary>
        public NtcReading Board;

        /// <summary>The 12 V input, mV.</summary>
        public int SupplyMillivolts;
    }
}
