// SPDX-License-Identifier: MIT

namespace Balancer.DeviceCost
{
    /// <summary>A unit cost with the low and high ends of its range, µs.</summary>
    public readonly struct UnitCost
    {
        /// <summary>Creates the range.</summary>
        public UnitCost(double lowMicroseconds, double highMicroseconds)
        {
            LowMicroseconds = lowMicroseconds;
            HighMicroseconds = highMicroseconds;
        }

        /// <summary>The low end, µs.</summary>
        public double LowMicroseconds { get; }

        /// <summary>The high end, µs.</summary>
        public double HighMicroseconds { get; }
    }

    /// <summary>A modelled tick time, ms, low and high.</summary>
    public readonly struct ModelledTime
    {
        /// <summary>Creates the range.</summary>
        public ModelledTime(double lowMilliseconds, double highMilliseconds)
        {
            LowMilliseconds = lowMilliseconds;
            HighMilliseconds = highMilliseconds;
        }

        /// <summary>The low end, ms.</summary>
        public double LowMilliseconds { get; }

        /// <summary>The high end, ms.</summary>
        public double HighMilliseconds { get; }
    }

    /// <summary>
    /// The ESP32 tick-time model: IL × c_il + calls × c_call + native calls by kind × their cost + allocations × c_alloc.
    /// Every unit cost, its range and its source is in docs/device-cost.md; change both together.
    /// </summary>
    public static class DeviceCostModel
    {
        /// <summary>The configured I²C clock (hardware/pins.json "clockHz"; NanoI2cDevice uses I2cBusSpeed.FastMode).</summary>
        public const int I2cClockHertz = 400_000;

        /// <summary>The budget for one tick with 16 channels (the goal), ms.</summary>
        public const double BudgetMilliseconds = 20;

        /// <summary>One IL instruction in nanoCLR's interpreter loop at 240 MHz.</summary>
        public static readonly UnitCost Instruction = new UnitCost(0.3, 1.0);

        /// <summary>One managed call: stack frame from the event cache, locals initialised, return.</summary>
        public static readonly UnitCost Call = new UnitCost(2, 6);

        /// <summary>One managed-heap allocation, with the garbage collection it brings closer, amortised.</summary>
        public static readonly UnitCost Allocation = new UnitCost(3, 15);

        /// <summary>One I²C transaction's software: board adapter, managed I2cDevice, ESP-IDF command link and driver.</summary>
        public static readonly UnitCost I2cTransaction = new UnitCost(60, 200);

        /// <summary>One ADC conversion: AdcChannel.ReadValue and adc1_get_raw.</summary>
        public static readonly UnitCost AdcRead = new UnitCost(15, 50);

        /// <summary>One GPIO write through GpioPin.Write.</summary>
        public static readonly UnitCost GpioWrite = new UnitCost(6, 300);

        /// <summary>One GPIO read through GpioPin.Read.</summary>
        public static readonly UnitCost GpioRead = new UnitCost(6, 20);

        /// <summary>One clock call (Environment.TickCount64, or the call into Thread.Sleep, not the sleep).</summary>
        public static readonly UnitCost ClockCall = new UnitCost(2, 10);

        /// <summary>I²C bits on the wire per tick: 9 clocks a byte with its acknowledge, the address byte of each
        /// phase, and one clock each for start, repeated start and stop.</summary>
        public static double I2cWireBits(TickCounts counts)
        {
            var writes = counts.Native(NativeCallKind.I2cWrite);
            var writeReads = counts.Native(NativeCallKind.I2cWriteRead);
            var addressBytes = writes + (2 * writeReads);
            var conditions = (2 * writes) + (3 * writeReads);
            return (9 * (addressBytes + counts.I2cBytesWritten + counts.I2cBytesRead)) + conditions;
        }

        /// <summary>I²C wire time per tick at <see cref="I2cClockHertz"/>, µs.</summary>
        public static double I2cWireMicroseconds(TickCounts counts) => I2cWireBits(counts) * 1e6 / I2cClockHertz;

        /// <summary>The modelled tick time.</summary>
        public static ModelledTime Estimate(TickCounts counts) =>
            new ModelledTime(Microseconds(counts, low: true) / 1000, Microseconds(counts, low: false) / 1000);

        private static double Microseconds(TickCounts counts, bool low)
        {
            double Of(UnitCost cost) => low ? cost.LowMicroseconds : cost.HighMicroseconds;
            return (counts.Instructions * Of(Instruction))
                + (counts.Calls * Of(Call))
                + (counts.TotalAllocations * Of(Allocation))
                + (counts.I2cTransactions * Of(I2cTransaction)) + I2cWireMicroseconds(counts)
                + (counts.Native(NativeCallKind.AdcRead) * Of(AdcRead))
                + (counts.Native(NativeCallKind.GpioWrite) * Of(GpioWrite))
                + (counts.Native(NativeCallKind.GpioRead) * Of(GpioRead))
                + ((counts.Native(NativeCallKind.ClockRead) + counts.Native(NativeCallKind.ClockSleep)) * Of(ClockCall));
        }
    }
}
