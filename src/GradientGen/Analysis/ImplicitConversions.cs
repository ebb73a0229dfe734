using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>What an operation is under the conversions C# inserts on its own (an array passed as a span, an int as a double).</summary>
internal static class ImplicitConversions
{
    [return: NotNullIfNotNull(nameof(operation))]
    public static IOperation? Unwrapped(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
