using System.Linq;
using GradientGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Pointer code the lowering let through because it touches no active variable by name. Activity analysis
/// follows variables, not memory: a value written through a pointer, or a variable whose address is taken,
/// can change what reaches the result unseen (a wrong derivative); and pointer code in an unsafe block that
/// the lowering unwrapped (it also computes active values) would be copied out of its unsafe context.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>GG0010 on each such pointer operation. Runs when the lowering found nothing else to refuse.</summary>
    private void RefuseHiddenPointerCode(IOperation body)
    {
        foreach (IOperation op in body.Descendants())
        {
            switch (op)
            {
                // *p = x, p[i] += x: where the value lands is not known.
                case IAssignmentOperation assignment when IsThroughPointer(assignment.Target) && Carries(assignment.Value):
                    Report(Descriptors.PointerOperationId, assignment.Syntax, _scope.Renderer.RenderOneLine(assignment.Syntax));
                    break;

                // &x: what is written through the pointer changes x unseen.
                case IAddressOfOperation address when Carries(address.Reference):
                    Report(Descriptors.PointerOperationId, address.Syntax, _scope.Renderer.RenderOneLine(address.Syntax));
                    break;

                // Write(p, x): the callee may store the value through the pointer.
                case IInvocationOperation call when call.Arguments.Any(a => IsPointer(a.Value.Type)) && call.Arguments.Any(a => !IsPointer(a.Value.Type) && Carries(a.Value)):
                    Report(Descriptors.PointerOperationId, call.Syntax, _scope.Renderer.RenderOneLine(call.Syntax));
                    break;

                case IBlockOperation { Syntax.Parent: UnsafeStatementSyntax } block when ContainsActiveReference(block)
                    && block.Descendants().FirstOrDefault(inner => IsPointer(inner.Type)) is { } pointer:
                    Report(Descriptors.PointerOperationId, pointer.Syntax, _scope.Renderer.RenderOneLine(pointer.Syntax));
                    break;
            }
        }
    }

    /// <summary>Depends on a differentiated parameter, by any path.</summary>
    private bool Carries(IOperation value) => _scope.HiddenActiveRead(value) is not null;

    private static bool IsThroughPointer(IOperation target) => target.DescendantsAndSelf().Any(op => IsPointer(op.Type));

    private static bool IsPointer(ITypeSymbol? type) => type?.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer;
}
