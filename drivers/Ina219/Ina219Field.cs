// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Ina219
{
    /// <summary>
    /// A bit field of an INA219 register as a mask/shift pair (TI SBOS448G, 8.6.2 and 8.6.3). Every field of every
    /// register is listed once here; the driver and the tests go through <see cref="Get"/> and <see cref="Set"/> only,
    /// so a setter can never write into a neighbouring field.
    /// </summary>
    public readonly struct Ina219Field
    {
        /// <summary>Configuration bit 15: writing 1 resets every register to its power-on value; self-clearing.</summary>
        public static readonly Ina219Field Reset = new Ina219Field(Ina219Register.Configuration, 0x8000, 15);

        /// <summary>Configuration bit 13: bus voltage range, 0 = 16 V, 1 = 32 V.</summary>
        public static readonly Ina219Field BusVoltageRange = new Ina219Field(Ina219Register.Configuration, 0x2000, 13);

        /// <summary>Configuration bits 12–11: PGA gain and shunt range, 0 = ±40 mV … 3 = ±320 mV.</summary>
        public static readonly Ina219Field PgaGain = new Ina219Field(Ina219Register.Configuration, 0x1800, 11);

        /// <summary>Configuration bits 10–7: bus ADC resolution or averaging (BADC).</summary>
        public static readonly Ina219Field BusAdc = new Ina219Field(Ina219Register.Configuration, 0x0780, 7);

        /// <summary>Configuration bits 6–3: shunt ADC resolution or averaging (SADC).</summary>
        public static readonly Ina219Field ShuntAdc = new Ina219Field(Ina219Register.Configuration, 0x0078, 3);

        /// <summary>Configuration bits 2–0: operating mode.</summary>
        public static readonly Ina219Field Mode = new Ina219Field(Ina219Register.Configuration, 0x0007, 0);

        /// <summary>Bus voltage register bits 15–3: the bus voltage, LSB 4 mV.</summary>
        public static readonly Ina219Field BusVoltage = new Ina219Field(Ina219Register.BusVoltage, 0xFFF8, 3);

        /// <summary>Bus voltage register bit 1: conversion ready (CNVR).</summary>
        public static readonly Ina219Field ConversionReady = new Ina219Field(Ina219Register.BusVoltage, 0x0002, 1);

        /// <summary>Bus voltage register bit 0: math overflow (OVF); current or power is out of range.</summary>
        public static readonly Ina219Field MathOverflow = new Ina219Field(Ina219Register.BusVoltage, 0x0001, 0);

        /// <summary>Calibration register bits 15–1; bit 0 reads 0 whatever is written.</summary>
        public static readonly Ina219Field Calibration = new Ina219Field(Ina219Register.Calibration, 0xFFFE, 1);

        // Fields behind the properties: Get runs in every tick, and on nanoCLR a property read is a call.
        private readonly ushort _mask;
        private readonly int _shift;

        private Ina219Field(Ina219Register register, ushort mask, int shift)
        {
            Register = register;
            _mask = mask;
            _shift = shift;
        }

        /// <summary>The register that holds the field.</summary>
        public Ina219Register Register { get; }

        /// <summary>The field's bits in place within the register.</summary>
        public ushort Mask => _mask;

        /// <summary>The position of the field's least significant bit.</summary>
        public int Shift => _shift;

        /// <summary>The largest value the field holds.</summary>
        public int MaxValue => Mask >> Shift;

        /// <summary>The field's value within <paramref name="registerValue"/>.</summary>
        public int Get(ushort registerValue) => (registerValue & _mask) >> _shift;

        /// <summary>
        /// <paramref name="registerValue"/> with the field replaced by <paramref name="fieldValue"/>; the other bits are
        /// kept. A value wider than the field is cut to the field's width, never spilled into its neighbours.
        /// </summary>
        public ushort Set(ushort registerValue, int fieldValue) =>
            (ushort)((registerValue & ~_mask) | ((fieldValue << _shift) & _mask));
    }
}
