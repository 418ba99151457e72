// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Balancer.DeviceCost
{
    /// <summary>The per-tick table (markdown) for a list of channel counts, and each one's heaviest methods.</summary>
    public static class DeviceCostTable
    {
        /// <summary>The channel counts the benchmark reports.</summary>
        public static readonly int[] ChannelCounts = { 1, 4, 8, 16 };

        /// <summary>Measures every channel count and formats the table.</summary>
        public static string Measure(IReadOnlyList<int> channelCounts, int ticks, int topMethods)
        {
            using var meter = new DeviceCostMeter();
            var rows = new List<TickCounts>();
            foreach (var channels in channelCounts)
            {
                rows.Add(meter.Measure(channels, ticks));
            }

            return Format(rows, topMethods);
        }

        /// <summary>Formats measured rows.</summary>
        public static string Format(IReadOnlyList<TickCounts> rows, int topMethods)
        {
            var c = CultureInfo.InvariantCulture;
            var text = new StringBuilder();
            text.AppendLine(c, $"Device cost per steady charging tick ({rows[0].Configuration} build of the device assemblies, {rows[0].Ticks} ticks averaged):");
            text.AppendLine();
            text.AppendLine("| channels | IL | calls | external calls | I²C (write / write-read) | I²C bytes | ADC reads | GPIO writes | GPIO reads | clock calls | allocations (locals / copies / new) | modelled ms (low–high) |");
            text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var r in rows)
            {
                var time = DeviceCostModel.Estimate(r);
                var newObjects = r.TotalAllocations - r.Allocations[(int)AllocationKind.StructLocal] - r.Allocations[(int)AllocationKind.StructCopy];
                text.AppendLine(
                    c,
                    $"| {r.Channels} | {r.Instructions:0} | {r.Calls:0} | {r.ExternalCalls:0} | {r.I2cTransactions:0.##} ({r.Native(NativeCallKind.I2cWrite):0.##} / {r.Native(NativeCallKind.I2cWriteRead):0.##}) | {r.I2cBytesWritten + r.I2cBytesRead:0} | {r.Native(NativeCallKind.AdcRead):0.##} | {r.Native(NativeCallKind.GpioWrite):0.##} | {r.Native(NativeCallKind.GpioRead):0.##} | {r.Native(NativeCallKind.ClockRead) + r.Native(NativeCallKind.ClockSleep):0.##} | {r.TotalAllocations:0.#} ({r.Allocations[(int)AllocationKind.StructLocal]:0.#} / {r.Allocations[(int)AllocationKind.StructCopy]:0.#} / {newObjects:0.#}) | {time.LowMilliseconds:0.0}–{time.HighMilliseconds:0.0} |");
            }

            if (topMethods > 0)
            {
                var last = rows[rows.Count - 1];
                text.AppendLine();
                text.AppendLine(c, $"Heaviest methods at {last.Channels} channels, per tick:");
                text.AppendLine();
                text.AppendLine("| method | calls | IL | allocations |");
                text.AppendLine("| --- | --- | --- | --- |");
                for (var i = 0; i < topMethods && i < last.Methods.Count; i++)
                {
                    var m = last.Methods[i];
                    text.AppendLine(c, $"| `{m.Name}` | {m.Entries:0.##} | {m.Instructions:0} | {m.Allocations:0.#} |");
                }
            }

            if (topMethods > 0)
            {
                var last = rows[rows.Count - 1];
                text.AppendLine();
                text.AppendLine(c, $"Methods that allocate at {last.Channels} channels, per tick:");
                text.AppendLine();
                text.AppendLine("| method | calls | allocations |");
                text.AppendLine("| --- | --- | --- |");
                foreach (var m in last.Methods.Where(m => m.Allocations > 0).OrderByDescending(m => m.Allocations).Take(topMethods))
                {
                    text.AppendLine(c, $"| `{m.Name}` | {m.Entries:0.##} | {m.Allocations:0.#} |");
                }
            }

            return text.ToString();
        }
    }
}
