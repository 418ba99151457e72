// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Simulator.Physics
{
    /// <summary>
    /// One RC branch of a group's relaxation: a resistance that carries the charge current's polarisation and a time
    /// constant over which it decays once the current stops (docs/simulator-physics.md gives each default's source).
    /// </summary>
    /// <param name="Milliohms">The branch's resistance for the whole group, mΩ, at mid state of charge.</param>
    /// <param name="Seconds">τ = R·C, s.</param>
    public readonly record struct RelaxationBranch(double Milliohms, double Seconds);

    /// <summary>
    /// One parallel group of cells: charge and OCV(SOC), an ohmic resistance and two or three RC relaxation branches
    /// (seconds, tens of minutes, hours: the group keeps relaxing for hours after a charge stops), a self-discharge
    /// leak, and a thermal mass heated by I²R and cooled towards ambient. Current is positive into the group.
    /// </summary>
    public sealed class GroupModel
    {
        /// <summary>
        /// How much larger the polarisation resistances are at a low state of charge: 1 + 3·e^(−SOC/8 %), the shape of
        /// Chen and Rincón-Mora's fitted RC elements, flat above about 20 % and rising steeply below (IEEE Trans. Energy
        /// Convers. 21(2), 2006).
        /// </summary>
        public const double LowSocGain = 3;

        /// <summary>The SOC scale of that rise, percent.</summary>
        public const double LowSocScalePercent = 8;

        private readonly RelaxationBranch[] _branches;
        private readonly double[] _branchMillivolts;
        private readonly double[] _decay;
        private double _decaySeconds = double.NaN;

        /// <summary>Creates a group.</summary>
        /// <param name="capacityMilliampereHours">What the group holds from 0 % to 100 %.</param>
        /// <param name="socPercent">Starting state of charge.</param>
        /// <param name="ohmicMilliohms">R0 of the group (cells in parallel).</param>
        /// <param name="branches">The relaxation branches of the group (cells in parallel).</param>
        /// <param name="leakMilliamperes">Self-discharge as a constant current.</param>
        /// <param name="heatCapacityJoulesPerKelvin">Thermal mass.</param>
        /// <param name="coolingWattsPerKelvin">Heat transfer to ambient.</param>
        /// <param name="celsius">Starting temperature.</param>
        public GroupModel(
            double capacityMilliampereHours,
            double socPercent,
            double ohmicMilliohms,
            RelaxationBranch[] branches,
            double leakMilliamperes,
            double heatCapacityJoulesPerKelvin,
            double coolingWattsPerKelvin,
            double celsius)
        {
            CapacityMilliampereHours = capacityMilliampereHours;
            SocPercent = socPercent;
            OhmicMilliohms = ohmicMilliohms;
            _branches = (RelaxationBranch[])branches.Clone();
            _branchMillivolts = new double[branches.Length];
            _decay = new double[branches.Length];
            LeakMilliamperes = leakMilliamperes;
            HeatCapacityJoulesPerKelvin = heatCapacityJoulesPerKelvin;
            CoolingWattsPerKelvin = coolingWattsPerKelvin;
            Celsius = celsius;
        }

        /// <summary>Capacity, mAh.</summary>
        public double CapacityMilliampereHours { get; }

        /// <summary>State of charge, percent (slightly below 0 when over-discharged, above 100 when overcharged).</summary>
        public double SocPercent { get; private set; }

        /// <summary>R0, mΩ.</summary>
        public double OhmicMilliohms { get; }

        /// <summary>The relaxation branches at mid state of charge.</summary>
        public ReadOnlySpan<RelaxationBranch> Branches => _branches;

        /// <summary>Self-discharge, mA.</summary>
        public double LeakMilliamperes { get; set; }

        /// <summary>Thermal mass, J/K.</summary>
        public double HeatCapacityJoulesPerKelvin { get; }

        /// <summary>Cooling to ambient, W/K.</summary>
        public double CoolingWattsPerKelvin { get; }

        /// <summary>Temperature, °C.</summary>
        public double Celsius { get; private set; }

        /// <summary>Voltage held by every relaxation branch together, mV: what the group still has to relax.</summary>
        public double RelaxationMillivolts
        {
            get
            {
                var sum = 0.0;
                foreach (var v in _branchMillivolts)
                {
                    sum += v;
                }

                return sum;
            }
        }

        /// <summary>Voltage held by one branch, mV.</summary>
        public double BranchMillivolts(int branch) => _branchMillivolts[branch];

        /// <summary>Charge that went in from outside, mAh.</summary>
        public double ChargedMilliampereHours { get; private set; }

        /// <summary>Open-circuit voltage of the electrode with every branch at rest (fully relaxed): the truth, mV.</summary>
        public double OcvMillivolts => OcvCurve.MillivoltsAt(SocPercent);

        /// <summary>What the group shows at zero current right now: OCV plus what the branches still hold, mV.</summary>
        public double RestingMillivolts => OcvMillivolts + RelaxationMillivolts;

        /// <summary>Terminal voltage with a current flowing, mV.</summary>
        public double TerminalMillivolts(double milliamperes) => RestingMillivolts + (milliamperes * OhmicMilliohms / 1000);

        /// <summary>The factor on every branch resistance at a state of charge.</summary>
        public static double SocFactor(double socPercent) =>
            1 + (LowSocGain * Math.Exp(-Math.Max(0, socPercent) / LowSocScalePercent));

        /// <summary>Advances time with a constant current: charge, relaxation (exact for the step), heat.</summary>
        public void Advance(double seconds, double milliamperes, double ambientCelsius)
        {
            var hours = seconds / 3600;
            var net = milliamperes - LeakMilliamperes;
            SocPercent = Math.Clamp(SocPercent + (net * hours * 100 / CapacityMilliampereHours), OcvCurve.MinimumSocPercent, OcvCurve.MaximumSocPercent);
            if (milliamperes > 0)
            {
                ChargedMilliampereHours += milliamperes * hours;
            }

            if (seconds != _decaySeconds)
            {
                // Steps are mostly one tick long: the decay factors are worked out once per step length.
                for (var k = 0; k < _branches.Length; k++)
                {
                    _decay[k] = Math.Exp(-seconds / _branches[k].Seconds);
                }

                _decaySeconds = seconds;
            }

            var factor = SocFactor(SocPercent);
            var branchMilliohms = 0.0;
            for (var k = 0; k < _branches.Length; k++)
            {
                var milliohms = _branches[k].Milliohms * factor;
                var target = milliamperes * milliohms / 1000;
                _branchMillivolts[k] = target + ((_branchMillivolts[k] - target) * _decay[k]);
                branchMilliohms += milliohms;
            }

            var amperes = milliamperes / 1000;
            var heatWatts = amperes * amperes * (OhmicMilliohms + branchMilliohms) / 1000;
            var towards = ambientCelsius + (heatWatts / CoolingWattsPerKelvin);
            Celsius = towards + ((Celsius - towards) * Math.Exp(-seconds * CoolingWattsPerKelvin / HeatCapacityJoulesPerKelvin));
        }
    }
}
