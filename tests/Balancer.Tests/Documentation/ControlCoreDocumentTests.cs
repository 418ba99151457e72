// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Balancer.Core;
using Balancer.Core.Events;
using Balancer.Core.Guardrails;
using Balancer.Core.Settings;
using Balancer.Tests.Control;
using Xunit;

namespace Balancer.Tests.Documentation
{
    /// <summary>
    /// docs/control-core.md shows the guardrail table and the settings as the code defines them, and the state diagram's
    /// edges as the state machine takes them. Set UPDATE_DOCS=1 to rewrite the generated sections after a change: that run
    /// still fails, the next one passes; in CI nothing is rewritten.
    /// </summary>
    public class ControlCoreDocumentTests
    {
        private static readonly string DocumentPath = Path.Combine(RepositoryRoot(), "docs", "control-core.md");

        [Fact]
        public void The_Guardrail_Table_In_The_Docs_Is_The_One_The_Code_Defines() =>
            AssertSection("guardrails", RenderGuardrails(new GuardrailTable(new BalancerSettings())));

        [Fact]
        public void The_Settings_Table_In_The_Docs_Is_The_One_The_Code_Defines() =>
            AssertSection("settings", RenderSettings());

        [Fact]
        public void Every_Edge_Of_The_State_Diagram_Is_Taken_And_No_Other()
        {
            var documented = DocumentedEdges();
            var observed = EdgeScenarios.Run();

            var undocumented = observed.Where(e => !documented.Any(d => d.Matches(e))).ToList();
            var untaken = documented.Where(d => !observed.Any(d.Matches)).ToList();

            Assert.True(undocumented.Count == 0, "taken but not in the docs: " + string.Join(", ", undocumented));
            Assert.True(untaken.Count == 0, "in the docs but never taken: " + string.Join(", ", untaken.Select(d => d.ToString())));
        }

        private sealed record DocumentedEdge(string From, ChannelState To, TransitionReason Reason)
        {
            public bool Matches((ChannelState From, ChannelState To, TransitionReason Reason) edge) =>
                edge.To == To && edge.Reason == Reason && From switch
                {
                    "any active" => IsActive(edge.From),
                    "unknown" => !Enum.IsDefined(edge.From),
                    _ => From == edge.From.ToString(),
                };

            private static bool IsActive(ChannelState state) => state is not (ChannelState.Idle or ChannelState.Done or ChannelState.Fault);

            public override string ToString() => $"{From} → {To} ({Reason})";
        }

        /// <summary>Rows of the edge table: | from | to | reasons |.</summary>
        private static List<DocumentedEdge> DocumentedEdges()
        {
            var text = Section(File.ReadAllText(DocumentPath), "edges");
            var edges = new List<DocumentedEdge>();
            foreach (var line in text.Split('\n').Where(l => l.StartsWith("| ") && !l.StartsWith("| from") && !l.StartsWith("| ---")))
            {
                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                foreach (var to in cells[2].Split(',').Select(t => Enum.Parse<ChannelState>(t.Trim())))
                {
                    foreach (var reason in cells[3].Split(',').Select(r => Enum.Parse<TransitionReason>(r.Trim())))
                    {
                        foreach (var from in cells[1].Split(',').Select(f => f.Trim()))
                        {
                            edges.Add(new DocumentedEdge(from, to, reason));
                        }
                    }
                }
            }

            return edges;
        }

        internal static string RenderGuardrails(GuardrailTable table)
        {
            var text = new StringBuilder();
            text.AppendLine("| # | guardrail | measures | unit | when | trips | releases | debounce | reaction | fault |");
            text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            for (var i = 0; i < table.Count; i++)
            {
                var row = table[i];
                var release = row.ReleaseSetting == SettingId.None ? "below the trip" : $"{(row.Comparison == GuardrailComparison.Below ? "≥" : "≤")} {row.ReleaseValue}";
                if (row.Comparison == GuardrailComparison.Below && row.ReleaseSetting == SettingId.None)
                {
                    release = "above the trip";
                }

                text.AppendLine(
                    $"| {i + 1} | {row.Id} | {row.Quantity} | {row.Unit} | {row.Scope} | {Symbol(row.Comparison)} {row.TripValue}{Source(row)} | {release} | " +
                    $"{row.DebounceSamples} | {row.Reaction} | {(row.Fault == FaultCode.None ? "—" : row.Fault.ToString())} |");
            }

            return text.ToString();
        }

