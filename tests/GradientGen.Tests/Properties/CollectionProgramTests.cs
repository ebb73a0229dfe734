using System.Globalization;
using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Properties;

/// <summary>
/// Random programs over collections and objects (<see cref="CollectionProgram"/>): a jagged array with rows of
/// different lengths (one empty), an array of Vector3, an array of a user's struct, as parameters or as fields
/// of <c>this</c> with a settable double field (and of a second object of its class, <c>other</c>); loops over rows and elements, foreach over struct arrays, vector
/// expressions on whole elements, branches, early returns, local accumulators, calls to helpers that take the
/// collections on, array locals that name arrays (a helper's, then a new one per iteration, or a helper's layer of it), and outputs written into a <c>Span&lt;double&gt;</c> (void methods too). Every backward must
/// match central finite differences along every floating input, flattened (each element of w, each member of
/// each element of p and q, x, Scale, y's entry values), where the checked value is the result, or with an
/// output 0.5·result + Σ weights·y: y's adjoint comes in as the weights and must leave as the adjoint of its
/// entry values. Vector3's members are floats: along those, the steps are powers of two at float scale on
/// points that sit on a float grid, and the tolerance is a float's. 400 programs, 100 per compilation; a
/// failure is shrunk to a smallest program and printed.
/// </summary>
public class CollectionProgramTests
{
    private const int BatchSize = 100;
    private const int Batches = 8;
    private const int PointsPerProgram = 3;

