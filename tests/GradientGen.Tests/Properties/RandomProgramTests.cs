using System.Globalization;
using System.Reflection;
using CsCheck;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Properties;

/// <summary>
/// Random programs (assignments, Math calls, branches, bounded loops, overwrites, early returns, calls to
/// differentiable helpers, values taken through structs, tuples, record structs, readonly record structs and Complex numbers, local functions and lambdas, strings spanning lines, #pragma/#nullable/#if directives, sums hundreds of terms
/// deep, keyword names written with '@') compiled with the generator, warnings as errors and nullable
/// enabled: every backward must match central finite differences on random inputs. 1,000 programs per run,
/// in batches of 100 per compilation, each batch in another kind of type (static class, struct, record,
/// record struct, nested in a generic class, nested in a class in the namespace '@namespace', named '@class')
/// or written as generic math (members of a generic type using its T : IFloatingPointIeee754&lt;T&gt;, or generic
/// methods, checked at T = double), or as instance methods of a class whose float, array and jagged-array fields
/// they read (their adjoints in dThis checked against differences that move each member); a failure is shrunk to
/// a smallest program that still fails and printed.
/// </summary>
public class RandomProgramTests
{
    private const int BatchSize = 100;
    private const int Batches = 10;
    private const int PointsPerProgram = 3;

    [Fact]
    public void A_thousand_random_programs_have_gradients_that_match_finite_differences()
    {
        int checkedPoints = 0, secondOrderPoints = 0, batchIndex = 0;
        Gen.Select(Gen.Int, Gen.Int[1, 4]).Array[BatchSize].Sample(
            batch =>
            {
                RandomProgram[] programs = batch.Select(p => ProgramGenerator.Generate(p.Item1, p.Item2)).ToArray();
                // Each batch in another kind of containing type: ten batches cover all ten.
                var container = (Container)(batchIndex++ % Enum.GetValues<Container>().Length);
                (int points, int secondOrder) = CheckBatch(programs, container, seed: batch[0].Item1);
                checkedPoints += points;
                secondOrderPoints += secondOrder;
            },
            iter: Batches,
            threads: 1);

        // Points next to a kink or a branch switch are skipped; nearly all must have been checked.
        Assert.True(checkedPoints > Batches * BatchSize * PointsPerProgram * 9 / 10, $"only {checkedPoints} points could be checked");

        // Second order is generated for the programs that call no other [Differentiable] method: about a fifth of the
        // points (560 to 700 of 3,000 in the runs seen); a tenth is the floor.
        Assert.True(secondOrderPoints > Batches * BatchSize * PointsPerProgram / 10, $"only {secondOrderPoints} points had their Hessian-vector product checked");
    }

    /// <summary>Checks every program of a batch; on a mismatch, throws with the shrunk program.</summary>
    private static (int Points, int SecondOrder) CheckBatch(RandomProgram[] programs, Container container, int seed)
    {
        Assembly assembly;
        try
        {
            assembly = GeneratorHarness.CompileAndLoad(RandomProgram.Source(programs, container));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Find the program that doesn't compile (or isn't generated), shrink it, and show it alone.
            RandomProgram culprit = programs.FirstOrDefault(p => Fails(p, container, point: null)) ?? programs[0];
            throw new InvalidOperationException($"Generated code failed ({container}): {e.Message.Split('\n')[0]}\nShrunk program:\n{RandomProgram.Source([ShrinkFailure(culprit, container, point: null)], container)}", e);
        }

