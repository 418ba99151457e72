// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Balancer.Surface.Tests
{
    /// <summary>What a nanoFramework .nfproj declares: its sources, assembly references, project references and packages.</summary>
    internal sealed class NanoProject
    {
        private static readonly XNamespace MsBuild = "http://schemas.microsoft.com/developer/msbuild/2003";

        private NanoProject(string path)
        {
            FullPath = Path.GetFullPath(path);
            var document = XDocument.Load(FullPath);
            AssemblyName = Value(document, "AssemblyName");
            OutputType = Value(document, "OutputType");
            LangVersion = Value(document, "LangVersion");
            CompileItems = Items(document, "Compile").Select(ToFullPath).ToArray();
            // An .exe reference is tooling (the TestFramework's launcher), not an API the code compiles against.
            References = document.Descendants(MsBuild + "Reference")
                .Where(e => !(e.Element(MsBuild + "HintPath")?.Value ?? string.Empty).EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
                .Select(e => new AssemblyReference(
                    e.Attribute("Include")!.Value.Split(',')[0].Trim(),
                    e.Attribute("Include")!.Value,
                    e.Element(MsBuild + "HintPath")?.Value ?? string.Empty))
                .ToArray();
            ProjectReferences = Items(document, "ProjectReference").Select(ToFullPath).ToArray();
            Packages = ReadPackagesConfig(Path.Combine(Directory, "packages.config"));
        }

        public string FullPath { get; }

        public string Directory => Path.GetDirectoryName(FullPath)!;

        public string RelativePath => Path.GetRelativePath(RepositoryLayout.Root, FullPath).Replace('\\', '/');

        public string AssemblyName { get; }

        public string OutputType { get; }

        public string LangVersion { get; }

        public IReadOnlyList<string> CompileItems { get; }

        public IReadOnlyList<AssemblyReference> References { get; }

        public IReadOnlyList<string> ProjectReferences { get; }

        /// <summary>The entries of the project's packages.config.</summary>
        public IReadOnlyList<PackageEntry> Packages { get; }

        public override string ToString() => RelativePath;

        /// <summary>Every .nfproj in the repository, by path relative to the root.</summary>
        public static IEnumerable<string> FindAll() =>
            System.IO.Directory.EnumerateFiles(RepositoryLayout.Root, "*.nfproj", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                         && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                .Select(p => Path.GetRelativePath(RepositoryLayout.Root, p).Replace('\\', '/'))
                .OrderBy(p => p, StringComparer.Ordinal);

        public static NanoProject Load(string relativePath) =>
            new(Path.Combine(RepositoryLayout.Root, relativePath));

        /// <summary>A project file anywhere (the checks' own tests load altered copies).</summary>
        public static NanoProject LoadFile(string fullPath) => new(fullPath);

        private string ToFullPath(string include) =>
            Path.GetFullPath(Path.Combine(Directory, include.Replace('\\', Path.DirectorySeparatorChar)));

        private static string Value(XDocument document, string name) =>
            document.Descendants(MsBuild + name).Select(e => e.Value).FirstOrDefault() ?? string.Empty;

        private static IEnumerable<string> Items(XDocument document, string name) =>
            document.Descendants(MsBuild + name).Select(e => e.Attribute("Include")!.Value);

        private static IReadOnlyList<PackageEntry> ReadPackagesConfig(string path)
        {
            if (!File.Exists(path))
            {
                return Array.Empty<PackageEntry>();
            }

            return XDocument.Load(path).Descendants("package")
                .Select(p => new PackageEntry(
                    p.Attribute("id")!.Value,
                    p.Attribute("version")!.Value,
                    p.Attribute("targetFramework")?.Value ?? string.Empty))
                .ToArray();
        }
    }

    /// <summary>One line of packages.config.</summary>
    internal sealed record PackageEntry(string Id, string Version, string TargetFramework);

    /// <summary>A &lt;Reference&gt; of an .nfproj: the assembly's simple name, its full Include and its HintPath.</summary>
    internal sealed record AssemblyReference(string Name, string Include, string HintPath);
}
