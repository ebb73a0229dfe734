using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Run-time checks for the spans a method writes its outputs into (<see cref="ParameterModel.Written"/>): such a span
/// over the memory of an array or span the method reads would change that input under the derivative, which reads
/// it as it was. Only spans of one element type are compared: memory of two element types aliases only through an
/// unsafe reinterpretation (<c>MemoryMarshal.Cast</c>), which the derivative doesn't follow.
/// </summary>
internal static class WrittenSpanChecks
{
    public static void Write(CodeWriter w, MethodModel model)
    {
        foreach (ParameterModel output in model.Parameters.Where(p => p.Written))
        {
            string element = ElementTypeOf(model, output);
            foreach (ParameterModel input in model.Parameters.Where(p => p != output && p.Shape is ValueShape.Vector or ValueShape.StructArray && ElementTypeOf(model, p) == element))
            {
                w.Open($"if (global::System.MemoryExtensions.Overlaps({ReadOnly(model, input)}, {output.Name}))");
                w.Line($"throw new global::System.ArgumentException(\"'{output.Name}' must not share memory with '{input.Name}': the method writes '{output.Name}' while its derivative reads '{input.Name}'.\", nameof({output.Name}));");
                w.Close();
                w.Line();
            }
        }
    }

    /// <summary>A vector or struct-array parameter as a read-only span.</summary>
    public static string ReadOnly(MethodModel model, ParameterModel p) => p.Shape == ValueShape.StructArray
        ? $"(global::System.ReadOnlySpan<{ElementTypeOf(model, p)}>){p.Name}"
        : Analysis.FloatLists.AsReadOnlySpan(p.Name, p.TypeName, p.Kind);

    public static string ElementTypeOf(MethodModel model, ParameterModel p) => Atoms.ElementTypeOf(model.Variables[p.VariableId]);
}