        var random = new Random(seed);
        var directions = new Random(seed ^ 0x5eed);
        int checkedPoints = 0, secondOrderPoints = 0;
        for (int i = 0; i < programs.Length; i++)
        {
            double[][] points = Enumerable.Range(0, PointsPerProgram)
                .Select(_ => new[] { random.NextDouble() * 3 - 1.5, random.NextDouble() * 3 - 1.5, random.Next(5) })
                .ToArray();
            string name = "P" + i.ToString(CultureInfo.InvariantCulture);
            if (RandomProgram.ProgramsType(assembly, container).GetMethod(name + "Backward") is null)
            {
                // Refused: every random program is meant to be differentiable, so the refusal is the bug.
                string source = RandomProgram.Source([programs[i]], container);
                throw new InvalidOperationException($"No backward was generated ({container}): {string.Join("; ", GeneratorHarness.AnalyzerDiagnostics(source).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))}\n{source}");
            }

            if (RandomProgram.ProgramsType(assembly, container).GetMethod(name + "Tangent") is null)
            {
                // Every random program is meant to have a forward mode too (its helpers are [Differentiable]).
                string source = RandomProgram.Source([programs[i]], container);
                throw new InvalidOperationException($"No tangent was generated ({container}): {string.Join("; ", GeneratorHarness.AnalyzerDiagnostics(source).Where(d => d.Id == "GG0016"))}\n{source}");
            }

            Type type = RandomProgram.ProgramsType(assembly, container);
            var f = new Differentiated(type, name, RandomProgram.MethodTypeArguments(container));
            var tangent = new Tangented(type, name, RandomProgram.MethodTypeArguments(container));
            HessianProduct? hessian = HessianProduct.Exists(type, name) ? new HessianProduct(type, name, RandomProgram.MethodTypeArguments(container)) : null;
            foreach (double[] point in points)
            {
                double[] direction = [directions.NextDouble() * 2 - 1, directions.NextDouble() * 2 - 1];
                switch (Check(f, tangent, point, direction))
                {
                    case Outcome.Match:
                        checkedPoints++;
                        switch (hessian is null ? null : CheckSecondOrder(f, hessian, point, direction))
                        {
                            case Outcome.Match:
                                secondOrderPoints++;
                                break;
                            case Outcome.Mismatch second:
                                throw new InvalidOperationException($"Second-order mismatch at (x, y, n) = ({string.Join(", ", point)}): {second.Detail}\n{RandomProgram.Source([programs[i]], container)}");
                        }

                        break;
                    case Outcome.Mismatch mismatch:
                        RandomProgram smallest = ShrinkFailure(programs[i], container, point, direction);
                        throw new InvalidOperationException(
                            $"Mismatch at (x, y, n) = ({string.Join(", ", point)}): {mismatch.Detail}\nShrunk program:\n{RandomProgram.Source([smallest], container)}");
                }
            }
        }

