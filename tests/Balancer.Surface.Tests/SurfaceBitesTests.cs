// SPDX-License-Identifier: MIT

using System.Linq;
using Xunit;

namespace Balancer.Surface.Tests
{
    /// <summary>
    /// The surface check must bite: code that runs on the host but not on nanoFramework 1.x is rejected, each for its
    /// own reason. A control snippet in the same shape proves the rejections are not the harness failing.
    /// </summary>
    public class SurfaceBitesTests
    {
        private const string Prelude = "using System;\nusing System.Collections;\nnamespace Probe\n{\n";

        [Fact]
        public void Plain_Device_Code_Compiles()
        {
            var result = DeviceCompiler.CompileSnippet(Prelude + @"
    public static class Ok
    {
        public static string Describe(int millivolts, ArrayList log)
        {
            log.Add(millivolts);
            var text = string.Format(""{0} mV"", millivolts) + millivolts.ToString(""D4"");
            return text + Math.Max(millivolts, 0) + TimeSpan.FromMilliseconds(100).Ticks + DateTime.UtcNow.Year;
        }
    }
}");

            Assert.True(result.Success, result.Describe());
        }

        [Theory]
        [InlineData("List", "System.Collections.Generic.List<int> values = null; return values.Count;", "CS0234", "Generic")]
        [InlineData("LINQ", "int[] values = { 1, 2 }; return System.Linq.Enumerable.Count(values);", "CS0234", "Linq")]
        [InlineData("DateTime.Now", "return DateTime.Now.Second;", "CS0117", "Now")]
        [InlineData("Format with a provider", "return string.Format((IFormatProvider)null, \"{0}\", 1).Length;", "CS1503", "")]
        [InlineData("Math.Clamp(int)", "int x = 5; int y = Math.Clamp(x, 0, 3); return y;", "CS0266", "")]
        [InlineData("Nullable", "int? maybe = null; return maybe ?? 0;", "CS0518", "Nullable")]
        [InlineData("Environment.TickCount64 without Runtime.Native", "return (int)Environment.TickCount64;", "CS0103", "Environment")]
        public void Api_That_NanoFramework_Lacks_Is_Rejected(string what, string body, string expectedError, string mentions)
        {
            var result = DeviceCompiler.CompileSnippet(Prelude + "public static class Probe { public static int Run() { " + body + " } }\n}");

            Assert.False(result.Success, $"{what} compiled against the nanoFramework surface.");
            Assert.Contains(result.Errors, e => e.Id == expectedError && e.GetMessage().Contains(mentions));
        }

        [Theory]
        [InlineData("Max", "long a = 1, b = 2; return (int)Math.Max(a, b);")]
        [InlineData("Abs", "long a = -1; return (int)Math.Abs(a);")]
        [InlineData("Min of a long and an int", "long a = 1; return (int)Math.Min(a, 2);")]
        [InlineData("Clamp", "long a = 1; return (int)Math.Clamp(a, 0L, 5L);")]
        public void A_Math_Call_With_A_Long_Argument_Is_Rejected_Although_It_Compiles(string what, string body)
        {
            var result = DeviceCompiler.CompileSnippet(Prelude + "public static class Probe { public static int Run() { " + body + " } }\n}");

            Assert.Empty(result.Errors);
            Assert.False(result.Success, $"Math.{what} with a long passed the device rules.");
            Assert.Contains(result.RuleViolations, v => v.Contains("long") || v.Contains("Int64"));
        }

        [Fact]
        public void A_Math_Call_With_Int_And_Double_Arguments_Passes()
        {
            var result = DeviceCompiler.CompileSnippet(Prelude + "public static class Probe { public static int Run() { int a = 1; double d = 2; return Math.Max(a, 3) + (int)Math.Sqrt(d); } }\n}");

            Assert.True(result.Success, result.Describe());
        }

        [Fact]
        public void Async_And_Await_Are_Rejected()
        {
            var result = DeviceCompiler.CompileSnippet(Prelude + @"
    public static class Probe
    {
        public static async System.Threading.Tasks.Task<int> Run() { await System.Threading.Tasks.Task.Delay(1); return 1; }
    }
}");

            Assert.False(result.Success);
            Assert.Contains(result.Errors, e => e.Id == "CS0234" && e.GetMessage().Contains("Tasks"));
            Assert.Contains(result.RuleViolations, v => v.Contains("async"));
            Assert.Contains(result.RuleViolations, v => v.Contains("await"));
        }

