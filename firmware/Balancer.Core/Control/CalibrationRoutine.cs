// SPDX-License-Identifier: MIT

using Balancer.Drivers;

namespace Balancer.Core.Control
{
    /// <summary>Why a calibration was not computed. Fixed values: BLE response codes.</summary>
    public enum CalibrationResult
    {
        /// <summary>Computed.</summary>
        Ok = 0,

        /// <summary>Too few valid samples were collected.</summary>
        NotEnoughSamples = 1,

        /// <summary>The reference is not a Li-ion cell's voltage.</summary>
        ReferenceOutOfRange = 2,

        /// <summary>The correction would be larger than any healthy channel needs: check the clip and wiring.</summary>
        Implausible = 3,
    }

    /// <summary>
    /// The calibration routine of spec §2: every channel clipped onto the same reference cell with its relay open. The
    /// voltage gain comes from the reference voltage (read on a meter) over the channel's average reading; the current
    /// offset is the average current, since with the relay open no current flows.
    /// </summary>
    public sealed class CalibrationRoutine
    {
        /// <summary>Valid samples needed per channel (2 s at the default tick).</summary>
        public const int MinimumSamples = 20;

        /// <summary>Lowest reference accepted, mV.</summary>
        public const int MinimumReferenceMillivolts = 2500;

        /// <summary>Highest reference accepted, mV.</summary>
        public const int MaximumReferenceMillivolts = 4300;

        private readonly long[] _sumMillivolts;
        private readonly long[] _sumMicroamperes;
        private readonly int[] _count;

        /// <summary>Creates the routine for a number of channels.</summary>
        public CalibrationRoutine(int channelCount)
        {
            _sumMillivolts = new long[channelCount];
            _sumMicroamperes = new long[channelCount];
            _count = new int[channelCount];
        }

        /// <summary>Forgets every sample.</summary>
        public void Reset()
        {
            for (var i = 0; i < _count.Length; i++)
            {
                _sumMillivolts[i] = 0;
                _sumMicroamperes[i] = 0;
                _count[i] = 0;
            }
        }

        /// <summary>Valid samples collected for a channel.</summary>
        public int SampleCount(int channel) => _count[channel];

        /// <summary>Adds a sample's raw readings; invalid samples are ignored.</summary>
        public void Add(int channel, ref ChannelSample sample)
        {
            if (!sample.IsValid)
            {
                return;
            }

            _sumMillivolts[channel] += sample.RawMillivolts;
            _sumMicroamperes[channel] += sample.RawMicroamperes;
            _count[channel]++;
        }

        /// <summary>Computes a channel's calibration against the reference voltage.</summary>
        public CalibrationResult TryCompute(int channel, int referenceMillivolts, out ChannelCalibration calibration)
        {
            calibration = ChannelCalibration.Identity;
            if (referenceMillivolts < MinimumReferenceMillivolts || referenceMillivolts > MaximumReferenceMillivolts)
            {
                return CalibrationResult.ReferenceOutOfRange;
            }

            if (_count[channel] < MinimumSamples || _sumMillivolts[channel] <= 0)
            {
                return CalibrationResult.NotEnoughSamples;
            }

            // gain = reference / mean(raw) = reference × n / Σraw, in ppm.
            calibration.VoltageGainPpm = (int)IntegerMath.DivideRounded(
                (long)referenceMillivolts * _count[channel] * ChannelCalibration.UnityGainPpm, _sumMillivolts[channel]);
            calibration.CurrentOffsetMicroamperes = (int)IntegerMath.DivideRounded(_sumMicroamperes[channel], _count[channel]);
            return calibration.IsPlausible ? CalibrationResult.Ok : CalibrationResult.Implausible;
        }
    }
}
