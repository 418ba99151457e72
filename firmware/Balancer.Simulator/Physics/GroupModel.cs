// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Simulator.Physics
{
    /// <summary>
    /// One parallel group of cells: charge and OCV(SOC), an ohmic resistance and one RC relaxation branch (so the voltage
    /// keeps relaxing after a charge stops), a self-discharge leak, and a thermal mass heated by I²R and cooled towards
    /// ambient. Current is positive into the group.
    /// </summary>
    public sealed class GroupModel
    {
        /// <summary>Creates a group.</summary>
        /// <param name="capacityMilliampereHours">What the group holds from 0 % to 100 %.</param>
        /// <param name="socPercent">Starting state of charge.</param>
        /// <param name="ohmicMilliohms">R0 of the group (cells in parallel).</param>
        /// <param name="relaxationMilliohms">R1 of the RC branch.</param>
        /// <param name="relaxationSeconds">τ = R1·C1.</param>
        /// <param name="leakMilliamperes">Self-discharge as a constant current.</param>
        /// <param name="heatCapacityJoulesPerKelvin">Thermal mass.</param>
        /// <param name="coolingWattsPerKelvin">Heat transfer to ambient.</param>
        /// <param name="celsius">Starting temperature.</param>
        public GroupModel(
            double capacityMilliampereHours,
            double socPercent,
            double ohmicMilliohms,
            double relaxationMilliohms,
            double relaxationSeconds,
            double leakMilliamperes,
            double heatCapacityJoulesPerKelvin,
            double coolingWattsPerKelvin,
            double celsius)
        {
            CapacityMilliampereHours = capacityMilliampereHours;
            SocPercent = socPercent;
            OhmicMilliohms = ohmicMilliohms;
            RelaxationMilliohms = relaxationMilliohms;
            RelaxationSeconds = relaxationSeconds;
            LeakMilliamperes = leakMilliamperes;
            HeatCapacityJoulesPerKelvin = heatCapacityJoulesPerKelvin;
            CoolingWattsPerKelvin = coolingWattsPerKelvin;
            Celsius = celsius;
        }

        /// <summary>Capacity, mAh.</summary>
        public double CapacityMilliampereHours { get; }

        /// <summary>State of charge, percent (slightly below 0 when over-discharged).</summary>
        public double SocPercent { get; private set; }

        /// <summary>R0, mΩ.</summary>
        public double OhmicMilliohms { get; }

        /// <summary>R1 of the relaxation branch, mΩ.</summary>
        public double RelaxationMilliohms { get; }

        /// <summary>τ of the relaxation branch, s.</summary>
        public double RelaxationSeconds { get; }

        /// <summary>Self-discharge, mA.</summary>
        public double LeakMilliamperes { get; set; }

        /// <summary>Thermal mass, J/K.</summary>
        public double HeatCapacityJoulesPerKelvin { get; }

        /// <summary>Cooling to ambient, W/K.</summary>
        public double CoolingWattsPerKelvin { get; }

        /// <summary>Temperature, °C.</summary>
        public double Celsius { get; private set; }

        /// <summary>Voltage across the relaxation branch, mV.</summary>
        public double RelaxationMillivolts { get; private set; }

        /// <summary>Charge that went in from outside, mAh.</summary>
        public double ChargedMilliampereHours { get; private set; }

        /// <summary>Open-circuit voltage of the electrode (fully relaxed), mV.</summary>
        public double OcvMillivolts => OcvCurve.MillivoltsAt(SocPercent);

        /// <summary>What the group shows at zero current right now: OCV plus what the RC branch still holds, mV.</summary>
        public double RestingMillivolts => OcvMillivolts + RelaxationMillivolts;

        /// <summary>Terminal voltage with a current flowing, mV.</summary>
        public double TerminalMillivolts(double milliamperes) => RestingMillivolts + (milliamperes * OhmicMilliohms / 1000);

        /// <summary>Advances time with a constant current: charge, relaxation (exact for the step), heat.</summary>
        public void Advance(double seconds, double milliamperes, double ambientCelsius)
        {
            var hours = seconds / 3600;
            var net = milliamperes - LeakMilliamperes;
            SocPercent = Math.Max(OcvCurve.MinimumSocPercent, SocPercent + (net * hours * 100 / CapacityMilliampereHours));
            if (milliamperes > 0)
            {
                ChargedMilliampereHours += milliamperes * hours;
            }

            var target = milliamperes * RelaxationMilliohms / 1000;
            RelaxationMillivolts = target + ((RelaxationMillivolts - target) * Math.Exp(-seconds / RelaxationSeconds));

            var amperes = milliamperes / 1000;
            var heatWatts = amperes * amperes * (OhmicMilliohms + RelaxationMilliohms) / 1000;
            var towards = ambientCelsius + (heatWatts / CoolingWattsPerKelvin);
            Celsius = towards + ((Celsius - towards) * Math.Exp(-seconds * CoolingWattsPerKelvin / HeatCapacityJoulesPerKelvin));
        }
    }
}
