using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Emit;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Second order for a scalar-valued method of scalar and vector parameters: the method's forward mode as an IR
/// program (<see cref="TangentProgram"/>), whose result is the directional derivative ∇M·t, differentiated again
/// by the reverse-mode machinery. Its backward, <c>…TangentBackward</c>, adds dResult·∇(∇M·t) = dResult·H·t into
/// the parameters' adjoints: a Hessian-vector product in one forward and one reverse sweep (reverse over forward),
/// from which <c>…HessianVectorProduct</c> and <c>…Hessian</c> (one product per column) are written.
/// </summary>
internal static class SecondOrder
{
    /// <summary>The model of <c>…TangentBackward</c>, or why there is none.</summary>
    /// <param name="lowered">The method's IR before the save analysis (the engine's saves are its own).</param>
    /// <param name="takenName">A member of the type that has one of the names second order would use, if any.</param>
    public static (SecondOrderModel? Engine, string? Refusal) Build(MethodModel model, int resultVariable, NameAllocator names, ImmutableArray<Stmt> lowered, string? takenName)
    {
        if (Refusal(model, takenName) is { } refusal)
        {
            return (null, refusal);
        }

        List<ParameterModel> active = model.Parameters.Where(p => p.AdjointName is not null).ToList();
        string tangentResultName = names.Allocate("tResult");
        var program = TangentProgram.Build(model.Variables, active.Select(p => p.VariableId).ToList(), resultVariable, names, lowered);
        if (program.Refusal is { } why)
        {
            return (null, why);
        }

        // The directional derivative is the result now: its adjoint is the caller's dResult. The method's own
        // result is an intermediate value like any other, with an adjoint of its own.
        int tangentResult = program.TangentOf(resultVariable)!.Value;
        var variables = program.Variables.ToList();
        for (int id = 0; id < variables.Count; id++)
        {
            Variable v = variables[id];
            if (!v.Active)
            {
                variables[id] = v with { AdjointName = null, AdjointBufferName = null };
            }
            else if (id == tangentResult)
            {
                variables[id] = v with { AdjointName = v.Active ? model.ResultAdjointName : null };
            }
            else if (v.Active && (v.AdjointName is null || v.AdjointName == model.ResultAdjointName))
            {
                // The method's result is a value like any other here; 'dResult' is the directional derivative's.
                string name = names.Allocate(id == resultVariable ? "dValue" : SymbolFacts.AdjointNameFor(v.Name));
                variables[id] = v with { AdjointName = name, AdjointBufferName = v.Shape == ValueShape.Vector ? names.Allocate(name + "Buffer") : null };
            }
        }

        (ImmutableArray<Stmt> saved, ImmutableArray<ValueStackModel> stacks) = SaveAnalysis.Apply(variables, tangentResult, names, program.Body, isMember: _ => false, fuse: false); // Objects have no second order.
        ImmutableArray<Stmt> body = InvariantAdjointElements.Hold(variables, names, _ => false, saved);
        var parameters = model.Parameters.ToList();
        foreach (ParameterModel p in active)
        {
            Variable t = variables[program.TangentOf(p.VariableId)!.Value];
            parameters.Add(new ParameterModel(t.Id, t.Name, t.TypeName, t.Kind, t.Shape, AdjointName: null, AdjointTypeName: string.Empty, BodyAdjointName: null));
        }

        MethodModel engine = model with
        {
            BackwardName = model.Name + "TangentBackward",
            GradientName = null,
            JacobianName = null,
            TangentName = null,
            Parameters = parameters.ToEquatableArray(),
            Variables = variables.ToEquatableArray(),
            Body = body.ToEquatableArray(),
            Stacks = stacks.ToEquatableArray(),
            SlotBuffers = EquatableArray<SlotBufferModel>.Empty,
            TapeName = null,
            Split = null,
        };
        return (new SecondOrderModel(engine, tangentResultName, tangentResult, names.Allocate("value")), null);
    }

    /// <summary>The names second order gives its methods, after the method's own name (from the fourth: the derivatives of <c>…Gradient</c>, <c>…Tangent</c> and <c>…Backward</c>).</summary>
    public static readonly string[] Suffixes =
        ["TangentBackward", "HessianVectorProduct", "Hessian", "GradientBackward", "GradientTangent", "ValueAndTangent", "ValueAndTangentBackward", "ValueAndTangentTangent",
            "BackwardTuple", "BackwardTupleBackward", "BackwardTupleTangent"];

    /// <summary>Why the method's shape has no second order (before its body is looked at), or null.</summary>
    private static string? Refusal(MethodModel model, string? takenName)
    {
        if (TangentSupport.Refusal(model) is { } noTangent)
        {
            return noTangent;
        }

        if (model.ReturnShape != ValueShape.Scalar)
        {
            return "it doesn't return a single floating-point value (a Hessian is of a scalar function)";
        }

        if (model.ShadowName is not null || model.Parameters.Any(p => p.IsObject))
        {
            return "it reads the members of an object; second order doesn't follow objects yet";
        }

        if (model.StructThisAdjoint is not null)
        {
            return "it is an instance method of a struct; second order doesn't follow structs yet";
        }

        if (model.Parameters.FirstOrDefault(p => p.AdjointName is not null && p.Shape is not (ValueShape.Scalar or ValueShape.Vector or ValueShape.Matrix)) is { } other)
        {
            return $"its parameter '{other.Name}' is not a floating-point value, vector or matrix; second order takes those only";
        }

        if (!model.Parameters.Any(p => p.AdjointName is not null))
        {
            return "it has no parameter to differentiate with respect to";
        }

        return takenName is not null ? $"the type already has a member named '{takenName}'; rename that member to get one" : null;
    }
}
