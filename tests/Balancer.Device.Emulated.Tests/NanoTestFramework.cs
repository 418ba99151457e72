// SPDX-License-Identifier: MIT

// nanoFramework.TestFramework 3.0.77's attributes and Assert, as the on-board tests use them, for running those tests
// on the emulated chip. A failed assertion throws, as on the device.

using System;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class of tests.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public sealed class TestClassAttribute : Attribute
    {
    }

    /// <summary>Marks a test.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Runs once before a class's tests.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class SetupAttribute : Attribute
    {
    }

    /// <summary>Runs once after a class's tests.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class CleanupAttribute : Attribute
    {
    }

    /// <summary>A failed on-board assertion.</summary>
    public sealed class OnBoardAssertionException : Exception
    {
        /// <summary>The failure.</summary>
        public OnBoardAssertionException(string message)
            : base(message)
        {
        }
    }

    /// <summary>The test output: on a board, the test explorer's trace; here, the lines a host test reads back.</summary>
    public static class OutputHelper
    {
        /// <summary>What the on-board tests wrote, a line each.</summary>
        public static System.Collections.Generic.List<string> Lines { get; } = new();

        /// <summary>Test output without a line end (kept as a line of its own here).</summary>
        public static void Write(string message) => Lines.Add(message);

        /// <summary>A line of test output.</summary>
        public static void WriteLine(string message) => Lines.Add(message);
    }

    /// <summary>The assertions the on-board tests use.</summary>
    public static class Assert
    {
        /// <summary>Equal booleans.</summary>
        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression("actual")] string message = "") => Equal(expected, actual, message);

        /// <summary>Equal ints.</summary>
        public static void AreEqual(int expected, int actual, [CallerArgumentExpression("actual")] string message = "") => Equal(expected, actual, message);

        /// <summary>Equal longs.</summary>
        public static void AreEqual(long expected, long actual, [CallerArgumentExpression("actual")] string message = "") => Equal(expected, actual, message);

        /// <summary>Equal strings.</summary>
        public static void AreEqual(string expected, string actual, [CallerArgumentExpression("actual")] string message = "") => Equal(expected, actual, message);

        /// <summary>True.</summary>
        public static void IsTrue(bool condition, [CallerArgumentExpression("condition")] string message = "")
        {
            if (!condition)
            {
                throw new OnBoardAssertionException("expected true: " + message);
            }
        }

        /// <summary>False.</summary>
        public static void IsFalse(bool condition, [CallerArgumentExpression("condition")] string message = "")
        {
            if (condition)
            {
                throw new OnBoardAssertionException("expected false: " + message);
            }
        }

        /// <summary>Not null.</summary>
        public static void IsNotNull(object value, [CallerArgumentExpression("value")] string message = "")
        {
            if (value == null)
            {
                throw new OnBoardAssertionException("expected a value: " + message);
            }
        }

        private static void Equal(object expected, object actual, string message)
        {
            if (!Equals(expected, actual))
            {
                throw new OnBoardAssertionException("expected " + expected + ", got " + actual + ": " + message);
            }
        }
    }
}
