// API surface: nanoFramework.System.Math 1.5.116, assembly System.Math.
// Declarations typed from nanoframework/System.Math (tag v1.5.116), nanoFramework.System.Math/Math.cs.
// Note what is absent: Abs, Min and Max for long; Round with a digits argument; Clamp for int. A Math.Max(long, long)
// silently binds to Max(float, float) (C# prefers float to double for a long argument), 24 bits of mantissa, so
// portable code keeps its own integer helpers and the surface check refuses any Math call with a long argument.

namespace System
{
    public static class Math
    {
        public const double PI = 3.14159265358979323846;
        public const double E = 2.7182818284590452354;
        public static int Abs(int value) => throw null;
        public static double Abs(double value) => throw null;
        public static float Abs(float value) => throw null;
        public static double Ceiling(double d) => throw null;
        public static double Clamp(double value, double min, double max) => throw null;
        public static long Clamp(long value, long min, long max) => throw null;
        public static float Clamp(float value, float min, float max) => throw null;
        [CLSCompliant(false)]
        public static ulong Clamp(ulong value, ulong min, ulong max) => throw null;
        public static double Exp(double d) => throw null;
        public static double Floor(double d) => throw null;
        public static double Log(double d) => throw null;
        public static double Log10(double d) => throw null;
        public static int Max(int val1, int val2) => throw null;
        public static double Max(double val1, double val2) => throw null;
        public static float Max(float val1, float val2) => throw null;
        public static int Min(int val1, int val2) => throw null;
        public static double Min(double val1, double val2) => throw null;
        public static float Min(float val1, float val2) => throw null;
        public static double Pow(double x, double y) => throw null;
        public static double Round(double a) => throw null;
        public static int Sign(double value) => throw null;
        public static double Sqrt(double d) => throw null;
        public static double Truncate(double d) => throw null;
    }
}
