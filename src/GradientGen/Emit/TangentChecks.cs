using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The run-time checks at the top of a <c>…Tangent</c>: tangents of arrays (and the member arrays of tangent objects)
/// have their primals' shapes; what the method writes (spans, members) doesn't share memory with what it, or the
/// tangents, read; a tangent object the method writes into is not the object itself. A failed check throws
/// <c>ArgumentException</c> (<c>ArgumentNullException</c> for a missing tangent object) before anything is computed.
/// </summary>
internal static class TangentChecks
{
    public static void Write(CodeWriter w, MethodModel model, TangentStatements tangents)
    {
        foreach (ParameterModel p in model.Parameters)
        {
            if (p.AdjointName is not null && p.Shape is ValueShape.Vector or ValueShape.Matrix or ValueShape.StructArray)
            {
                ValueShape checkedAs = p.Shape == ValueShape.StructArray ? ValueShape.Vector : p.Shape;
                WriteShapeCheck(w, checkedAs, p.Name, tangents.ParameterTangent(p), tangents.ParameterTangent(p), nullable: p.Shape == ValueShape.Matrix);
            }
            else if (p.AdjointName is not null && p.Shape == ValueShape.Jagged)
            {
                w.Line($"global::GradientGen.Internal.JaggedArrays.CheckTangent({p.Name}, {tangents.ParameterTangent(p)}, nameof({p.Name}), nameof({tangents.ParameterTangent(p)}));");
            }
        }

        MemberWriteChecks.WriteDistinctOwners(w, model);

        // A member array the method writes must not be an array it reads as another input, as in the backward.
        MemberWriteChecks.Write(w, model);

        // A written span (or its tangent) over an array or span the method reads would change it under the method, where
        // the tangents read theirs unchanged.
        WrittenSpanChecks.Write(w, model);
        foreach (ParameterModel output in model.Parameters.Where(p => p.Written && p.AdjointName is not null))
        {
            string written = tangents.ParameterTangent(output);
            string element = WrittenSpanChecks.ElementTypeOf(model, output);
            foreach (ParameterModel input in model.Parameters.Where(p => p.Shape is ValueShape.Vector or ValueShape.StructArray && WrittenSpanChecks.ElementTypeOf(model, p) == element))
            {
                foreach (string read in input.AdjointName is null || input == output ? new[] { input.Name } : new[] { input.Name, tangents.ParameterTangent(input) })
                {
                    w.Open($"if (global::System.MemoryExtensions.Overlaps({(read == input.Name ? WrittenSpanChecks.ReadOnly(model, input) : read)}, {written}))");
                    w.Line($"throw new global::System.ArgumentException(\"'{written}' must not share memory with '{read}': the method writes '{written}' while it reads '{read}'.\", nameof({written}));");
                    w.Close();
                    w.Line();
                }
            }
        }

        // A tangent object (tThis, an object parameter's tLayer): its member arrays have the shapes of the object's, and
        // when the method writes members, neither it nor those it writes are the object's own.
        HashSet<int> writtenMembers = TangentSupport.WrittenMembers(model);
        var owners = model.Parameters.Where(p => p.IsObject && p.AdjointName is not null).ToDictionary(p => tangents.ParameterTangent(p), p => p.Name);
        foreach (string tangentObject in tangents.ObjectTangents.Concat(tangents.ShadowName is { } shadow ? [shadow] : []))
        {
            w.Line($"global::System.ArgumentNullException.ThrowIfNull({tangentObject});");
            string owner = owners.TryGetValue(tangentObject, out string? name) ? name : "this";
            List<Variable> writtenHere = model.Variables.Where(v => writtenMembers.Contains(v.Id) && tangents.TangentOf(v.Id)!.StartsWith(tangentObject + ".", System.StringComparison.Ordinal)).ToList();
            if (writtenHere.Count > 0)
            {
                w.Open($"if (ReferenceEquals({tangentObject}, {owner}))");
                w.Line($"throw new global::System.ArgumentException(\"'{tangentObject}' must be a separate object: the method writes the members of '{owner}' and their tangents into those of '{tangentObject}'.\", nameof({tangentObject}));");
                w.Close();
                w.Line();
            }

            foreach (Variable array in writtenHere.Where(v => v.Shape is not (ValueShape.Scalar or ValueShape.Struct)))
            {
                w.Open($"if (ReferenceEquals({tangents.TangentOf(array.Id)}, {array.Name}))");
                w.Line($"throw new global::System.ArgumentException(\"'{tangents.TangentOf(array.Id)}' must be another array than '{array.Name}': the method writes both.\", nameof({tangentObject}));");
                w.Close();
                w.Line();
            }

            foreach (Variable member in model.Variables)
            {
                if (tangents.TangentOf(member.Id) is not { } tangent || !tangent.StartsWith(tangentObject + ".", System.StringComparison.Ordinal))
                {
                    continue;
                }

                if (member.Shape is ValueShape.Vector or ValueShape.Matrix or ValueShape.StructArray)
                {
                    WriteShapeCheck(w, member.Shape == ValueShape.StructArray ? ValueShape.Vector : member.Shape, member.Name, tangent, tangentObject, nullable: true);
                }
                else if (member.Shape == ValueShape.Jagged)
                {
                    w.Line($"global::GradientGen.Internal.JaggedArrays.CheckTangent({member.Name}, {tangent}, \"{member.Name}\", \"{tangent}\");");
                }
            }
        }

        if (model.ReturnShape is ValueShape.Matrix or ValueShape.Jagged)
        {
            w.Line($"global::System.ArgumentNullException.ThrowIfNull({tangents.ResultName});");
        }
    }

    private static void WriteShapeCheck(CodeWriter w, ValueShape shape, string primal, string tangent, string parameter, bool nullable)
    {
        string differs = shape == ValueShape.Vector
            ? $"{tangent}.Length != {primal}.Length"
            : $"{tangent}.GetLength(0) != {primal}.GetLength(0) || {tangent}.GetLength(1) != {primal}.GetLength(1)";
        if (nullable)
        {
            differs = $"{tangent} is null || {differs}";
        }

        w.Open($"if ({differs})");
        w.Line($"throw new global::System.ArgumentException(\"'{tangent}' must have the {(shape == ValueShape.Vector ? "length" : "shape")} of '{primal}'.\", nameof({parameter}));");
        w.Close();
        w.Line();
    }
}
