// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Simulator.Physics
{
    /// <summary>
    /// A TP4056 module with its own tolerances: CC at 1200 V / R_PROG (±10 %), CV at its own voltage (4.2 V ±1 %),
    /// trickle at a tenth of the current below 2.9 V, termination when the CV current falls to a tenth, thermal fold-back
    /// at 120 °C die temperature, nothing without input power. It cannot sink current. Once terminated it stays off until
    /// BAT falls below its 4.05 V recharge threshold or its input is power-cycled: opening and closing the relay does not
    /// start a new cycle (the cell it finds again is still above the threshold).
    /// </summary>
    public sealed class ChargerModel
    {
        /// <summary>TP4056: trickle below this BAT voltage, mV.</summary>
        public const double TrickleBelowMillivolts = 2900;

        /// <summary>TP4056: trickle and termination at 1/10 of the programmed current.</summary>
        public const double TerminationFraction = 0.1;

        /// <summary>TP4056: a terminated charger restarts when BAT falls below this, mV.</summary>
        public const double RechargeBelowMillivolts = 4050;

        /// <summary>TP4056 input voltage on the board's isolated supply, mV.</summary>
        public const double InputMillivolts = 5000;

        /// <summary>Die temperature where the TP4056 folds its current back, °C.</summary>
        public const double FoldBackCelsius = 120;

        /// <summary>Junction-to-ambient of a TP4056 module on its copper, K/W (source in docs/simulator-physics.md).</summary>
        public const double DefaultDieKelvinPerWatt = 40;

        /// <summary>Creates a module.</summary>
        public ChargerModel(double programmedMilliamperes, double cvMillivolts, double dieKelvinPerWatt = DefaultDieKelvinPerWatt)
        {
            ProgrammedMilliamperes = programmedMilliamperes;
            CvMillivolts = cvMillivolts;
            DieKelvinPerWatt = dieKelvinPerWatt;
        }

        /// <summary>This module's junction-to-ambient thermal resistance, K/W.</summary>
        public double DieKelvinPerWatt { get; }

        /// <summary>Its CC current, mA.</summary>
        public double ProgrammedMilliamperes { get; }

        /// <summary>Its CV voltage, mV.</summary>
        public double CvMillivolts { get; }

        /// <summary>Whether the last charge cycle terminated (and has not restarted).</summary>
        public bool IsTerminated { get; private set; }

        /// <summary>Whether it folded its current back for heat in the last step.</summary>
        public bool IsFoldingBack { get; private set; }

        /// <summary>Power dissipated in the last step, W.</summary>
        public double DissipationWatts { get; private set; }

        /// <summary>
        /// The current into a load with an internal voltage <paramref name="sourceMillivolts"/> behind
        /// <paramref name="pathMilliohms"/> (group, clip, leads, shunt), mA.
        /// </summary>
        /// <param name="isPowered">Input power present.</param>
        /// <param name="isConnected">A load on BAT (the relay closed and the clip on a group).</param>
        /// <param name="sourceMillivolts">The load's voltage at zero current.</param>
        /// <param name="pathMilliohms">Everything between BAT and that voltage.</param>
        /// <param name="ambientCelsius">Air around the module.</param>
        public double Deliver(bool isPowered, bool isConnected, double sourceMillivolts, double pathMilliohms, double ambientCelsius)
        {
            IsFoldingBack = false;
            DissipationWatts = 0;
            if (!isPowered)
            {
                IsTerminated = false; // a power cycle starts a new charge cycle
                return 0;
            }

            if (!isConnected)
            {
                return 0;
            }

            if (IsTerminated)
            {
                if (sourceMillivolts >= RechargeBelowMillivolts)
                {
                    return 0;
                }

                IsTerminated = false;
            }

            var current = sourceMillivolts < TrickleBelowMillivolts ? ProgrammedMilliamperes * TerminationFraction : ProgrammedMilliamperes;
            var inConstantVoltage = false;
            if (sourceMillivolts + (current * pathMilliohms / 1000) > CvMillivolts)
            {
                current = Math.Max(0, (CvMillivolts - sourceMillivolts) * 1000 / pathMilliohms);
                inConstantVoltage = true;
            }

            if (inConstantVoltage && current < ProgrammedMilliamperes * TerminationFraction)
            {
                IsTerminated = true;
                return 0;
            }

            var batMillivolts = sourceMillivolts + (current * pathMilliohms / 1000);
            var headroomVolts = Math.Max(0.1, (InputMillivolts - batMillivolts) / 1000);
            var limit = (FoldBackCelsius - ambientCelsius) / (DieKelvinPerWatt * headroomVolts) * 1000;
            if (current > limit)
            {
                current = Math.Max(0, limit);
                IsFoldingBack = true;
            }

            DissipationWatts = headroomVolts * current / 1000;
            return current;
        }
    }
}
