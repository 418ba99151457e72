// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Balancer.Surface.Tests
{
    /// <summary>One surface assembly as Surface.xml declares it.</summary>
    internal sealed record SurfaceEntry(
        string AssemblyName,
        string PackageId,
        string Version,
        string AssemblyVersion,
        IReadOnlyList<string> DependsOn,
        IReadOnlyList<PackageDependency> PackageDependencies);

    /// <summary>A dependency of a package, as its .nuspec lists it: the package and the lowest version it accepts.</summary>
    internal sealed record PackageDependency(string PackageId, string MinimumVersion);

    /// <summary>
    /// The declaration-only nanoFramework assemblies of firmware/Surface, compiled once per test run. mscorlib is
    /// compiled with no reference at all, so the device code sees nanoFramework's corlib and no other.
    /// </summary>
    internal static class NanoSurface
    {
        private static readonly Lazy<IReadOnlyDictionary<string, MetadataReference>> LazyReferences = new(CompileAll);

        public static IReadOnlyList<SurfaceEntry> Entries { get; } = ReadManifest();

        public static IReadOnlyDictionary<string, MetadataReference> References => LazyReferences.Value;

        /// <summary>The C# version device code is written in; the .nfproj files and host builds set the same.</summary>
        public static CSharpParseOptions ParseOptions { get; } =
            new(LanguageVersion.CSharp9, DocumentationMode.Parse, SourceCodeKind.Regular, new[] { "NANOFRAMEWORK_1_0" });

        public static CSharpCompilationOptions LibraryOptions { get; } =
            new(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: false, deterministic: true);

        public static IEnumerable<string> SourceFiles(string assemblyName) =>
            Directory.EnumerateFiles(Path.Combine(RepositoryLayout.SurfaceDirectory, assemblyName), "*.cs", SearchOption.AllDirectories)
                .OrderBy(p => p, StringComparer.Ordinal);

        private static IReadOnlyList<SurfaceEntry> ReadManifest() =>
            XDocument.Load(Path.Combine(RepositoryLayout.SurfaceDirectory, "Surface.xml")).Root!.Elements("Assembly")
                .Select(e => new SurfaceEntry(
                    e.Attribute("Name")!.Value,
                    e.Attribute("Package")!.Value,
                    e.Attribute("Version")!.Value,
                    e.Attribute("AssemblyVersion")!.Value,
                    List(e, "DependsOn"),
                    List(e, "PackageDependencies")
                        .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        .Select(d => new PackageDependency(d[0], d[1]))
                        .ToArray()))
                .ToArray();

        private static string[] List(XElement element, string attribute) =>
            (element.Attribute(attribute)?.Value ?? string.Empty)
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        private static IReadOnlyDictionary<string, MetadataReference> CompileAll()
        {
            var compiled = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
            var pending = Entries.ToList();
            while (pending.Count > 0)
            {
                var ready = pending.FirstOrDefault(e => e.DependsOn.All(compiled.ContainsKey))
                    ?? throw new InvalidOperationException("Surface.xml has a dependency cycle or names a missing assembly.");
                var trees = SourceFiles(ready.AssemblyName)
                    .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), ParseOptions, p))
                    .ToArray();
                var compilation = CSharpCompilation.Create(
                    ready.AssemblyName,
                    trees,
                    ready.DependsOn.Select(d => compiled[d]),
                    LibraryOptions.WithNullableContextOptions(NullableContextOptions.Disable));
                compiled[ready.AssemblyName] = Emit(compilation);
                pending.Remove(ready);
            }

            return compiled;
        }

        /// <summary>Emits a compilation to memory, failing with every error if it does not compile.</summary>
        public static MetadataReference Emit(CSharpCompilation compilation)
        {
            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            if (!result.Success)
            {
                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString());
                throw new InvalidOperationException($"{compilation.AssemblyName} does not compile:\n" + string.Join("\n", errors));
            }

            return MetadataReference.CreateFromImage(image.ToArray());
        }
    }
}
