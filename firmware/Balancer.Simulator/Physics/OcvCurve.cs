// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Simulator.Physics
{
    /// <summary>
    /// Open-circuit voltage against state of charge for an NMC 18650 (2600 mAh class). Points from 0 % to 100 % are the
    /// reference table (LibreSolar bms-firmware's NMC curve); the two below 0 % extend it into over-discharge, where a
    /// group holds almost no charge and its voltage climbs back to 2.8 V within a few tens of mAh.
    /// </summary>
    public static class OcvCurve
    {
        private static readonly double[] SocPercent = { -0.6, -0.3, 0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 };
        private static readonly double[] Millivolts = { 1000, 2200, 2800, 3588, 3684, 3726, 3764, 3803, 3838, 3883, 3962, 4026, 4089, 4198 };

        /// <summary>Lowest state of charge the curve covers, percent.</summary>
        public static double MinimumSocPercent => SocPercent[0];

        /// <summary>OCV at a state of charge (clamped to the table), mV.</summary>
        public static double MillivoltsAt(double socPercent) => Interpolate(SocPercent, Millivolts, socPercent);

        /// <summary>State of charge at an OCV (clamped to the table), percent.</summary>
        public static double SocAt(double millivolts) => Interpolate(Millivolts, SocPercent, millivolts);

        /// <summary>dOCV/dSOC at a state of charge, mV per percent.</summary>
        public static double SlopeAt(double socPercent)
        {
            var i = Segment(SocPercent, socPercent);
            return (Millivolts[i + 1] - Millivolts[i]) / (SocPercent[i + 1] - SocPercent[i]);
        }

        private static double Interpolate(double[] x, double[] y, double at)
        {
            if (at <= x[0])
            {
                return y[0];
            }

            if (at >= x[^1])
            {
                return y[^1];
            }

            var i = Segment(x, at);
            return y[i] + ((y[i + 1] - y[i]) * (at - x[i]) / (x[i + 1] - x[i]));
        }

        private static int Segment(double[] x, double at)
        {
            var i = Array.BinarySearch(x, at);
            i = i >= 0 ? i : ~i - 1;
            return Math.Clamp(i, 0, x.Length - 2);
        }
    }
}
