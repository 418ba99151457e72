// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Balancer.Simulator.Scenarios;

namespace Balancer.Simulator.Sweep
{
    /// <summary>
    /// Randomised sessions for the sweep: what a workshop sees over a thousand packs. Each session draws its pack
    /// (10–13S, 2–4P), one to three weak groups and their depth, every group's capacity, the cells' relaxation, the
    /// room, the target mode and whether the session ends with a self-discharge hold (where some groups leak 1 mV/h
    /// at the pack's voltage), overnight or of the spec's hour; every part's tolerance is then drawn by the scenario's own seed, as in any scenario.
    /// </summary>
    public static class SweepPlan
    {
        /// <summary>
        /// The leak that lowers a group of <paramref name="capacityMilliampereHours"/> resting at <paramref name="millivolts"/>
        /// by 1 mV/h, mA: one hour of it is the charge of 1 mV on the cell curve there.
        /// </summary>
        public static double OneMillivoltPerHourLeak(double capacityMilliampereHours, double millivolts) =>
            capacityMilliampereHours / 100 / Physics.OcvCurve.SlopeAt(Physics.OcvCurve.SocAt(millivolts));

        /// <summary>A workshop's overnight hold, ms: most holds are; the rest keep the spec's one hour.</summary>
        public const int OvernightHoldMilliseconds = 8 * 3_600_000;

        /// <summary>The <paramref name="index"/>th session of a sweep with <paramref name="seed"/>.</summary>
        public static Scenario Session(int seed, int index)
        {
            var random = new Random(Mix(seed, index));
            var series = random.Next(10, 14);
            var parallel = random.Next(2, 5);
            var packOcv = 3_850 + (random.NextDouble() * 200);
            var weak = random.Next(1, 4);
            var groups = Enumerable.Range(1, series).OrderBy(_ => random.Next()).Take(weak + 1).ToArray();
            var reference = groups[weak];
            var relaxationAmplitude = 0.6 + (0.9 * random.NextDouble());
            var relaxationTime = Math.Pow(2, (2 * random.NextDouble()) - 1);
            var hold = random.NextDouble() < 0.3;

            // Drawn apart, so the packs of a seed stay the ones earlier sweeps drew.
            var overnight = new Random(Mix(seed, index) ^ 0x5EED).NextDouble() < 0.7;
            var matchReference = random.NextDouble() < 0.75;
            var groupSpecs = new List<GroupSpec>();
            foreach (var group in groups)
            {
                var depth = group == reference ? 0 : 30 + (random.NextDouble() * 220);
                var capacity = 85 + (random.NextDouble() * 20);
                var leaks = hold && group != reference && random.NextDouble() < 0.3;
                groupSpecs.Add(new GroupSpec
                {
                    Group = group,
                    OcvMillivolts = Math.Round(packOcv - depth, 1),
                    CapacityPercent = Math.Round(capacity, 1),
                    LeakMilliamperes = leaks ? Math.Round(OneMillivoltPerHourLeak(2_600 * parallel * capacity / 100, packOcv), 2) : 0,
                });
            }

            var channels = groups.Take(weak).Select(g => new ChannelSpec { Group = g }).ToList();
            var settings = new Dictionary<string, JsonElement>
            {
                ["GroupCapacityMilliampereHours"] = Number(2_600 * parallel),
                ["HoldEnabled"] = Number(hold ? 1 : 0),
            };
            if (hold && overnight)
            {
                settings["HoldMilliseconds"] = Number(OvernightHoldMilliseconds);
            }

            if (matchReference)
            {
                channels.Add(new ChannelSpec { Group = reference, Mode = ChannelModeSpec.Monitor });
                settings["TargetMode"] = JsonSerializer.SerializeToElement("MatchReference");
                settings["ReferenceChannel"] = Number(weak);
            }
            else
            {
                settings["TargetMode"] = JsonSerializer.SerializeToElement("MatchValue");
                settings["TargetMillivolts"] = Number((int)Math.Round(packOcv));
            }

            return new Scenario
            {
                Name = $"sweep {seed}/{index}",
                Seed = random.Next(),
                DurationHours = 16,
                Pack = new PackSpec
                {
                    Series = series,
                    Parallel = parallel,
                    SocPercent = Math.Round(Physics.OcvCurve.SocAt(packOcv), 2),
                    Relaxation = BranchSpec.Defaults().Select(b => new BranchSpec
                    {
                        CellMilliohms = Math.Round(b.CellMilliohms * relaxationAmplitude, 2),
                        Seconds = Math.Round(b.Seconds * relaxationTime),
                    }).ToList(),
                    Groups = groupSpecs,
                },
                Ambient = new List<AmbientPoint> { new() { AtHours = 0, Celsius = Math.Round(10 + (random.NextDouble() * 22), 1) } },
                Channels = channels,
                Settings = settings,
            };
        }

        private static JsonElement Number(int value) => JsonSerializer.SerializeToElement(value);

        /// <summary>A seed for one session that is the same in every process (HashCode.Combine is not: it is salted per process).</summary>
        private static int Mix(int seed, int index)
        {
            // SplitMix64's finaliser over the pair.
            var z = unchecked(((ulong)(uint)seed << 32) | (uint)index) + 0x9E3779B97F4A7C15UL;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return (int)(z ^ (z >> 31));
        }
    }
}
