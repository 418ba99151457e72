// SPDX-License-Identifier: MIT

namespace Balancer.Drivers
{
    /// <summary>
    /// Integer helpers that behave the same on the host and the device. nanoFramework's System.Math has no
    /// Clamp(int, …) and no Abs/Min/Max for long: there a call such as Math.Max(a, b) on longs silently binds to the
    /// float overload (24-bit mantissa), so portable code uses these instead; the surface check refuses the Math call.
    /// </summary>
    public static class IntegerMath
    {
        /// <summary>Limits <paramref name="value"/> to the range from <paramref name="min"/> to <paramref name="max"/>.</summary>
        public static int Clamp(int value, int min, int max) => value < min ? min : (value > max ? max : value);

        /// <summary>Limits <paramref name="value"/> to the range from <paramref name="min"/> to <paramref name="max"/>.</summary>
        public static long Clamp(long value, long min, long max) => value < min ? min : (value > max ? max : value);

        /// <summary>The absolute value of a long.</summary>
        public static long Abs(long value) => value < 0 ? -value : value;

        /// <summary>The larger of two longs.</summary>
        public static long Max(long a, long b) => a > b ? a : b;

        /// <summary>The smaller of two longs.</summary>
        public static long Min(long a, long b) => a < b ? a : b;

        /// <summary>
        /// Rounds to the nearest int, half away from zero, exactly the same on the host and the device. Math.Round rounds
        /// half to even on both, but on ESP32_BLE_REV0 it runs in single precision (floorf), so a double just below a
        /// half can round differently; portable code rounds here instead.
        /// </summary>
        public static int RoundToInt(float value) => (int)(value >= 0 ? value + 0.5f : value - 0.5f);

        /// <inheritdoc cref="RoundToInt(float)"/>
        public static int RoundToInt(double value) => (int)(value >= 0 ? value + 0.5 : value - 0.5);

        /// <summary>Divides and rounds half away from zero, so conversions of negative readings are symmetrical.</summary>
        public static long DivideRounded(long numerator, long denominator)
        {
            var half = denominator / 2;
            return (numerator >= 0) == (denominator > 0)
                ? (numerator + half) / denominator
                : (numerator - half) / denominator;
        }
    }
}
