// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Simulator.Physics
{
    /// <summary>
    /// Open-circuit voltage against state of charge for an NMC 18650 (2600 mAh class). Points from 0 % to 100 % are the
    /// reference table (LibreSolar bms-firmware's NMC curve), with 100 % at 4.20 V; the two below 0 % extend it into
    /// over-discharge, where a group holds almost no charge and its voltage climbs back to 2.8 V within a few tens of
    /// mAh; the points above 100 % extend it to 4.35 V for overcharged groups (about 17 mV per percent, from the
    /// LG M50 electrode curves of PyBaMM's Chen2020 set; docs/simulator-physics.md). A value outside the table is refused, never clamped.
    /// </summary>
    public static class OcvCurve
    {
        private static readonly double[] SocPercent = { -0.6, -0.3, 0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 101, 102.5, 104, 105.5, 107, 109 };
        private static readonly double[] Millivolts = { 1000, 2200, 2800, 3588, 3684, 3726, 3764, 3803, 3838, 3883, 3962, 4026, 4089, 4200, 4220, 4250, 4280, 4300, 4320, 4350 };

        /// <summary>Lowest state of charge the curve covers, percent.</summary>
        public static double MinimumSocPercent => SocPercent[0];

        /// <summary>Highest state of charge the curve covers, percent.</summary>
        public static double MaximumSocPercent => SocPercent[^1];

        /// <summary>Lowest OCV the curve covers, mV.</summary>
        public static double MinimumMillivolts => Millivolts[0];

        /// <summary>Highest OCV the curve covers, mV.</summary>
        public static double MaximumMillivolts => Millivolts[^1];

        /// <summary>OCV at a state of charge, mV; a state of charge outside the curve is refused.</summary>
        public static double MillivoltsAt(double socPercent) => Interpolate(SocPercent, Millivolts, socPercent, "state of charge");

        /// <summary>State of charge at an OCV, percent; an OCV outside the curve is refused.</summary>
        public static double SocAt(double millivolts) => Interpolate(Millivolts, SocPercent, millivolts, "OCV");

        /// <summary>dOCV/dSOC at a state of charge, mV per percent.</summary>
        public static double SlopeAt(double socPercent)
        {
            var i = Segment(SocPercent, socPercent);
            return (Millivolts[i + 1] - Millivolts[i]) / (SocPercent[i + 1] - SocPercent[i]);
        }

        private static double Interpolate(double[] x, double[] y, double at, string what)
        {
            if (!(at >= x[0] && at <= x[^1]))
            {
                throw new ArgumentOutOfRangeException(nameof(at), at, $"the cell curve covers {what} {x[0]}–{x[^1]}");
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