        private static string Symbol(GuardrailComparison comparison) => comparison switch
        {
            GuardrailComparison.Above => ">",
            GuardrailComparison.AtOrAbove => "≥",
            _ => "<",
        };

        private static string Source(GuardrailRow row) => row.Id switch
        {
            GuardrailId.ChargeTime => " (1.5 × capacity ÷ current + 1 h, ≤ 16 h)",
            GuardrailId.CapacityExceeded => $" ({BalancerSettings.DefaultOf(SettingId.CapacityLimitPercent)} % of capacity)",
            GuardrailId.LateTick => " (3 periods)",
            GuardrailId.ClipNoCell or GuardrailId.RestClipOff => " (no cell)",
            GuardrailId.ClipSpansGroups or GuardrailId.RestSpansGroups => " (one group at most)",
            GuardrailId.ClipQuarantine => " (quarantine)",
            _ => row.TripSetting == SettingId.None ? string.Empty : $" ({row.TripSetting})",
        };

        internal static string RenderSettings()
        {
            var text = new StringBuilder();
            text.AppendLine("| id | setting | default | minimum | maximum |");
            text.AppendLine("| --- | --- | --- | --- | --- |");
            foreach (var id in Enum.GetValues<SettingId>().Where(id => id != SettingId.None))
            {
                text.AppendLine($"| {(int)id} | {id} | {BalancerSettings.DefaultOf(id)} | {BalancerSettings.MinimumOf(id)} | {BalancerSettings.MaximumOf(id)} |");
            }

            return text.ToString();
        }

        private static void AssertSection(string name, string expected)
        {
            var document = File.ReadAllText(DocumentPath);
            var actual = Section(document, name);
            if (actual == expected)
            {
                return;
            }

            if (MayRewriteDocs(Environment.GetEnvironmentVariable("UPDATE_DOCS"), Environment.GetEnvironmentVariable("CI")))
            {
                var pattern = $"(<!-- generated:{name} -->\\n).*?(<!-- end:{name} -->)";
                File.WriteAllText(DocumentPath, Regex.Replace(document, pattern, m => m.Groups[1].Value + expected + m.Groups[2].Value, RegexOptions.Singleline));
            }

            Assert.Fail($"docs/control-core.md section '{name}' differs from the code (UPDATE_DOCS=1 rewrites it on a developer's machine, then commit it). The code says:\n{expected}");
        }

        /// <summary>
        /// A developer may have the generated sections rewritten; the test still fails, so a rewrite is never a pass, and
        /// in CI nothing is rewritten at all: a document that differs from the code fails the build.
        /// </summary>
        internal static bool MayRewriteDocs(string updateDocs, string ci) => updateDocs == "1" && string.IsNullOrEmpty(ci);

        [Theory]
        [InlineData("1", null, true)]
        [InlineData("1", "true", false)]
        [InlineData(null, null, false)]
        [InlineData("0", null, false)]
        public void Docs_Are_Rewritten_Only_On_Request_And_Never_In_CI(string updateDocs, string ci, bool rewrites) =>
            Assert.Equal(rewrites, MayRewriteDocs(updateDocs, ci));

        private static string Section(string document, string name)
        {
            var match = Regex.Match(document, $"<!-- generated:{name} -->\\n(.*?)<!-- end:{name} -->", RegexOptions.Singleline);
            Assert.True(match.Success, $"docs/control-core.md has no '{name}' section");
            return match.Groups[1].Value;
        }

        /// <summary>The folder that holds the solution.</summary>
        internal static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "BalancerFirmware.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }
}
