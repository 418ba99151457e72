// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Ina219
{
    /// <summary>The contents of the configuration register as named settings.</summary>
    public struct Ina219Configuration
    {
        /// <summary>The register's power-on value (TI SBOS448G 8.6.2.1): 32 V, ±320 mV, 12-bit, shunt and bus continuous.</summary>
        public const ushort PowerOnValue = 0x399F;

        /// <summary>Bus voltage range.</summary>
        public Ina219BusRange BusRange;

        /// <summary>PGA gain.</summary>
        public Ina219PgaGain Gain;

        /// <summary>Bus ADC setting.</summary>
        public Ina219AdcSetting BusAdc;

        /// <summary>Shunt ADC setting.</summary>
        public Ina219AdcSetting ShuntAdc;

        /// <summary>Operating mode.</summary>
        public Ina219Mode Mode;

        /// <summary>
        /// The balancer's channel setting (spec §2): 32 V range so a clip across several groups reads true, ±160 mV for
        /// 1.6 A on 0.1 Ω, one shunt and one bus conversion per trigger. The shunt averages 8 conversions of 12 bits. The
        /// bus takes one: averaged in the chip, its noise would shrink below what lets the firmware's own averages
        /// resolve the 4 mV step, while one conversion's noise dithers it (docs/control-core.md). A conversion pair takes
        /// 4.79 ms, well inside the shortest 50 ms tick.
        /// </summary>
        public static Ina219Configuration Channel => new Ina219Configuration
        {
            BusRange = Ina219BusRange.Range32V,
            Gain = Ina219PgaGain.Range160mV,
            BusAdc = Ina219AdcSetting.Resolution12Bit,
            ShuntAdc = Ina219AdcSetting.Average8,
            Mode = Ina219Mode.ShuntAndBusTriggered,
        };

        /// <summary>The register value for these settings.</summary>
        public ushort ToRegister()
        {
            ushort value = 0;
            value = Ina219Field.BusVoltageRange.Set(value, (int)BusRange);
            value = Ina219Field.PgaGain.Set(value, (int)Gain);
            value = Ina219Field.BusAdc.Set(value, (int)BusAdc);
            value = Ina219Field.ShuntAdc.Set(value, (int)ShuntAdc);
            return Ina219Field.Mode.Set(value, (int)Mode);
        }

        /// <summary>The settings a register value holds.</summary>
        public static Ina219Configuration FromRegister(ushort value) => new Ina219Configuration
        {
            BusRange = (Ina219BusRange)Ina219Field.BusVoltageRange.Get(value),
            Gain = (Ina219PgaGain)Ina219Field.PgaGain.Get(value),
            BusAdc = (Ina219AdcSetting)Ina219Field.BusAdc.Get(value),
            ShuntAdc = (Ina219AdcSetting)Ina219Field.ShuntAdc.Get(value),
            Mode = (Ina219Mode)Ina219Field.Mode.Get(value),
        };

        /// <summary>
        /// Time from a trigger (or the start of a continuous cycle) until CNVR sets, in µs: the shunt conversion, the bus
        /// conversion, or both in turn, depending on the mode.
        /// </summary>
        public int ConversionTimeMicroseconds
        {
            get
            {
                var shunt = Ina219Conversions.ConversionTimeMicroseconds((int)ShuntAdc);
                var bus = Ina219Conversions.ConversionTimeMicroseconds((int)BusAdc);
                switch (Mode)
                {
                    case Ina219Mode.ShuntTriggered:
                    case Ina219Mode.ShuntContinuous:
                        return shunt;
                    case Ina219Mode.BusTriggered:
                    case Ina219Mode.BusContinuous:
                        return bus;
                    case Ina219Mode.ShuntAndBusTriggered:
                    case Ina219Mode.ShuntAndBusContinuous:
                        return shunt + bus;
                    default:
                        return 0;
                }
            }
        }
    }
}
