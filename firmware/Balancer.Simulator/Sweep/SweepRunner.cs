// SPDX-License-Identifier: MIT

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Balancer.Simulator.Output;

namespace Balancer.Simulator.Sweep
{
    /// <summary>Runs a sweep's sessions on every core and writes what they show.</summary>
    public static class SweepRunner
    {
        /// <summary>Runs <paramref name="count"/> sessions; <paramref name="onFinished"/> is told how many are done (from any thread).</summary>
        public static SweepSummary Run(int count, int seed, int jobs, Action<int> onFinished = null)
        {
            var sessions = new SweepSession[count];
            var finished = 0;
            var wall = Stopwatch.StartNew();
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = jobs }, index =>
            {
                // The simulation validates its scenario as the loader would, so a plan the format refuses fails here.
                var simulation = new Simulation(SweepPlan.Session(seed, index));
                simulation.Run();
                sessions[index] = SweepSession.From(index, simulation, SessionReport.Build(simulation, 0));
                onFinished?.Invoke(Interlocked.Increment(ref finished));
            });
            return new SweepSummary(sessions, seed, wall.Elapsed.TotalSeconds);
        }

        /// <summary>Writes summary.md, sessions.csv and target-error.svg into a folder; returns their paths.</summary>
        public static string[] Write(string folder, SweepSummary summary)
        {
            Directory.CreateDirectory(folder);
            var files = new[] { Path.Combine(folder, "summary.md"), Path.Combine(folder, "sessions.csv"), Path.Combine(folder, "target-error.svg") };
            File.WriteAllText(files[0], "# Sweep\n\n" + summary.Markdown());
            File.WriteAllText(files[1], summary.Csv());
            File.WriteAllText(files[2], Histogram(summary.SignedGroupTargetErrors, 5));
            return files;
        }

        /// <summary>A histogram of signed target errors in 1 mV bins from −30 to +30 mV (beyond collected at the ends), with the band marked.</summary>
        public static string Histogram(double[] errors, int toleranceMillivolts)
        {
            const int Low = -30, High = 30, Width = 640, Height = 320, Left = 50, Bottom = 40, Top = 30;
            var bins = new int[High - Low + 1];
            foreach (var e in errors)
            {
                bins[Math.Clamp((int)Math.Floor(e) - Low, 0, bins.Length - 1)]++;
            }

            var tallest = Math.Max(1, bins.Max());
            var barWidth = (Width - Left - 10) / (double)bins.Length;
            var plotHeight = Height - Bottom - Top;
            var svg = new StringBuilder();
            svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"11\">"));
            svg.Append(Invariant($"<text x=\"{Left}\" y=\"18\" font-size=\"13\">True relaxed OCV − true target, per charged group ({errors.Length} groups)</text>"));
            var bandLeft = Left + ((-toleranceMillivolts - Low) * barWidth);
            svg.Append(Invariant($"<rect x=\"{bandLeft:0.0}\" y=\"{Top}\" width=\"{2 * toleranceMillivolts * barWidth:0.0}\" height=\"{plotHeight}\" fill=\"#e6f4e6\"/>"));
            for (var i = 0; i < bins.Length; i++)
            {
                var h = plotHeight * bins[i] / (double)tallest;
                svg.Append(Invariant($"<rect x=\"{Left + (i * barWidth):0.0}\" y=\"{Top + plotHeight - h:0.0}\" width=\"{barWidth - 1:0.0}\" height=\"{h:0.0}\" fill=\"#3465a4\"><title>{i + Low} to {i + Low + 1} mV: {bins[i]}</title></rect>"));
            }

            for (var mv = Low; mv <= High; mv += 10)
            {
                var x = Left + ((mv - Low) * barWidth);
                svg.Append(Invariant($"<text x=\"{x:0.0}\" y=\"{Height - Bottom + 15}\" text-anchor=\"middle\">{mv}</text>"));
            }

            svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">mV (the shaded band is ±{toleranceMillivolts} mV; the end bins collect everything beyond)</text>"));
            svg.Append(Invariant($"<text x=\"10\" y=\"{Top + 10}\">{tallest}</text></svg>"));
            return svg.ToString();
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
