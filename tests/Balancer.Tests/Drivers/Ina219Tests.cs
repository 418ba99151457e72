// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using Balancer.Drivers;
using Balancer.Drivers.Ina219;
using Balancer.Drivers.Simulation;
using Xunit;

namespace Balancer.Tests.Drivers
{
    /// <summary>The INA219 driver against the register-level emulator. Expected values come from TI SBOS448G.</summary>
    public class Ina219Tests
    {
        private static readonly Ina219Field[] ConfigurationFields =
        {
            Ina219Field.BusVoltageRange, Ina219Field.PgaGain, Ina219Field.BusAdc, Ina219Field.ShuntAdc, Ina219Field.Mode,
        };

        public static IEnumerable<object[]> EveryConfigurationFieldValue()
        {
            var names = new[] { "BRNG", "PG", "BADC", "SADC", "MODE" };
            for (var f = 0; f < ConfigurationFields.Length; f++)
            {
                for (var value = 0; value <= ConfigurationFields[f].MaxValue; value++)
                {
                    yield return new object[] { names[f], f, value };
                }
            }
        }

        [Theory]
        [MemberData(nameof(EveryConfigurationFieldValue))]
        public void Every_Configuration_Field_Value_Round_Trips_Without_Touching_Its_Neighbours(string name, int fieldIndex, int value)
        {
            var rig = new Ina219Rig();
            var field = ConfigurationFields[fieldIndex];

            Assert.True(rig.Sensor.TryWriteRegister(Ina219Register.Configuration, field.Set(Ina219Configuration.PowerOnValue, value)));

            Assert.True(rig.Sensor.TryReadRegister(Ina219Register.Configuration, out var back));
            Assert.Equal(value, field.Get(back));
            foreach (var other in ConfigurationFields)
            {
                if (other.Mask != field.Mask)
                {
                    Assert.True(
                        other.Get(back) == other.Get(Ina219Configuration.PowerOnValue),
                        $"writing {name}={value} changed the field at mask 0x{other.Mask:X4}");
                }
            }
        }

        [Fact]
        public void The_Fields_Tile_The_Configuration_Register_Without_Overlap()
        {
            var masks = new[] { Ina219Field.Reset.Mask, Ina219Field.BusVoltageRange.Mask, Ina219Field.PgaGain.Mask, Ina219Field.BusAdc.Mask, Ina219Field.ShuntAdc.Mask, Ina219Field.Mode.Mask };
            var union = 0;
            foreach (var mask in masks)
            {
                Assert.Equal(0, union & mask);
                union |= mask;
            }

            Assert.Equal(0xBFFF, union); // bit 14 is unused (8.6.2.1)
        }

        [Fact]
        public void Setting_The_Shunt_Adc_Writes_Sadc_And_Leaves_Badc_Alone()
        {
            // The public nanoFramework/dotnet-iot binding shifts the shunt setting into the BADC field; the chip's
            // own decoding of the bits must show our setting where the datasheet puts it.
            var rig = new Ina219Rig();
            var configuration = Ina219Configuration.FromRegister(Ina219Configuration.PowerOnValue);
            configuration.ShuntAdc = Ina219AdcSetting.Average128;
            configuration.BusAdc = Ina219AdcSetting.Resolution9Bit;

            Assert.True(rig.Sensor.TryConfigure(configuration));

            Assert.Equal(0xF, rig.Chip.ShuntAdcCode);
            Assert.Equal(0x0, rig.Chip.BusAdcCode);
        }

        [Fact]
        public void The_Channel_Configuration_Reaches_The_Chip_As_The_Spec_Asks()
        {
            var rig = new Ina219Rig();

            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));

