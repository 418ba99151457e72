// API surface: nanoFramework.CoreLibrary 1.17.11, assembly mscorlib.
// Declarations typed from nanoframework/CoreLibrary (tag v1.17.11), nanoFramework.CoreLibrary/System/*.cs.
// Declaration-only: every body throws. Only members the firmware uses or the C# compiler needs appear here,
// and nothing appears here that the package lacks.

namespace System
{
    public class Object
    {
        public Object() { }
        public virtual string ToString() => throw null;
        public virtual bool Equals(object obj) => throw null;
        public static bool Equals(object objA, object objB) => throw null;
        public static bool ReferenceEquals(object objA, object objB) => throw null;
        public virtual int GetHashCode() => throw null;
        public Type GetType() => throw null;
        protected object MemberwiseClone() => throw null;
    }

    public abstract class MarshalByRefObject
    {
    }

    public abstract class ValueType
    {
        public override bool Equals(object obj) => throw null;
    }

    public abstract class Enum : ValueType
    {
        public bool HasFlag(Enum flag) => throw null;
        public override string ToString() => throw null;
    }

    public struct Void { }

    public struct Boolean
    {
        private bool m_value;
        public static readonly string FalseString = "False";
        public static readonly string TrueString = "True";
        public override string ToString() => throw null;
    }

    public struct Char
    {
        private char m_value;
        public const char MaxValue = (char)0xFFFF;
        public const char MinValue = (char)0x00;
        public override string ToString() => throw null;
        public char ToLower() => throw null;
        public char ToUpper() => throw null;
    }

    [CLSCompliant(false)]
    public struct SByte
    {
        private sbyte m_value;
        public const sbyte MaxValue = 0x7F;
        public const sbyte MinValue = unchecked((sbyte)0x80);
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static sbyte Parse(string s) => throw null;
        public static bool TryParse(string s, out sbyte result) => throw null;
    }

    public struct Byte
    {
        private byte m_value;
        public const byte MaxValue = 0xFF;
        public const byte MinValue = 0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static byte Parse(string s) => throw null;
        public static bool TryParse(string s, out byte result) => throw null;
    }

    public struct Int16
    {
        private short m_value;
        public const short MaxValue = 0x7FFF;
        public const short MinValue = unchecked((short)0x8000);
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static short Parse(string s) => throw null;
        public static bool TryParse(string s, out short result) => throw null;
    }

    [CLSCompliant(false)]
    public struct UInt16
    {
        private ushort m_value;
        public const ushort MaxValue = 0xFFFF;
        public const ushort MinValue = 0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static ushort Parse(string s) => throw null;
        public static bool TryParse(string s, out ushort result) => throw null;
    }

    public struct Int32
    {
        private int m_value;
        public const int MaxValue = 0x7fffffff;
        public const int MinValue = unchecked((int)0x80000000);
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static int Parse(string s) => throw null;
        public static bool TryParse(string s, out int result) => throw null;
    }

    [CLSCompliant(false)]
    public struct UInt32
    {
        private uint m_value;
        public const uint MaxValue = 0xffffffff;
        public const uint MinValue = 0U;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static uint Parse(string s) => throw null;
        public static bool TryParse(string s, out uint result) => throw null;
    }

    public struct Int64
    {
        private long m_value;
        public const long MaxValue = 0x7fffffffffffffffL;
        public const long MinValue = unchecked((long)0x8000000000000000L);
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static long Parse(string s) => throw null;
        public static bool TryParse(string s, out long result) => throw null;
    }

    [CLSCompliant(false)]
    public struct UInt64
    {
        private ulong m_value;
        public const ulong MaxValue = 0xffffffffffffffffL;
        public const ulong MinValue = 0x0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static ulong Parse(string s) => throw null;
        public static bool TryParse(string s, out ulong result) => throw null;
    }

    public struct Single
    {
        private float m_value;
        public const float MinValue = (float)-3.40282346638528859e+38;
        public const float Epsilon = (float)1.4e-45;
        public const float MaxValue = (float)3.40282346638528859e+38;
        public const float NegativeInfinity = -1.0f / 0.0f;
        public const float PositiveInfinity = 1.0f / 0.0f;
        public const float NaN = 0.0f / 0.0f;
        public static bool IsInfinity(float f) => throw null;
        public static bool IsNaN(float f) => throw null;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static float Parse(string s) => throw null;
        public static bool TryParse(string s, out float result) => throw null;
    }

    public struct Double
    {
        private double m_value;
        public const double MinValue = -1.7976931348623157E+308;
        public const double MaxValue = 1.7976931348623157E+308;
        public const double Epsilon = 4.9406564584124650E-324;
        public const double NegativeInfinity = -1.0 / 0.0;
        public const double PositiveInfinity = 1.0 / 0.0;
        public const double NaN = 0.0 / 0.0;
        public static bool IsInfinity(double d) => throw null;
        public static bool IsNaN(double d) => throw null;
        public static bool IsNegativeInfinity(double d) => throw null;
        public static bool IsPositiveInfinity(double d) => throw null;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static double Parse(string s) => throw null;
        public static bool TryParse(string s, out double result) => throw null;
    }

    public struct IntPtr
    {
        private int m_value;
    }

    [CLSCompliant(false)]
    public struct UIntPtr
    {
        private uint m_value;
    }

    public struct RuntimeTypeHandle { }

    public struct RuntimeFieldHandle { }

    public struct RuntimeMethodHandle { }

    public abstract class Type : System.Reflection.MemberInfo, System.Reflection.IReflect
    {
        public static Type GetTypeFromHandle(RuntimeTypeHandle handle) => throw null;
        public abstract string FullName { get; }
        public override string ToString() => throw null;
    }
}