        return (checkedPoints, secondOrderPoints);
    }

    private abstract record Outcome
    {
        public sealed record Match : Outcome;

        public sealed record Skipped : Outcome;

        public sealed record Mismatch(string Detail) : Outcome;
    }

    /// <summary>
    /// Compares the backward with central differences at two step sizes. Where the two differences
    /// disagree the point sits by a kink or a branch switch, where finite differences mean nothing: skip it.
    /// </summary>
    private static Outcome Check(Differentiated f, double[] point)
    {
        (double value, double[] adjoints) = f.Backprop(point);
        if (!double.IsFinite(value) || adjoints.Any(a => !double.IsFinite(a)))
        {
            return new Outcome.Skipped();
        }

        if (value != f.Value(point))
        {
            return new Outcome.Mismatch($"backward returned {value:R}, the method {f.Value(point):R}");
        }

        for (int arg = 0; arg < 2; arg++)
        {
            double coarse = f.FiniteDifference(point, arg, 1e-5), fine = f.FiniteDifference(point, arg, 1e-6);
            double scale = Math.Max(1, Math.Abs(fine));
            // A value so large that its rounding over the step exceeds the tolerance (a Pow of a Pow reaching 1e42):
            // both differences are rounding, often exactly 0, and agree with each other, not with the derivative.
            bool unresolved = Math.Abs(value) * 1e-15 / 1e-6 > 1e-5 * scale;
            if (unresolved || Math.Abs(coarse - fine) > 1e-4 * scale || JumpsAt(f, point, arg, value, scale))
            {
                return new Outcome.Skipped();
            }

            if (Math.Abs(adjoints[arg] - fine) > 1e-5 * scale)
            {
                return new Outcome.Mismatch($"d/d{(arg == 0 ? "x" : "y")}: backward {adjoints[arg]:R}, finite differences {fine:R}");
            }
        }

        return f.LastShadow is { } shadow ? CheckMembers(f, point, shadow) : new Outcome.Match();
    }

    /// <summary>The adjoints the backward added into <c>dThis</c>, against central differences that move each member of the object.</summary>
    private static Outcome CheckMembers(Differentiated f, double[] point, object shadow)
    {
        var members = ShadowObjects.Slots(f.Instance!);
        var adjoints = ShadowObjects.Slots(shadow);
        for (int k = 0; k < members.Count; k++)
        {
            (string name, Func<double> get, Action<double> set) = members[k];
            double original = get();
            double Difference(double h)
            {
                set(original + h);
                double plus = f.Value(point);
                set(original - h);
                double minus = f.Value(point);
                set(original);
                return (plus - minus) / (2 * h);
            }

            // One-sided differences that disagree: the point sits on a branch switch decided by rounding (JumpsAt).
            double value = f.Value(point);
            set(original + 1e-6);
            double forward = (f.Value(point) - value) / 1e-6;
            set(original - 1e-6);
            double backward = (value - f.Value(point)) / 1e-6;
            set(original);
            double coarse = Difference(1e-5), fine = Difference(1e-6);
            double scale = Math.Max(1, Math.Abs(fine));
            if (Math.Abs(coarse - fine) > 1e-4 * scale || Math.Abs(forward - backward) > 1e-2 * scale)
            {
                return new Outcome.Skipped();
            }

            if (Math.Abs(adjoints[k].Get() - fine) > 1e-5 * scale)
            {
                return new Outcome.Mismatch($"d/d{name}: backward {adjoints[k].Get():R}, finite differences {fine:R}");
            }
        }

        return new Outcome.Match();
    }

    /// <summary>
    /// Whether the method jumps at the point itself: a comparison decided by rounding (<c>Min(y, b) &gt; x - y</c>
    /// with <c>x - y</c> equal to b up to an ulp) can send the point into one branch and every shifted point into
    /// the other, where the central differences agree with each other and not with the point's branch. Then the
    /// one-sided differences disagree by the jump over h.
    /// </summary>
    private static bool JumpsAt(Differentiated f, double[] point, int arg, double value, double scale)
    {
        const double h = 1e-6;
        double[] plus = (double[])point.Clone(), minus = (double[])point.Clone();
        plus[arg] += h;
        minus[arg] -= h;
        double forward = (f.Value(plus) - value) / h, backward = (value - f.Value(minus)) / h;
        return Math.Abs(forward - backward) > 1e-2 * scale;
    }

    /// <summary>
    /// Where the backward matched: the tangent along a random direction v returns the primal's value and
    /// ⟨∇f, v⟩, the backward's gradient in that direction (forward and reverse mode agree).
    /// </summary>
    private static Outcome Check(Differentiated f, Tangented tangent, double[] point, double[] direction)
    {
        if (Check(f, point) is not Outcome.Match and var outcome)
        {
            return outcome;
        }

        (double _, double[] gradient) = f.Backprop(point);
        (double value, double jvp) = tangent.Jvp(point, direction);
        if (value != f.Value(point))
        {
            return new Outcome.Mismatch($"tangent returned {value:R}, the method {f.Value(point):R}");
        }

        if (!double.IsFinite(jvp))
        {
            // A partial derivative undefined at the point (Atan2(0, 0): 0/0) times a tangent that is zero there gives
            // NaN in forward mode (0·NaN), as in JAX; the backward drops it when the adjoint it went into is cleared.
            return new Outcome.Skipped();
        }

        double expected = (gradient[0] * direction[0]) + (gradient[1] * direction[1]);
        double scale = Math.Max(1, Math.Abs(gradient[0]) + Math.Abs(gradient[1]));
        return Math.Abs(jvp - expected) <= 1e-9 * scale
            ? new Outcome.Match()
            : new Outcome.Mismatch($"tangent along ({direction[0]:R}, {direction[1]:R}): {jvp:R}, the backward's gradient gives {expected:R}");
    }

    /// <summary>
    /// Where the gradient matched: the Hessian-vector product along v equals the central difference of the
    /// backward's gradient along v, (∇f(p + hv) − ∇f(p − hv)) / 2h, at two step sizes that must agree (otherwise
    /// the point is by a kink of the gradient and is skipped).
    /// </summary>
    private static Outcome CheckSecondOrder(Differentiated f, HessianProduct hessian, double[] point, double[] direction)
    {
        (double value, double[] product) = hessian.Hvp(point, direction);
        if (value != f.Value(point))
        {
            return new Outcome.Mismatch($"the Hessian-vector product returned {value:R}, the method {f.Value(point):R}");
        }

        double[] Difference(double h)
        {
            double[] plus = [point[0] + (h * direction[0]), point[1] + (h * direction[1]), point[2]];
            double[] minus = [point[0] - (h * direction[0]), point[1] - (h * direction[1]), point[2]];
            double[] gp = f.Backprop(plus).Adjoints, gm = f.Backprop(minus).Adjoints;
            return [(gp[0] - gm[0]) / (2 * h), (gp[1] - gm[1]) / (2 * h)];
        }

        double[] coarse = Difference(1e-4), fine = Difference(1e-5);
        for (int k = 0; k < 2; k++)
        {
            double scale = Math.Max(1, Math.Abs(fine[k]));
            if (!double.IsFinite(product[k]) || !double.IsFinite(fine[k]) || Math.Abs(coarse[k] - fine[k]) > 1e-3 * scale)
            {
                return new Outcome.Skipped();
            }

            if (Math.Abs(product[k] - fine[k]) > 1e-4 * scale)
            {
                return new Outcome.Mismatch($"(H·v)[{k}] along ({direction[0]:R}, {direction[1]:R}): {product[k]:R}, finite differences of the gradient {fine[k]:R}");
            }
        }

        return new Outcome.Match();
    }

    /// <summary>
    /// Greedily removes statements and replaces expressions by subexpressions while the program still fails, for a
    /// minute at most (each try compiles a program): a failure is reported, shrunk as far as it got, in good time.
    /// </summary>
    private static RandomProgram ShrinkFailure(RandomProgram program, Container container, double[]? point, double[]? direction = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (bool progress = true; progress && clock.Elapsed < TimeSpan.FromMinutes(1);)
        {
            progress = false;
            foreach (RandomProgram candidate in program.Smaller().OfType<RandomProgram>())
            {
                if (Fails(candidate, container, point, direction))
                {
                    program = candidate;
                    progress = true;
                    break;
                }
            }
        }

        return program;
    }

    /// <summary>Whether the program fails to compile, or (given a point) mismatches there.</summary>
    private static bool Fails(RandomProgram program, Container container, double[]? point, double[]? direction = null)
    {
        try
        {
            Type type = RandomProgram.ProgramsType(GeneratorHarness.CompileAndLoad(RandomProgram.Source([program], container)), container);
            var f = new Differentiated(type, "P0", RandomProgram.MethodTypeArguments(container));
            return point is not null && (direction is null ? Check(f, point) : Check(f, new Tangented(type, "P0", RandomProgram.MethodTypeArguments(container)), point, direction)) is Outcome.Mismatch;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Failing to compile is the failure being shrunk only when it was the original one.
            return point is null;
        }
    }
}
