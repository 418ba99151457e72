// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Linq;

namespace Balancer.Surface.Tests.Hardware
{
    /// <summary>The rows of every Markdown table in a document, as trimmed cells (rule rows such as |---| skipped).</summary>
    internal static class MarkdownTable
    {
        public static IReadOnlyList<string[]> Rows(string markdown) =>
            markdown.Split('\n')
                .Select(line => line.Trim())
                .Where(line => line.Length > 1 && line.StartsWith('|') && line.EndsWith('|') && !IsRule(line))
                .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
                .ToList();

        private static bool IsRule(string line) => line.All(c => c is '|' or '-' or ':' or ' ');
    }
}
