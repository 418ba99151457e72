// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Balancer.Surface.Tests.Hardware
{
    /// <summary>
    /// The numbers in firmware/Balancer.Device/Board/BoardPins.cs, read from its syntax tree (the device project does
    /// not build on the host): each constant or array by name, "Relays[3]" for an element. A constant that names
    /// another constant (FirstIna219Address = ReferenceBoard.FirstIna219Address) is followed into the core's source.
    /// </summary>
    internal static class BoardPinsSource
    {
        public static string DefaultPath =>
            Path.Combine(RepositoryLayout.Root, "firmware", "Balancer.Device", "Board", "BoardPins.cs");

        private static string ReferenceBoardPath =>
            Path.Combine(RepositoryLayout.Root, "firmware", "Balancer.Core", "Control", "ReferenceBoard.cs");

        public static IReadOnlyDictionary<string, int> Load() => Parse(File.ReadAllText(DefaultPath));

        public static IReadOnlyDictionary<string, int> Parse(string source)
        {
            var values = new Dictionary<string, int>();
            foreach (var variable in Fields(source))
            {
                var name = variable.Identifier.Text;
                var value = variable.Initializer?.Value;
                if (value is InitializerExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax)
                {
                    var elements = value.DescendantNodesAndSelf().OfType<InitializerExpressionSyntax>().First().Expressions;
                    for (var i = 0; i < elements.Count; i++)
                    {
                        values[$"{name}[{i}]"] = Evaluate(elements[i]);
                    }
                }
                else if (value != null)
                {
                    values[name] = Evaluate(value);
                }
            }

            return values;
        }

        private static IEnumerable<VariableDeclaratorSyntax> Fields(string source) =>
            CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>()
                .SelectMany(f => f.Declaration.Variables);

        private static int Evaluate(ExpressionSyntax expression) => expression switch
        {
            LiteralExpressionSyntax literal => Convert.ToInt32(literal.Token.Value),
            MemberAccessExpressionSyntax member => Constant(member.Name.Identifier.Text),
            IdentifierNameSyntax identifier => Constant(identifier.Identifier.Text),
            _ => throw new InvalidOperationException($"BoardPins: cannot read '{expression}' as a number"),
        };

        /// <summary>A numeric constant of firmware/Balancer.Core/Control/ReferenceBoard.cs.</summary>
        public static int ReadReferenceBoardConstant(string name) => Constant(name);

        private static int Constant(string name)
        {
            var field = Fields(File.ReadAllText(ReferenceBoardPath)).FirstOrDefault(v => v.Identifier.Text == name)
                ?? throw new InvalidOperationException($"{name} is not a constant of ReferenceBoard");
            return Evaluate(field.Initializer!.Value);
        }
    }
}
