// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Balancer.Surface.Tests
{
    /// <summary>
    /// Rules the compiler cannot enforce from the surface alone. A generic declaration compiles against any corlib,
    /// yet nanoFramework 1.x cannot load it; the same holds for generic instantiations of the few generic delegates
    /// mscorlib 1.17 declares. stackalloc (no localloc in the interpreter) and unsafe code are refused too.
    /// </summary>
    internal sealed class DeviceRules : CSharpSyntaxWalker
    {
        private readonly List<string> _violations = new();

        private DeviceRules()
        {
        }

        public static IReadOnlyList<string> Check(SyntaxTree tree)
        {
            var rules = new DeviceRules();
            rules.Visit(tree.GetRoot());
            return rules._violations;
        }

        public override void VisitTypeParameterList(TypeParameterListSyntax node)
        {
            Report(node, "declares a generic type or method (nanoFramework 1.x has no generics)");
            base.VisitTypeParameterList(node);
        }

        public override void VisitGenericName(GenericNameSyntax node)
        {
            Report(node, $"uses the generic type or method '{node.Identifier.Text}<…>' (nanoFramework 1.x has no generics)");
            base.VisitGenericName(node);
        }

        public override void VisitAwaitExpression(AwaitExpressionSyntax node)
        {
            Report(node, "uses await (nanoFramework has no Task)");
            base.VisitAwaitExpression(node);
        }

        public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            if (node.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                Report(node.Identifier, "is declared async (nanoFramework has no Task)");
            }

            if (node.Modifiers.Any(SyntaxKind.UnsafeKeyword))
            {
                Report(node.Identifier, "is declared unsafe");
            }

            base.VisitMethodDeclaration(node);
        }

        public override void VisitQueryExpression(QueryExpressionSyntax node)
        {
            Report(node, "uses a LINQ query (nanoFramework has no System.Linq)");
            base.VisitQueryExpression(node);
        }

        public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
        {
            Report(node, "uses stackalloc (allocate the buffer once in the constructor instead)");
            base.VisitStackAllocArrayCreationExpression(node);
        }

        public override void VisitUnsafeStatement(UnsafeStatementSyntax node)
        {
            Report(node, "uses an unsafe block");
            base.VisitUnsafeStatement(node);
        }

        private void Report(SyntaxNode node, string message) => Report(node.GetLocation(), message);

        private void Report(SyntaxToken token, string message) => Report(token.GetLocation(), message);

        private void Report(Location location, string message)
        {
            var span = location.GetLineSpan();
            _violations.Add($"{span.Path}({span.StartLinePosition.Line + 1}): {message}");
        }
    }
}
