// SPDX-License-Identifier: MIT

// nanoFramework's clock and sleep, as the device code calls them, on the emulated chip's clock: the device-only
// sources compiled here bind to these (the compiler prefers a type of its own compilation to the host's), so a
// sleep advances simulated time and the INA219 emulators convert in step.

using Balancer.Drivers.Simulation.Esp32;

namespace System
{
    /// <summary>nanoFramework.Runtime.Native's <c>Environment</c>.</summary>
    internal static class Environment
    {
        /// <summary>Milliseconds since the chip started, in the ESP32's 10 ms FreeRTOS ticks.</summary>
        public static long TickCount64 => EmulatedEsp32.Current.TickCount64;
    }
}

namespace System.Threading
{
    /// <summary>mscorlib's <c>Thread</c>, as the device code calls it.</summary>
    internal sealed class Thread
    {
        /// <summary>A thread of the device app (only Program.Main makes one, and it is compiled here, not run).</summary>
        public Thread(ThreadStart start)
        {
        }

        /// <summary>The device's threads do not run on the host: tests call what a thread would loop over.</summary>
        public void Start() => throw new NotSupportedException("device threads do not run on the host; call the loop's body");

        /// <summary>Advances the chip's clock to the FreeRTOS tick the thread wakes on.</summary>
        public static void Sleep(int millisecondsTimeout) => EmulatedEsp32.Current.Sleep(millisecondsTimeout);
    }
}

namespace nanoFramework.Runtime.Native
{
    /// <summary>nanoFramework.Runtime.Native's <c>GC</c>, as the device code calls it.</summary>
    internal static class GC
    {
        /// <summary>
        /// Free-heap readings a host test hands the device code, one per <see cref="Run"/>. nanoCLR's managed heap has no
        /// counterpart in a host process: what the boot takes there is counted by the device-cost model
        /// (docs/device-cost.md) and read on a board. These readings exercise the code that reads it, never the firmware.
        /// </summary>
        public static System.Collections.Generic.Queue<uint> Readings { get; } = new();

        /// <summary>The next queued reading; with none queued, a refusal rather than a figure nobody measured.</summary>
        public static uint Run(bool compactHeap) => Readings.Count > 0
            ? Readings.Dequeue()
            : throw new System.NotSupportedException("nanoCLR's managed heap is read on a board; on the host the device-cost model counts it");
    }
}