    [Fact]
    public void Random_programs_over_jagged_arrays_struct_arrays_objects_and_output_spans_match_finite_differences()
    {
        // Fixed seeds, so the test is deterministic; COLLECTION_PROGRAM_SEED and COLLECTION_PROGRAM_BATCHES explore more.
        int baseSeed = int.Parse(Environment.GetEnvironmentVariable("COLLECTION_PROGRAM_SEED") ?? "13", CultureInfo.InvariantCulture);
        int batches = int.Parse(Environment.GetEnvironmentVariable("COLLECTION_PROGRAM_BATCHES") ?? Batches.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var seeds = new Random(baseSeed);
        int checkedPoints = 0, readingAnotherObject = 0;
        for (int batch = 0; batch < batches; batch++)
        {
            (int Seed, int Size)[] specs = [.. Enumerable.Range(0, BatchSize).Select(_ => (seeds.Next(), 1 + seeds.Next(4)))];
            CollectionProgram[] programs = [.. specs.Select(s => CollectionProgramGenerator.Generate(s.Seed, s.Size))];
            readingAnotherObject += programs.Count(p => p.Shape.Other && CollectionProgram.UserSource([p]).Contains("other.", StringComparison.Ordinal));
            checkedPoints += CheckBatch(programs, seed: specs[0].Seed);
        }

        // Two objects of one class: some programs read the members of another object of their class besides this's.
        Assert.True(readingAnotherObject >= batches * 5, $"only {readingAnotherObject} programs read another object's members");

        // Points next to a kink or a branch switch are skipped; nearly all must have been checked.
        Assert.True(checkedPoints > batches * BatchSize * PointsPerProgram * 9 / 10, $"only {checkedPoints} points could be checked");
    }

    /// <summary>Checks every program of a batch; on a failure, throws with the shrunk program.</summary>
    private static int CheckBatch(CollectionProgram[] programs, int seed)
    {
        Assembly assembly;
        try
        {
            assembly = GeneratorHarness.CompileAndLoad(CollectionProgram.Source(programs));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A program left without a backward (its driver doesn't compile) or whose generated code doesn't: shrink it
            // keeping the same failure, show it alone with the analyzer's reasons.
            CollectionProgram culprit = programs.FirstOrDefault(p => CompileFailure(p) is not null) ?? programs[0];
            string? failure = CompileFailure(culprit);
            CollectionProgram smallest = failure is null ? culprit : ShrinkFailure(culprit, p => CompileFailure(p) == failure);
            string user = CollectionProgram.UserSource([smallest]);
            string compiler = string.Join("\n", e.Message.Split('\n').Where(line => line.Contains("error", StringComparison.Ordinal)).Take(3));
            throw new InvalidOperationException($"Generated code failed or no backward was generated: {Refusals(user)}\n{compiler}\nShrunk program:\n{user}", e);
        }

        var random = new Random(seed);
        int checkedPoints = 0;
        for (int k = 0; k < programs.Length; k++)
        {
            var f = new Driven(assembly, k);
            for (int i = 0; i < PointsPerProgram; i++)
            {
                (double[] point, int n) = Point(random, programs[k].InputCount);
                switch (Check(f, point, n))
                {
                    case Outcome.Match:
                        checkedPoints++;
                        break;
                    case Outcome.Mismatch mismatch:
                        CollectionProgram smallest = ShrinkFailure(programs[k], p => Mismatches(p, point, n));
                        throw new InvalidOperationException(
                            $"Gradient mismatch at n = {n}, inputs ({string.Join(", ", point.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}): {mismatch.Detail}\nShrunk program:\n{CollectionProgram.Source([smallest])}");
                }
            }
        }

        return checkedPoints;
    }

    /// <summary>Inputs in [-1.5, 1.5] on a grid of 2⁻²⁰ (so a float input ± its step stays exactly a float), and n in 0..4.</summary>
    private static (double[] Point, int N) Point(Random random, int count) =>
        ([.. Enumerable.Range(0, count).Select(_ => Math.Round((random.NextDouble() * 3 - 1.5) * (1 << 20)) / (1 << 20))], random.Next(5));

    /// <summary>The drivers of program k: its value and its backward, over flat inputs.</summary>
    private sealed class Driven(Assembly assembly, int k)
    {
        private readonly Func<double[], int, double> _value = Driver<Func<double[], int, double>>(assembly, "V", k);
        private readonly Func<double[], int, double[], double> _backward = Driver<Func<double[], int, double[], double>>(assembly, "G", k);

        private static T Driver<T>(Assembly assembly, string prefix, int k)
            where T : Delegate =>
            assembly.GetType("Drivers", throwOnError: true)!.GetMethod(prefix + k.ToString(CultureInfo.InvariantCulture))!.CreateDelegate<T>();

        public double Value(double[] point, int n) => _value(point, n);

        public (double Value, double[] Adjoints) Backprop(double[] point, int n)
        {
            double[] adjoints = new double[point.Length];
            return (_backward(point, n, adjoints), adjoints);
        }

        public double FiniteDifference(double[] point, int n, int index, double h)
        {
            double[] plus = (double[])point.Clone(), minus = (double[])point.Clone();
            plus[index] += h;
            minus[index] -= h;
            return (Value(plus, n) - Value(minus, n)) / (2 * h);
        }
    }

    private abstract record Outcome
    {
        public sealed record Match : Outcome;

        public sealed record Skipped : Outcome;

        public sealed record Mismatch(string Detail) : Outcome;
    }

    /// <summary>
    /// Compares the backward with central differences at two step sizes along every input. Where the two
    /// differences disagree the point sits by a kink or a branch switch, where finite differences mean nothing:
    /// skip it. Along a float input, a kink a step away hides among float rounding: three steps, 2⁻⁸, 2⁻¹⁰ and
    /// 2⁻¹², must agree, and so must the backward's derivative a step either side; the tolerance allows for the
    /// float rounding of the value divided by the step. Along a double, 1e-5 and 1e-6 as in the other
    /// random-program test.
    /// </summary>
    private static Outcome Check(Driven f, double[] point, int n)
    {
        double value;
        double[] adjoints;
        try
        {
            (value, adjoints) = f.Backprop(point, n);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Outcome.Mismatch($"the backward threw {e.GetType().Name}: {e.Message}");
        }

        double primal = f.Value(point, n);
        if (!double.IsFinite(value) || !double.IsFinite(primal) || adjoints.Any(a => !double.IsFinite(a)))
        {
            return new Outcome.Skipped();
        }

        if (value != primal)
        {
            return new Outcome.Mismatch($"backward's result and outputs give {value:R}, the method's {primal:R}");
        }

        for (int input = 0; input < point.Length; input++)
        {
            bool isFloat = CollectionProgram.IsFloat(input);
            double[] steps = isFloat ? [1.0 / 256, 1.0 / 1024, 1.0 / 4096] : [1e-5, 1e-6];
            double[] differences = [.. steps.Select(h => f.FiniteDifference(point, n, input, h))];
            double fine = differences[1], scale = Math.Max(1, Math.Abs(fine));

            // Along a float: a float's rounding (2⁻²⁴ relative, a few times over) of the value, over the step.
            double noise = isFloat ? 16 * Math.Pow(2, -24) * Math.Max(1, Math.Abs(value)) / steps[^1] : 0;
            if (differences.Max() - differences.Min() > (isFloat ? 1e-2 : 1e-4) * scale + noise || (isFloat && KinkWithin(f, point, n, input, steps[0], scale)))
            {
                return new Outcome.Skipped();
            }

            if (Math.Abs(adjoints[input] - fine) > (isFloat ? 2e-3 : 1e-5) * scale + noise)
            {
                return new Outcome.Mismatch($"along input {input}{(isFloat ? " (float)" : string.Empty)}: backward {adjoints[input]:R}, finite differences {fine:R}");
            }
        }

        return new Outcome.Match();
    }

    /// <summary>
    /// Whether the derivative along a float input jumps within a step either side, as at a kink closer to the point
    /// than the smallest float step (a float member and a double compared in a Max, equal to 1e-5): every
    /// difference then straddles it alike and the three agree on a meaningless value. The backward's own
    /// derivative a step away either side tells: a smooth function's moves by about the step times its curvature.
    /// </summary>
    private static bool KinkWithin(Driven f, double[] point, int n, int input, double step, double scale)
    {
        double Along(double offset)
        {
            double[] moved = (double[])point.Clone();
            moved[input] += offset;
            return f.Backprop(moved, n).Adjoints[input];
        }

        return Math.Abs(Along(step) - Along(-step)) > 0.2 * scale;
    }

    /// <summary>The analyzer's errors (by the descriptors' own severity: the harness makes warnings errors too).</summary>
    private static string Refusals(string source) =>
        string.Join("; ", GeneratorHarness.AnalyzerDiagnostics(source).Where(d => d.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

    /// <summary>Greedily removes statements and replaces expressions by subexpressions while the program still fails the same way.</summary>
    private static CollectionProgram ShrinkFailure(CollectionProgram program, Func<CollectionProgram, bool> fails)
    {
        for (bool progress = true; progress;)
        {
            progress = false;
            foreach (CollectionProgram candidate in program.Smaller().OfType<CollectionProgram>())
            {
                if (fails(candidate))
                {
                    program = candidate;
                    progress = true;
                    break;
                }
            }
        }

        return program;
    }

    /// <summary>
    /// Null when the program compiles with its drivers; else what fails: the first compiler error's id, and the
    /// analyzer's first refusal (a program left without a backward fails as its driver calls the missing method).
    /// </summary>
    private static string? CompileFailure(CollectionProgram program)
    {
        try
        {
            GeneratorHarness.CompileAndLoad(CollectionProgram.Source([program]));
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string compiler = System.Text.RegularExpressions.Regex.Match(e.Message, @"error (\w+):").Groups[1].Value;
            string analyzer = GeneratorHarness.AnalyzerDiagnostics(CollectionProgram.UserSource([program]))
                .FirstOrDefault(d => d.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)?.Id ?? string.Empty;
            return compiler + " " + analyzer;
        }
    }

    /// <summary>Whether the program compiles and mismatches at the point.</summary>
    private static bool Mismatches(CollectionProgram program, double[] point, int n)
    {
        Driven f;
        try
        {
            f = new Driven(GeneratorHarness.CompileAndLoad(CollectionProgram.Source([program])), 0);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }

        return Check(f, point, n) is Outcome.Mismatch;
    }
}
