// API surface: nanoFramework.TestFramework 3.0.77, assembly nanoFramework.TestFramework.
// Declarations typed from nanoframework/nanoFramework.TestFramework (tag v3.0.77): source/TestFramework/Assert*.cs,
// source/TestFramework/OutputHelper.cs and source/TestFrameworkShared/*Attribute.cs. There is no delta overload of
// AreEqual: doubles compare exactly, so device tests compare integers.

using System;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters) { }
        public object[] MethodParameters => throw null;
    }

    public static class OutputHelper
    {
        public static void Write(string message) => throw null;
        public static void WriteLine(string message) => throw null;
    }

    public sealed partial class Assert
    {
        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(int expected, int actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(long expected, long actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(string expected, string actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void IsTrue(bool condition, [CallerArgumentExpression("condition")] string message = "") => throw null;
        public static void IsFalse(bool condition, [CallerArgumentExpression("condition")] string message = "") => throw null;
        public static void IsNotNull(object value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void SkipTest(string message = null) => throw null;
        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression("action")] string message = "") => throw null;
    }
}