            Assert.Equal(32, rig.Chip.BusFullScaleVolts);
            Assert.Equal(160_000, rig.Chip.ShuntFullScaleMicrovolts);
            Assert.Equal(0x3, rig.Chip.BusAdcCode); // one 12-bit conversion: its noise dithers the 4 mV step (docs/control-core.md)
            Assert.Equal(0xB, rig.Chip.ShuntAdcCode);
            Assert.Equal(3, rig.Chip.ModeCode);
            Assert.Equal(8388, rig.Chip.CalibrationRegister);
        }

        [Fact]
        public void Reset_Restores_The_Power_On_Registers_And_Clears_Itself()
        {
            var rig = new Ina219Rig();
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));

            Assert.True(rig.Sensor.TryReset());

            Assert.True(rig.Sensor.TryReadRegister(Ina219Register.Configuration, out var configuration));
            Assert.Equal(0x399F, configuration);
            Assert.True(rig.Sensor.TryReadRegister(Ina219Register.Calibration, out var calibration));
            Assert.Equal(0, calibration);
        }

        [Fact]
        public void Calibration_Bit_Zero_Reads_Zero_Whatever_Is_Written()
        {
            var rig = new Ina219Rig();

            Assert.True(rig.Sensor.TryWriteRegister(Ina219Register.Calibration, 0x1235));

            Assert.True(rig.Sensor.TryReadRegister(Ina219Register.Calibration, out var back));
            Assert.Equal(0x1234, back);
            Assert.Equal(0x1234 >> 1, Ina219Field.Calibration.Get(back));
        }

        [Fact]
        public void Calibration_Matches_The_Datasheet_Example()
        {
            // SBOS448G 8.5.1: R_SHUNT = 0.5 Ω, Current_LSB chosen 20 µA → Cal = trunc(0.04096 / (20e-6 × 0.5)) = 4096,
            // Power_LSB = 20 × 20 µA = 400 µW.
            Assert.Equal(4096, Ina219Conversions.Calibration(20_000_000, 500_000));
            Assert.Equal(400L, Ina219Conversions.PowerMicrowatts(1, 20_000_000));
        }

        [Fact]
        public void Calibration_For_The_Board_Channel_Is_8388()
        {
            // 1.6 A / 2^15 = 48.828125 µA; 0.04096 / (48.828125e-6 × 0.1) = 8388.608 → 8388.
            Assert.Equal(48_828_125L, Ina219Conversions.CurrentLsbPicoamperes(1_600));
            Assert.Equal(8388, Ina219Conversions.Calibration(48_828_125, 100_000));
        }

        [Theory]
        [InlineData(4_200_000, 4200)]
        [InlineData(3_701_000, 3700)]
        [InlineData(3_703_000, 3704)]
        [InlineData(25_996_000, 25996)]
        [InlineData(0, 0)]
        public void Bus_Voltage_Is_Read_In_4_Millivolt_Steps(long microvolts, int expectedMillivolts)
        {
            var rig = new Ina219Rig();
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            rig.Present(microvolts, 0);

            rig.Convert();

            Assert.True(rig.Sensor.TryReadBus(out var bus));
            Assert.Equal(expectedMillivolts, bus.Millivolts);
            Assert.True(bus.IsConversionReady);
            Assert.False(bus.HasMathOverflow);
        }

        [Fact]
        public void A_Reversed_Clip_Reads_Zero_Volts_Not_A_Wrapped_Number()
        {
            var rig = new Ina219Rig();
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            rig.Present(-3_700_000, 0);

            rig.Convert();

            Assert.True(rig.Sensor.TryReadBus(out var bus));
            Assert.Equal(0, bus.Millivolts);
        }

        [Theory]
        [InlineData(1_000_000)]
        [InlineData(500_000)]
        [InlineData(-500_000)]
        [InlineData(100_000)]
        [InlineData(20_000)]
        public void Current_And_Shunt_Voltage_Follow_Ohms_Law_Including_Negative(int microamperes)
        {
            var rig = new Ina219Rig();
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            rig.Present(3_700_000, microamperes);

            rig.Convert();

            // Shunt: I × 0.1 Ω in 10 µV steps. Current: within one LSB (48.8 µA) plus the Cal truncation (0.0073 %).
            Assert.True(rig.Sensor.TryReadShuntMicrovolts(out var shunt));
            Assert.Equal(microamperes / 10, shunt);
            Assert.True(rig.Sensor.TryReadCurrentMicroamperes(out var current));
            Assert.InRange(current, microamperes - 49 - Math.Abs(microamperes / 10_000), microamperes + 49);
        }

        [Fact]
        public void Power_Is_Current_Times_Bus_Voltage_And_Reading_It_Clears_Cnvr()
        {
            var rig = new Ina219Rig();
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            rig.Present(4_000_000, 1_000_000);
            rig.Convert();

            Assert.True(rig.Sensor.TryReadPowerMicrowatts(out var power));

            Assert.InRange(power, 3_995_000, 4_000_000); // 4 V × 1 A, within one power LSB (976.6 µW)
            Assert.True(rig.Sensor.TryReadBus(out var bus));
            Assert.False(bus.IsConversionReady);
        }

        [Fact]
        public void Cnvr_Sets_Only_After_The_Conversion_Time_And_Clears_On_The_Next_Trigger()
        {
            var rig = new Ina219Rig();
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            rig.Present(3_800_000, 0);
            Assert.Equal(4792, rig.Sensor.ConversionTimeMicroseconds); // shunt 12 bits × 8, 4.26 ms; bus one 12-bit conversion, 532 µs

            Assert.True(rig.Sensor.TryTrigger());
            rig.Clock.Advance(4791);
            Assert.True(rig.Sensor.TryReadBus(out var early));
            Assert.False(early.IsConversionReady);

            rig.Clock.Advance(1);
            Assert.True(rig.Sensor.TryReadBus(out var done));
            Assert.True(done.IsConversionReady);
            Assert.Equal(3800, done.Millivolts);

            Assert.True(rig.Sensor.TryTrigger());
            Assert.True(rig.Sensor.TryReadBus(out var retriggered));
            Assert.False(retriggered.IsConversionReady);
        }

        [Fact]
        public void In_Continuous_Mode_Cnvr_Sets_Every_Conversion_Period()
        {
            var rig = new Ina219Rig();
            var configuration = Ina219Configuration.Channel;
            configuration.Mode = Ina219Mode.ShuntAndBusContinuous;
            Assert.True(rig.Sensor.TryConfigure(configuration));
            rig.Present(3_600_000, 0);

            rig.Clock.Advance(8520);
            Assert.True(rig.Sensor.TryReadPowerMicrowatts(out _)); // clears CNVR
            rig.Clock.Advance(8520);

            Assert.True(rig.Sensor.TryReadBus(out var bus));
            Assert.True(bus.IsConversionReady);
            Assert.Equal(3600, bus.Millivolts);
        }

        [Fact]
        public void Math_Overflow_Is_Flagged_When_The_Current_Register_Cannot_Hold_The_Result()
        {
            var rig = new Ina219Rig();
            var configuration = Ina219Configuration.Channel;
            configuration.Gain = Ina219PgaGain.Range320mV;
            Assert.True(rig.Sensor.TryConfigure(configuration));
            rig.Present(4_000_000, 3_000_000); // 300 mV on the shunt: 30 000 counts × 8388 / 4096 = 61 435 > 32 767

            rig.Convert();

            Assert.True(rig.Sensor.TryReadBus(out var bus));
            Assert.True(bus.HasMathOverflow);
        }

        [Theory]
        [InlineData(Ina219AdcSetting.Resolution9Bit, 84)]
        [InlineData(Ina219AdcSetting.Resolution10Bit, 148)]
        [InlineData(Ina219AdcSetting.Resolution11Bit, 276)]
        [InlineData(Ina219AdcSetting.Resolution12Bit, 532)]
        [InlineData(Ina219AdcSetting.Average2, 1060)]
        [InlineData(Ina219AdcSetting.Average4, 2130)]
        [InlineData(Ina219AdcSetting.Average8, 4260)]
        [InlineData(Ina219AdcSetting.Average16, 8510)]
        [InlineData(Ina219AdcSetting.Average32, 17020)]
        [InlineData(Ina219AdcSetting.Average64, 34050)]
        [InlineData(Ina219AdcSetting.Average128, 68100)]
        public void Conversion_Times_Match_The_Datasheet_Table(Ina219AdcSetting setting, int microseconds)
        {
            Assert.Equal(microseconds, Ina219Conversions.ConversionTimeMicroseconds((int)setting));

            var rig = new Ina219Rig();
            var configuration = Ina219Configuration.Channel;
            configuration.BusAdc = setting;
            configuration.ShuntAdc = setting;
            Assert.True(rig.Sensor.TryConfigure(configuration));
            Assert.Equal(2 * microseconds, rig.Sensor.ConversionTimeMicroseconds);
            Assert.Equal(2 * microseconds, rig.Chip.ConversionTimeMicroseconds);
        }

        [Fact]
        public void Trimming_Corrects_A_Gain_Error_Measured_Against_A_Meter()
        {
            var rig = new Ina219Rig();
            rig.Chip.ShuntGainErrorPpm = 20_000; // the shunt is 2 % high
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            rig.Present(3_700_000, 1_000_000);
            rig.Convert();
            Assert.True(rig.Sensor.TryReadCurrentMicroamperes(out var before));
            Assert.InRange(before, 1_019_000, 1_021_000);

            Assert.True(rig.Sensor.TryTrimCalibration(1_000_000, before));
            rig.Convert();

            Assert.True(rig.Sensor.TryReadCurrentMicroamperes(out var after));
            Assert.InRange(after, 999_000, 1_001_000);
        }

        [Fact]
        public void A_Sensor_That_Does_Not_Acknowledge_Fails_Every_Call_Without_Throwing()
        {
            var rig = new Ina219Rig();
            rig.Chip.IsNotAcknowledging = true;

            Assert.False(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            Assert.False(rig.Sensor.TryReset());
            Assert.False(rig.Sensor.TryTrigger());
            Assert.False(rig.Sensor.TryReadBus(out _));
            Assert.False(rig.Sensor.TryReadCurrentMicroamperes(out var current));
            Assert.Equal(0, current);
            Assert.False(rig.Sensor.TryReadShuntMicrovolts(out _));
            Assert.False(rig.Sensor.TryReadPowerMicrowatts(out _));
            Assert.False(rig.Sensor.TryTrimCalibration(1_000_000, 990_000));
        }

        [Fact]
        public void An_Absent_Address_Is_A_Failed_Read()
        {
            var rig = new Ina219Rig();
            var absent = new Ina219Sensor(rig.Bus.CreateDevice(0x45), Ina219Rig.ShuntMicroohms, Ina219Rig.MaxCurrentMilliamperes);

            Assert.False(absent.TryReadBus(out _));
        }

        [Theory]
        [InlineData(I2cBusFault.Stuck)]
        [InlineData(I2cBusFault.Truncating)]
        public void A_Bus_Fault_Is_A_Failed_Read(I2cBusFault fault)
        {
            var rig = new Ina219Rig();
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            rig.Bus.Fault = fault;

            Assert.False(rig.Sensor.TryReadBus(out _));
            Assert.False(rig.Sensor.TryReadCurrentMicroamperes(out _));
            Assert.False(rig.Sensor.TryTrigger());
        }

        [Fact]
        public void A_Frozen_Converter_Answers_But_Never_Reports_A_Fresh_Conversion()
        {
            var rig = new Ina219Rig();
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            rig.Present(3_900_000, 0);
            rig.Convert();
            rig.Chip.IsConversionFrozen = true;
            rig.Present(4_100_000, 0);

            rig.Convert();

            Assert.True(rig.Sensor.TryReadBus(out var bus));
            Assert.False(bus.IsConversionReady);
        }

        [Fact]
        public void A_Configuration_That_Does_Not_Read_Back_Is_Reported()
        {
            var rig = new Ina219Rig();
            var configuration = Ina219Configuration.Channel;
            rig.Bus.Fault = I2cBusFault.Truncating;

            Assert.False(rig.Sensor.TryConfigure(configuration));
        }

        [Fact]
        public void The_Read_Path_Allocates_Nothing()
        {
            var rig = new Ina219Rig();
            Assert.True(rig.Sensor.TryConfigure(Ina219Configuration.Channel));
            rig.Present(3_700_000, 800_000);
            rig.Convert();
            RunTick(rig); // warm up: JIT and static initialisation

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                RunTick(rig);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static void RunTick(Ina219Rig rig)
        {
            Assert.True(rig.Sensor.TryReadBus(out var bus));
            Assert.True(rig.Sensor.TryReadCurrentMicroamperes(out var current));
            Assert.True(rig.Sensor.TryTrigger());
            rig.Clock.Advance(100_000);
            Assert.True(bus.Millivolts > 0 && current > 0);
        }
    }
}
