// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;

namespace Balancer.Surface.Tests
{
    /// <summary>
    /// What the nanoFramework build needs of a project's references that the compiler does not check: each
    /// &lt;Reference&gt; names the exact assembly version its package ships (a ".0" where the package's assembly carries a
    /// build revision fails with MSB3245), and every package a referenced package depends on, transitively, has a
    /// &lt;Reference&gt; of its own and a line in packages.config at a version its dependents accept (a HintPath brings no
    /// dependencies along; without them the build deploys too little and the nanoCLR stops at boot with "needs assembly").
    /// </summary>
    internal static class DeviceReferenceChecks
    {
        public static IReadOnlyList<string> Problems(NanoProject project)
        {
            var problems = new List<string>();
            var byPackage = NanoSurface.Entries.ToDictionary(e => e.PackageId, StringComparer.Ordinal);
            var referenced = project.References.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var reference in project.References)
            {
                var entry = NanoSurface.Entries.SingleOrDefault(e => e.AssemblyName == reference.Name);
                if (entry == null)
                {
                    problems.Add($"references {reference.Name}, which firmware/Surface/Surface.xml does not mirror");
                    continue;
                }

                var version = VersionOf(reference.Include);
                if (version != entry.AssemblyVersion)
                {
                    problems.Add($"<Reference Include=\"{reference.Name}, Version={version ?? "(none)"}\">: package {entry.PackageId} {entry.Version} ships assembly version {entry.AssemblyVersion}, so MSBuild would not resolve it (MSB3245)");
                }

                foreach (var dependency in Closure(entry, byPackage, problems))
                {
                    if (!byPackage.TryGetValue(dependency.PackageId, out var needed))
                    {
                        continue;
                    }

                    if (!referenced.Contains(needed.AssemblyName))
                    {
                        problems.Add($"{reference.Name} needs {needed.AssemblyName} (package {dependency.PackageId}), which has no <Reference>: the build would not deploy it and the nanoCLR would stop at boot ('needs assembly')");
                    }

                    var line = project.Packages.SingleOrDefault(p => p.Id == dependency.PackageId);
                    if (line == null)
                    {
                        problems.Add($"packages.config lacks {dependency.PackageId}, which {entry.PackageId} depends on");
                    }
                    else if (Version.Parse(line.Version) < Version.Parse(dependency.MinimumVersion))
                    {
                        problems.Add($"packages.config has {dependency.PackageId} {line.Version}, below the {dependency.MinimumVersion} a referenced package needs");
                    }
                }
            }

            return problems.Distinct().ToList();
        }

        /// <summary>The Version= part of a Reference's Include, or null.</summary>
        public static string? VersionOf(string include) =>
            include.Split(',').Select(p => p.Trim()).Where(p => p.StartsWith("Version=", StringComparison.Ordinal)).Select(p => p["Version=".Length..]).FirstOrDefault();

        private static IEnumerable<PackageDependency> Closure(SurfaceEntry entry, IReadOnlyDictionary<string, SurfaceEntry> byPackage, List<string> problems)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Queue<PackageDependency>(entry.PackageDependencies);
            while (pending.Count > 0)
            {
                var dependency = pending.Dequeue();
                yield return dependency;
                if (!seen.Add(dependency.PackageId))
                {
                    continue;
                }

                if (!byPackage.TryGetValue(dependency.PackageId, out var next))
                {
                    problems.Add($"{entry.PackageId} depends on {dependency.PackageId}, which firmware/Surface/Surface.xml does not mirror");
                    continue;
                }

                foreach (var further in next.PackageDependencies)
                {
                    pending.Enqueue(further);
                }
            }
        }
    }
}
