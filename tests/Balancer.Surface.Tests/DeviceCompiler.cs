// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Balancer.Surface.Tests
{
    /// <summary>The outcome of compiling device sources against the nanoFramework surface.</summary>
    internal sealed record DeviceCompilationResult(
        CSharpCompilation Compilation, IReadOnlyList<Diagnostic> Errors, IReadOnlyList<string> RuleViolations)
    {
        public bool Success => Errors.Count == 0 && RuleViolations.Count == 0;

        public string Describe() =>
            string.Join("\n", Errors.Select(e => e.ToString()).Concat(RuleViolations));
    }

    /// <summary>Compiles .nfproj projects, or loose snippets, the way the nanoFramework build would see them.</summary>
    internal static class DeviceCompiler
    {
        private static readonly Dictionary<string, MetadataReference> ProjectImages = new(StringComparer.Ordinal);

        public static DeviceCompilationResult Compile(NanoProject project)
        {
            var references = new List<MetadataReference>();
            foreach (var reference in project.References)
            {
                if (!NanoSurface.References.TryGetValue(reference.Name, out var surface))
                {
                    throw new InvalidOperationException(
                        $"{project}: references '{reference.Name}', which has no surface in firmware/Surface/Surface.xml.");
                }

                references.Add(surface);
            }

            references.AddRange(project.ProjectReferences
                .Select(p => ImageOf(NanoProject.Load(Path.GetRelativePath(RepositoryLayout.Root, p)))));
            var trees = project.CompileItems
                .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), NanoSurface.ParseOptions, p))
                .ToArray();
            return Compile(project.AssemblyName, trees, references, project.OutputType);
        }

        /// <summary>Compiles loose device source against mscorlib and System.Math only.</summary>
        public static DeviceCompilationResult CompileSnippet(string source)
        {
            var tree = CSharpSyntaxTree.ParseText(source, NanoSurface.ParseOptions, "Snippet.cs");
            var references = new[] { NanoSurface.References["mscorlib"], NanoSurface.References["System.Math"] };
            return Compile("Snippet", new[] { tree }, references, "Library");
        }

        private static MetadataReference ImageOf(NanoProject project)
        {
            lock (ProjectImages)
            {
                if (!ProjectImages.TryGetValue(project.FullPath, out var image))
                {
                    var result = Compile(project);
                    if (!result.Success)
                    {
                        throw new InvalidOperationException($"{project} does not compile for nanoFramework:\n{result.Describe()}");
                    }

                    image = NanoSurface.Emit(result.Compilation);
                    ProjectImages[project.FullPath] = image;
                }

                return image;
            }
        }

        private static DeviceCompilationResult Compile(
            string assemblyName, IReadOnlyList<SyntaxTree> trees, IEnumerable<MetadataReference> references, string outputType)
        {
            var kind = outputType == "Exe" ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
            var compilation = CSharpCompilation.Create(assemblyName, trees, references, NanoSurface.LibraryOptions.WithOutputKind(kind));
            var errors = compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .ToArray();
            var violations = trees.SelectMany(DeviceRules.Check)
                .Concat(errors.Length == 0 ? trees.SelectMany(t => DeviceSemanticRules.Check(compilation, t)) : Enumerable.Empty<string>())
                .ToArray();
            return new DeviceCompilationResult(compilation, errors, violations);
        }
    }
}
