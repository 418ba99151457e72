// API surface: nanoFramework.Runtime.Native 1.7.11, assembly nanoFramework.Runtime.Native.
// Declarations typed from nanoframework/nanoFramework.Runtime.Native (tag v1.7.11).
// Environment.TickCount64 lives in this assembly on nanoFramework, not in mscorlib.

namespace System
{
    public static partial class Environment
    {
        public static long TickCount64 => throw null;
    }
}

namespace nanoFramework.Runtime.Native
{
    public enum RebootOption
    {
        NormalReboot = 0,
        EnterNanoBooter = 1,
        ClrOnly = 2,
        EnterProprietaryBooter = 8,
    }

    public delegate void RebootEventHandler();

    public class Power
    {
        public static event RebootEventHandler OnRebootEvent { add => throw null; remove => throw null; }
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) => throw null;
        public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot) => throw null;
    }

    public static class GC
    {
        [System.CLSCompliant(false)]
        public static uint Run(bool compactHeap) => throw null;
    }

    public static class SystemInfo
    {
        public static System.Version Version => throw null;
        public static string OEMString => throw null;
        public static string TargetName => throw null;
        public static string Platform => throw null;
    }
}
