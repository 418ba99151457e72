// SPDX-License-Identifier: MIT

using Balancer.Drivers.Adc;

namespace Balancer.Drivers.Supply
{
    /// <summary>
    /// The 12 V input, read on ADC1 through a resistor divider. The default divider (100 kΩ over 15 kΩ) puts 15 V at
    /// 1957 mV, inside the ADC's specified range, and the 10.5 V pause threshold (spec §5) at 1370 mV.
    /// </summary>
    public sealed class SupplyMonitor
    {
        private readonly AdcInput _input;
        private AdcReading _reading;

        /// <summary>Creates the monitor.</summary>
        /// <param name="input">The ADC input at the divider's node.</param>
        /// <param name="topOhms">Resistor from the 12 V input to the node, in Ω.</param>
        /// <param name="bottomOhms">Resistor from the node to ground, in Ω.</param>
        public SupplyMonitor(AdcInput input, int topOhms, int bottomOhms)
        {
            _input = input;
            TopOhms = topOhms;
            BottomOhms = bottomOhms;
        }

        /// <summary>Resistor from the input to the node, in Ω.</summary>
        public int TopOhms { get; }

        /// <summary>Resistor from the node to ground, in Ω.</summary>
        public int BottomOhms { get; }

        /// <summary>Reads the input voltage, in mV.</summary>
        public int ReadMillivolts()
        {
            _input.Read(ref _reading);
            return InputMillivolts(_reading.Millivolts, TopOhms, BottomOhms);
        }

        /// <summary>The input voltage for a node voltage: V_in = V_node × (R_top + R_bottom) / R_bottom.</summary>
        public static int InputMillivolts(int nodeMillivolts, int topOhms, int bottomOhms) =>
            (int)IntegerMath.DivideRounded((long)nodeMillivolts * (topOhms + bottomOhms), bottomOhms);
    }
}
