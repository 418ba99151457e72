// SPDX-License-Identifier: MIT

using Balancer.Drivers;

namespace Balancer.Core.Control
{
    /// <summary>
    /// The clip check's contact probe (spec §3): the relay closes briefly, a few settled samples are averaged, and the
    /// series resistance of group, leads and clip is the rise over the rested voltage divided by the current (the current
    /// with the relay open is zero by construction, so ΔI is the closed current).
    /// </summary>
    public sealed class ContactProbe
    {
        /// <summary>Settled samples averaged while the probe has the relay closed.</summary>
        public const int Samples = 3;

        /// <summary>Below this probe current ΔV/ΔI says nothing (4 mV LSB ÷ 50 mA = 80 mΩ resolution), mA.</summary>
        public const int MinimumMilliamperes = 50;

        private long _sumMillivolts;
        private long _sumMicroamperes;
        private int _count;

        /// <summary>Whether enough samples were taken.</summary>
        public bool IsComplete => _count >= Samples;

        /// <summary>Starts a probe.</summary>
        public void Begin()
        {
            _sumMillivolts = 0;
            _sumMicroamperes = 0;
            _count = 0;
        }

        /// <summary>Adds a settled sample taken with the relay closed.</summary>
        public void Add(int millivolts, int microamperes)
        {
            _sumMillivolts += millivolts;
            _sumMicroamperes += microamperes;
            _count++;
        }

        /// <summary>
        /// The series resistance over the rested voltage, µΩ (at most int.MaxValue); false when the probe's current was
        /// too small to say anything.
        /// </summary>
        public bool TryResistance(int restedMillivolts, out int microohms)
        {
            microohms = 0;
            if (_count == 0)
            {
                return false;
            }

            var closedMillivolts = IntegerMath.DivideRounded(_sumMillivolts, _count);
            var microamperes = IntegerMath.DivideRounded(_sumMicroamperes, _count);
            if (microamperes < MinimumMilliamperes * 1000L)
            {
                return false;
            }

            microohms = (int)IntegerMath.Min(int.MaxValue, ResistanceMicroohms(closedMillivolts - restedMillivolts, microamperes));
            return true;
        }

        /// <summary>R = ΔV / I for a rise above the rested voltage (none counts as zero): mV / µA = kΩ, so µΩ = mV × 10⁹ / µA.</summary>
        public static long ResistanceMicroohms(long riseMillivolts, long microamperes) =>
            IntegerMath.DivideRounded(IntegerMath.Max(0, riseMillivolts) * 1_000_000_000L, microamperes);
    }
}