        [Theory]
        [InlineData("generic class", "public sealed class Ring<T> { private T[] _items = new T[4]; public T First => _items[0]; }")]
        [InlineData("generic method", "public static class Util { public static T Pick<T>(T a, T b) => a; }")]
        [InlineData("generic delegate", "public delegate void Handler<T>(T value);")]
        [InlineData("generic interface", "public interface ISource<T> { T Read(); }")]
        public void Generic_Declarations_Are_Rejected_Although_They_Compile(string what, string declaration)
        {
            var result = DeviceCompiler.CompileSnippet(Prelude + declaration + "\n}");

            Assert.Empty(result.Errors);
            Assert.False(result.Success, $"a {what} passed the device rules.");
            Assert.Contains(result.RuleViolations, v => v.Contains("generic"));
        }

        [Fact]
        public void Stackalloc_Is_Rejected()
        {
            var result = DeviceCompiler.CompileSnippet(Prelude + @"
    public static class Probe { public static int Run() { Span<byte> b = stackalloc byte[2]; return b.Length; } }
}");

            Assert.False(result.Success);
            Assert.Contains(result.RuleViolations, v => v.Contains("stackalloc"));
        }

        [Fact]
        public void Every_Surface_Member_Is_A_Declaration_Without_Behaviour()
        {
            // A surface that implements anything could hide a difference from the real package; bodies only throw.
            foreach (var entry in NanoSurface.Entries)
            {
                foreach (var file in NanoSurface.SourceFiles(entry.AssemblyName))
                {
                    var text = System.IO.File.ReadAllText(file);
                    Assert.StartsWith($"// API surface: {entry.PackageId} {entry.Version}, assembly {entry.AssemblyName}.", text);
                    var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, NanoSurface.ParseOptions);
                    var bodies = tree.GetRoot().DescendantNodes()
                        .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ArrowExpressionClauseSyntax>()
                        .Where(a => a.Expression is not Microsoft.CodeAnalysis.CSharp.Syntax.ThrowExpressionSyntax);
                    Assert.Empty(bodies.Select(b => $"{file}: {b}"));
                    var statements = tree.GetRoot().DescendantNodes()
                        .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax>()
                        .SelectMany(b => b.Statements)
                        .Where(s => s is not Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax
                        {
                            Expression: Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax
                        });
                    Assert.Empty(statements.Select(s => $"{file}: {s}"));
                }
            }
        }

        [Fact]
        public void The_Corlib_Surface_Declares_What_CoreLibrary_1_17_11_Declares_Where_It_Was_Once_Wrong()
        {
            // Facts from nanoframework/CoreLibrary at tag v1.17.11 (System/Delegate.cs, MulticastDelegate.cs, String.cs,
            // Runtime/CompilerServices/IsVolatile.cs, Collections/ArrayList.cs, Threading/Timer.cs, WaitHandle.cs, Type.cs).
            var trees = NanoSurface.SourceFiles("mscorlib").Select(p => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(System.IO.File.ReadAllText(p), NanoSurface.ParseOptions, p));
            var corlib = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("mscorlib", trees, null, NanoSurface.LibraryOptions);
            Microsoft.CodeAnalysis.INamedTypeSymbol Type(string name) => corlib.GetTypeByMetadataName(name)!;

            foreach (var name in new[] { "System.Delegate", "System.MulticastDelegate", "System.String" })
            {
                Assert.Empty(Type(name).GetMembers("GetHashCode"));
            }

            Assert.All(Type("System.Runtime.CompilerServices.IsVolatile").InstanceConstructors, c => Assert.Equal(Microsoft.CodeAnalysis.Accessibility.Private, c.DeclaredAccessibility));
            var copyTo = Type("System.Collections.ArrayList").GetMembers("CopyTo").OfType<Microsoft.CodeAnalysis.IMethodSymbol>().Single(m => m.Parameters.Length == 2);
            Assert.Equal("index", copyTo.Parameters[1].Name);
            Assert.Equal("System.MarshalByRefObject", Type("System.Threading.Timer").BaseType!.ToDisplayString());
            Assert.Equal("System.MarshalByRefObject", Type("System.Threading.WaitHandle").BaseType!.ToDisplayString());
            Assert.Equal("System.Reflection.MemberInfo", Type("System.Type").BaseType!.ToDisplayString());
            Assert.Contains(Type("System.Type").Interfaces, i => i.ToDisplayString() == "System.Reflection.IReflect");
        }
    }
}
