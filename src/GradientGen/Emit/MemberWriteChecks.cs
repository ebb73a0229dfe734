using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Run-time checks for the member arrays a method writes (<c>Activations[i] = …</c>): such an array must not be an
/// array parameter's memory or another member's array, which the analysis takes for separate variables. The method
/// would change what the derivative reads as an input. Also gives back, after the reverse sweep, the final values of
/// the float members it restored (<see cref="MethodModel.FinalMembers"/>).
/// </summary>
internal static class MemberWriteChecks
{
    public static void Write(CodeWriter w, MethodModel model)
    {
        var parameterIds = new HashSet<int>(model.Parameters.Select(p => p.VariableId));
        bool IsMember(Variable v) => v.Role == VariableRole.Parameter && !parameterIds.Contains(v.Id);
        var written = new SortedSet<int>();
        CollectWrittenArrays(model.Body, written);
        var checkedPairs = new HashSet<(int, int)>();
        foreach (Variable m in written.Select(id => model.Variables[id]).Where(v => IsMember(v) && v.Shape is ValueShape.Vector or ValueShape.Matrix))
        {
            string keyword = Analysis.SymbolFacts.KeywordFor(m.Kind);
            foreach (ParameterModel p in model.Parameters.Where(p => !p.IsObject && p.Shape == m.Shape && p.Kind == m.Kind))
            {
                string overlaps = m.Shape == ValueShape.Vector
                    ? $"global::System.MemoryExtensions.Overlaps((global::System.ReadOnlySpan<{keyword}>){p.Name}, (global::System.ReadOnlySpan<{keyword}>){m.Name})"
                    : $"ReferenceEquals({p.Name}, {m.Name})";
                w.Open($"if ({overlaps})");
                w.Line($"throw new global::System.ArgumentException(\"'{p.Name}' must not share memory with '{m.Name}': the method writes '{m.Name}' while its derivative reads '{p.Name}'.\", nameof({p.Name}));");
                w.Close();
                w.Line();
            }

            foreach (Variable other in model.Variables.Where(v => v.Id != m.Id && IsMember(v) && v.Shape == m.Shape && v.Kind == m.Kind))
            {
                if (checkedPairs.Add((System.Math.Min(m.Id, other.Id), System.Math.Max(m.Id, other.Id))))
                {
                    // Length, not a null test, which would teach the nullable analysis that the member may be null.
                    w.Open($"if (ReferenceEquals({m.Name}, {other.Name}) && {m.Name}.Length > 0)");
                    w.Line($"throw new global::System.ArgumentException(\"'{m.Name}' must not be the array '{other.Name}': the method writes '{m.Name}' while its derivative reads '{other.Name}' as another array.\");");
                    w.Close();
                    w.Line();
                }
            }
        }
    }

    /// <summary>
    /// Two objects, one of whose members the method writes (<c>Step(Body a, Body b)</c> setting <c>a.V</c> from
    /// <c>b.X</c>): the analysis takes <c>a.X</c> and <c>b.X</c> for two variables, which they are only when the
    /// objects are two. Objects only read may be one (their adjoints add up). Checked whatever the declared types,
    /// as one may derive from the other.
    /// </summary>
    public static void WriteDistinctOwners(CodeWriter w, MethodModel model)
    {
        var writtenOwners = new HashSet<string>(TangentSupport.WrittenMembers(model).Select(id => OwnerOf(model.Variables[id].Name)));
        var owners = new List<string>();
        if (model.ShadowName is not null)
        {
            owners.Add("this");
        }

        owners.AddRange(model.Parameters.Where(p => p.IsObject).Select(p => p.Name));
        for (int second = 1; second < owners.Count; second++)
        {
            for (int first = 0; first < second; first++)
            {
                (string a, string b) = (owners[first], owners[second]);
                if (!writtenOwners.Contains(a) && !writtenOwners.Contains(b))
                {
                    continue;
                }

                string written = writtenOwners.Contains(a) ? a : b;
                string other = written == a ? b : a;
                w.Open($"if (ReferenceEquals({a}, {b}))");
                w.Line($"throw new global::System.ArgumentException(\"'{b}' must not be '{a}': the method writes the members of '{written}' while its derivative reads those of '{other}' as another object's.\"{(b == "this" ? string.Empty : $", nameof({b})")});");
                w.Close();
                w.Line();
            }
        }
    }

    // A member variable is named owner.Member (this.W, layer.W).
    private static string OwnerOf(string memberName) => memberName.Substring(0, memberName.IndexOf('.'));

    /// <summary>Whether the method writes members of this or of an object parameter (float members or member arrays' elements).</summary>
    public static bool WritesMembers(MethodModel model)
    {
        var parameterIds = new HashSet<int>(model.Parameters.Select(p => p.VariableId));
        var written = new SortedSet<int>();
        CollectWrittenArrays(model.Body, written, scalars: true);
        return written.Any(id => model.Variables[id].Role == VariableRole.Parameter && !parameterIds.Contains(id));
    }

    /// <summary>At the end of the forward sweep: the final values of the float members the reverse sweep restores.</summary>
    public static void KeepFinalValues(CodeWriter w, MethodModel model)
    {
        if (!model.FinalMembers.IsEmpty)
        {
            w.Line("// The members the reverse sweep restores, as the method leaves them.");
        }

        foreach (FinalMember final in model.FinalMembers)
        {
            Variable v = model.Variables[final.VariableId];
            if (v.Shape == ValueShape.Vector)
            {
                // A member array a call writes (WritingCallStmt): its contents, in a pooled copy.
                string element = Analysis.SymbolFacts.KeywordFor(v.Kind);
                w.Line($"{element}[] {final.LocalName} = global::System.Buffers.ArrayPool<{element}>.Shared.Rent({v.Name}.Length);");
                w.Line($"{v.Name}.CopyTo({final.LocalName}, 0);");
                continue;
            }

            w.Line($"{v.TypeName} {final.LocalName} = {v.Name};");
        }
    }

    /// <summary>At the end of the reverse sweep: the object is left as the method leaves it.</summary>
    public static void GiveBackFinalValues(CodeWriter w, MethodModel model)
    {
        if (!model.FinalMembers.IsEmpty)
        {
            w.Line("// The object as the method leaves it.");
        }

        foreach (FinalMember final in model.FinalMembers)
        {
            Variable v = model.Variables[final.VariableId];
            if (v.Shape == ValueShape.Vector)
            {
                w.Line($"global::System.MemoryExtensions.AsSpan({final.LocalName}, 0, {v.Name}.Length).CopyTo({v.Name});");
                w.Line($"global::System.Buffers.ArrayPool<{Analysis.SymbolFacts.KeywordFor(v.Kind)}>.Shared.Return({final.LocalName});");
                continue;
            }

            w.Line($"{v.Name} = {final.LocalName};");
        }
    }

    /// <param name="scalars">Also the variables assigned as a whole (float members).</param>
    private static void CollectWrittenArrays(IEnumerable<Stmt> body, SortedSet<int> written, bool scalars = false)
    {
        foreach (Stmt s in body.Flattened())
        {
            switch (s)
            {
                case ElementAssignStmt store:
                    written.Add(store.Array);
                    break;
                case AssignStmt assign when scalars:
                    written.Add(assign.Target);
                    break;
                case WritingCallStmt call:
                    written.UnionWith(call.Arrays);
                    if (scalars)
                    {
                        written.UnionWith(call.Written);
                    }

                    break;
            }
        }
    }
}
