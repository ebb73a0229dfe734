// GradientGen sample: masses on springs under gravity, with repelling charges, on System.Numerics.Vector3.
// Every force is −∇U of a [Differentiable] potential written on Vector3; GradientGen generates the gradients.
using System.Diagnostics;
using System.Numerics;
using Physics.Model;

var chain = new SpringChain(count: 8, spacing: 0.25f, stiffness: 400f, charge: 0.3f);
var forces = new Vector3[chain.Positions.Length];

// The generated force on a stretched spring against the textbook −k·(|d| − L)·d/|d|.
Vector3 a = new(0.1f, 0.2f, -0.3f), b = new(0.6f, -0.1f, 0.2f);
Vector3 dA = default, dB = default;
Potentials.SpringBackward(a, b, 400f, 0.25f, 1f, ref dA, ref dB);
Vector3 d = a - b;
Vector3 expected = -400f * (d.Length() - 0.25f) * Vector3.Normalize(d);
float error = (-dA - expected).Length() / expected.Length();
Console.WriteLine($"Spring force on a: generated {-dA}, by hand {expected}, relative difference {error:E1}");
if (error > 1e-5f)
{
    Console.Error.WriteLine("The generated force differs from the formula.");
    return 1;
}

const float dt = 5e-4f;
float start = chain.Energy();
var clock = Stopwatch.StartNew();
Console.WriteLine($"{"t (s)",6} {"energy (J)",11} {"end of the chain (x, y, z)",32}");
for (int step = 0; step <= 6000; step++)
{
    if (step % 1000 == 0)
    {
        Vector3 tip = chain.Positions[^1];
        Console.WriteLine($"{step * dt,6:F2} {chain.Energy(),11:F4} {$"({tip.X:F3}, {tip.Y:F3}, {tip.Z:F3})",32}");
    }

    chain.Step(dt, forces);
}

float drift = Math.Abs(chain.Energy() - start) / Math.Abs(start);
Console.WriteLine($"6000 steps in {clock.Elapsed.TotalMilliseconds:F0} ms; energy drift {drift:P2} (symplectic Euler keeps it bounded)");
return drift < 0.05f ? 0 : 1;
