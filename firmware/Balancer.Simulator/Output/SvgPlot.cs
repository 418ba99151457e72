// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Balancer.Simulator.Output
{
    /// <summary>
    /// A two-panel SVG of a session: each channel's group voltage (the firmware's reading, and the group's true resting
    /// voltage dashed) and its charge current, against time. Plain SVG, so it opens in any browser and diffs as text.
    /// </summary>
    public static class SvgPlot
    {
        private const int Width = 1000;
        private const int PanelHeight = 300;
        private const int Left = 70;
        private const int Right = 20;
        private const int Top = 40;
        private const int Gap = 50;
        private static readonly string[] Colours = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf" };

        /// <summary>Renders the time series.</summary>
        public static string Render(string title, IReadOnlyList<SeriesRow> series, int targetMillivolts)
        {
            var svg = new StringBuilder();
            var height = Top + (2 * PanelHeight) + Gap + 50;
            svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
            svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
            svg.Append(Invariant($"<text x=\"{Left}\" y=\"22\" font-size=\"16\">{Escape(title)}</text>\n"));
            if (series.Count < 2)
            {
                return svg.Append("</svg>\n").ToString();
            }

            var channels = series[0].Channels.Length;
            var hours = series[^1].ElapsedMilliseconds / 3_600_000.0;
            var volts = series.SelectMany(r => r.Channels.SelectMany(c => new[] { (double)c.GroupMillivolts, c.TrueRestingMillivolts })).Where(v => v > 100).ToList();
            var vMin = volts.Count > 0 ? Math.Floor((volts.Min() - 20) / 50) * 50 : 3000;
            var vMax = volts.Count > 0 ? Math.Ceiling((volts.Max() + 20) / 50) * 50 : 4300;
            var iMax = Math.Max(100, Math.Ceiling(series.Max(r => r.Channels.Max(c => c.CurrentMilliamperes)) / 200.0) * 200);

            Panel(svg, Top, "group voltage, mV", hours, vMin, vMax);
            Panel(svg, Top + PanelHeight + Gap, "charge current, mA", hours, 0, iMax);
            if (targetMillivolts > vMin && targetMillivolts < vMax)
            {
                var y = Y(targetMillivolts, Top, vMin, vMax);
                svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.0}\" y2=\"{y:0.0}\" stroke=\"#888\" stroke-dasharray=\"2 4\"/>\n"));
                svg.Append(Invariant($"<text x=\"{Width - Right - 4}\" y=\"{y - 4:0.0}\" text-anchor=\"end\" fill=\"#666\">target {targetMillivolts} mV</text>\n"));
            }

            for (var c = 0; c < channels; c++)
            {
                var colour = Colours[c % Colours.Length];
                Line(svg, series.Select(r => (r.ElapsedMilliseconds / 3_600_000.0, (double)r.Channels[c].GroupMillivolts)), hours, Top, vMin, vMax, colour, null);
                Line(svg, series.Select(r => (r.ElapsedMilliseconds / 3_600_000.0, r.Channels[c].TrueRestingMillivolts)), hours, Top, vMin, vMax, colour, "4 3");
                Line(svg, series.Select(r => (r.ElapsedMilliseconds / 3_600_000.0, (double)r.Channels[c].CurrentMilliamperes)), hours, Top + PanelHeight + Gap, 0, iMax, colour, null);
                svg.Append(Invariant($"<text x=\"{Left + (c * 110)}\" y=\"{height - 12}\" fill=\"{colour}\">━ channel {c}</text>\n"));
            }

            svg.Append(Invariant($"<text x=\"{Left + (channels * 110)}\" y=\"{height - 12}\" fill=\"#444\">solid: measured · dashed: group at rest (truth)</text>\n"));
            return svg.Append("</svg>\n").ToString();
        }

        private static void Panel(StringBuilder svg, double top, string label, double hours, double min, double max)
        {
            svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{top}\" width=\"{Width - Left - Right}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#333\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Left}\" y=\"{top - 6}\">{label}</text>\n"));
            var tick = NiceStep((max - min) / 5);
            for (var value = Math.Ceiling(min / tick) * tick; value <= max + 1e-9; value += tick)
            {
                var y = Y(value, top, min, max);
                svg.Append(Invariant($"<line x1=\"{Left - 4}\" x2=\"{Width - Right}\" y1=\"{y:0.0}\" y2=\"{y:0.0}\" stroke=\"#eee\"/>\n"));
                svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:0.0}\" text-anchor=\"end\">{value:0}</text>\n"));
            }

            var step = hours <= 1 ? 0.25 : hours <= 4 ? 0.5 : hours <= 12 ? 1 : 2;
            for (var h = 0.0; h <= hours + 1e-9; h += step)
            {
                var x = X(h, hours);
                svg.Append(Invariant($"<line x1=\"{x:0.0}\" x2=\"{x:0.0}\" y1=\"{top}\" y2=\"{top + PanelHeight + 4}\" stroke=\"#eee\"/>\n"));
                svg.Append(Invariant($"<text x=\"{x:0.0}\" y=\"{top + PanelHeight + 16}\" text-anchor=\"middle\">{h:0.##} h</text>\n"));
            }
        }

        private static void Line(StringBuilder svg, IEnumerable<(double Hours, double Value)> points, double hours, double top, double min, double max, string colour, string dash)
        {
            var path = string.Join(" ", points.Select(p => Invariant($"{X(p.Hours, hours):0.0},{Y(Math.Clamp(p.Value, min, max), top, min, max):0.0}")));
            svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.2\"{(dash != null ? $" stroke-dasharray=\"{dash}\"" : string.Empty)} points=\"{path}\"/>\n"));
        }

        /// <summary>1, 2, 2.5 or 5 times a power of ten, the first at or above the rough step.</summary>
        private static double NiceStep(double rough)
        {
            var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            foreach (var factor in new[] { 1, 2, 2.5, 5, 10 })
            {
                if (factor * power >= rough)
                {
                    return factor * power;
                }
            }

            return 10 * power;
        }

        private static double X(double hours, double span) => Left + ((Width - Left - Right) * (span > 0 ? hours / span : 0));

        private static double Y(double value, double top, double min, double max) => top + PanelHeight - (PanelHeight * (value - min) / (max - min));

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
