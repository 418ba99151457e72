// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Balancer.Surface.Tests
{
    /// <summary>
    /// Rules that need types, not just syntax. nanoFramework's System.Math has no long overloads but Clamp, and the
    /// ESP32_BLE_REV0 image has no double-precision floating point: a Math.Max(long, long) compiles, binds to
    /// Max(float, float) and keeps 24 bits of mantissa, so a millisecond time or a microvolt sum silently loses its
    /// low digits. Any System.Math call with a long argument is refused; IntegerMath has the exact versions.
    /// </summary>
    internal static class DeviceSemanticRules
    {
        public static IEnumerable<string> Check(CSharpCompilation compilation, SyntaxTree tree)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method
                    || method.ContainingType?.ToDisplayString() != "System.Math")
                {
                    continue;
                }

                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    var type = model.GetTypeInfo(argument.Expression).Type;
                    if (type?.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt64)
                    {
                        var span = argument.GetLocation().GetLineSpan();
                        yield return $"{span.Path}({span.StartLinePosition.Line + 1}): calls Math.{method.Name} with a {type.Name} argument, "
                            + $"which nanoFramework converts to {method.Parameters[0].Type.Name} (24-bit mantissa on the ESP32); use IntegerMath";
                        break;
                    }
                }
            }
        }
    }
}
