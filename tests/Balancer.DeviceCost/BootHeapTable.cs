// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Balancer.DeviceCost
{
    /// <summary>The boot-heap table (markdown) for a list of channel counts, the budget it is held to, and the largest types.</summary>
    public static class BootHeapTable
    {
        /// <summary>
        /// The managed heap taken as free on ESP32_BLE_REV0 with BLE running: 49 152 bytes. The current nf-interpreter sizes
        /// the heap at CLR start as min(free internal heap − 133 120 B, largest free block) (targets/ESP32/_nanoCLR/Memory.cpp
        /// @a3e8139: 100 KB for IDF plus 30 KB with Bluetooth; PR #2940) and publishes no byte figure for this target. The
        /// only published figure is stale: nanoframework/nf-interpreter PR #2168 (2021) measured "ESP32_BLE_REV0 = 49K"
        /// with GC.Run, when that heap had a fixed size; 49K is taken as 49 152 bytes, the lower reading.
        /// </summary>
        public const int ManagedHeapBasisBytes = 49_152;

        /// <summary>The boot heap's budget (the goal): half of <see cref="ManagedHeapBasisBytes"/>, 24 576 bytes.</summary>
        public const int BudgetBytes = ManagedHeapBasisBytes / 2;

        /// <summary>Measures every channel count and formats the table with the <paramref name="topTypes"/> largest types of the last.</summary>
        public static string Measure(IReadOnlyList<int> channelCounts, int topTypes)
        {
            using var meter = new DeviceCostMeter();
            var rows = new List<BootHeapCounts>();
            foreach (var channels in channelCounts)
            {
                rows.Add(meter.MeasureBootHeap(channels));
            }

            // The reference board's four channels, or the first count measured.
            var reference = rows.FirstOrDefault(r => r.Channels == 4) ?? rows[0];
            var withJournal = meter.MeasureBootHeap(reference.Channels, withJournal: true);
            return Format(rows, topTypes) + Journal(reference, withJournal);
        }

        /// <summary>The line that adds the recovery journal to the first row's board, as the device app boots it.</summary>
        public static string Journal(BootHeapCounts without, BootHeapCounts with)
        {
            var c = CultureInfo.InvariantCulture;
            var text = new StringBuilder();
            text.AppendLine();
            text.AppendLine(c, $"With the recovery journal (settings store, log, writer, pager; the last session's reader let go after the boot report), as the device app boots: {with.Bytes} B at {with.Channels} channels, {with.Bytes - without.Bytes} B more, {100.0 * with.Bytes / BudgetBytes:0}% of the budget.");
            text.AppendLine();
            text.AppendLine(c, $"What that boot heap holds ({with.Channels} channels with the journal), by type and the method that made it:");
            text.AppendLine();
            text.AppendLine("| type in method | objects | blocks | bytes |");
            text.AppendLine("| --- | --- | --- | --- |");
            foreach (var t in with.Sites)
            {
                text.AppendLine(c, $"| `{t.TypeName}` | {t.Objects} | {t.Blocks} | {t.Bytes} |");
            }

            return text.ToString();
        }

        /// <summary>Formats measured rows.</summary>
        public static string Format(IReadOnlyList<BootHeapCounts> rows, int topTypes)
        {
            var c = CultureInfo.InvariantCulture;
            var text = new StringBuilder();
            text.AppendLine(c, $"Boot heap held by the device assemblies' objects once every channel charges ({rows[0].Configuration} build; board layer and nanoFramework libraries not included; budget {BudgetBytes} B):");
            text.AppendLine();
            text.AppendLine("| channels | objects | arrays | blocks (static storage) | bytes | of budget | made while booting (objects / bytes) |");
            text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (var r in rows)
            {
                text.AppendLine(
                    c,
                    $"| {r.Channels} | {r.Objects} | {r.Arrays} | {r.Blocks} ({r.StaticBlocks}) | {r.Bytes} | {100.0 * r.Bytes / BudgetBytes:0}% | {r.MadeObjects} / {(long)r.MadeBlocks * NanoClrHeapSizes.BlockBytes} |");
            }

            if (topTypes > 0)
            {
                var last = rows[rows.Count - 1];
                text.AppendLine();
                text.AppendLine(c, $"Largest types of the boot heap at {last.Channels} channels:");
                text.AppendLine();
                text.AppendLine("| type | objects | blocks | bytes |");
                text.AppendLine("| --- | --- | --- | --- |");
                foreach (var t in last.Types.Take(topTypes))
                {
                    text.AppendLine(c, $"| `{t.TypeName}` | {t.Objects} | {t.Blocks} | {t.Bytes} |");
                }
            }

            return text.ToString();
        }
    }
}
