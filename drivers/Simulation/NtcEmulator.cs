// SPDX-License-Identifier: MIT

using System;

namespace Balancer.Drivers.Simulation
{
    /// <summary>How a simulated thermistor is broken, if it is.</summary>
    public enum NtcFault
    {
        /// <summary>Working.</summary>
        None = 0,

        /// <summary>A lead off: the node rises to the divider supply.</summary>
        Open = 1,

        /// <summary>Leads shorted: the node falls to 0 V.</summary>
        Short = 2,
    }

    /// <summary>
    /// A B-constant NTC at the bottom of a divider, feeding an ADC input. The part's own tolerance (R25 and B) is a
    /// parameter, so a simulated sensor reads like a real one, not like the driver's formula.
    /// </summary>
    public sealed class NtcEmulator
    {
        private readonly AdcEmulator _adc;

        /// <summary>A sensor feeding an ADC input.</summary>
        public NtcEmulator(AdcEmulator adc)
        {
            _adc = adc;
        }

        /// <summary>This part's resistance at 25 °C, in Ω (10 kΩ ±1 % for the board's beads).</summary>
        public double R25Ohms { get; set; } = 10_000;

        /// <summary>This part's B constant, in K.</summary>
        public double BetaKelvin { get; set; } = 3950;

        /// <summary>The divider's fixed resistor from the supply, in Ω.</summary>
        public double FixedResistorOhms { get; set; } = 10_000;

        /// <summary>The divider's supply, in mV.</summary>
        public double SupplyMillivolts { get; set; } = 3300;

        /// <summary>The fault in force.</summary>
        public NtcFault Fault { get; set; }

        /// <summary>The bead's temperature, in °C; setting it updates the ADC input.</summary>
        public double TemperatureCelsius
        {
            get => _temperatureCelsius;
            set
            {
                _temperatureCelsius = value;
                Apply();
            }
        }

        private double _temperatureCelsius = 25;

        /// <summary>The part's resistance at a temperature.</summary>
        public double ResistanceOhms(double celsius) =>
            R25Ohms * Math.Exp(BetaKelvin * ((1.0 / (celsius + 273.15)) - (1.0 / 298.15)));

        /// <summary>Recomputes the node voltage (after a change of fault or parameter).</summary>
        public void Apply()
        {
            switch (Fault)
            {
                case NtcFault.Open:
                    _adc.InputMillivolts = SupplyMillivolts;
                    break;
                case NtcFault.Short:
                    _adc.InputMillivolts = 0;
                    break;
                default:
                    var r = ResistanceOhms(_temperatureCelsius);
                    _adc.InputMillivolts = SupplyMillivolts * r / (r + FixedResistorOhms);
                    break;
            }
        }
    }
}
