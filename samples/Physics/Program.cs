// GradientGen sample: masses on springs under gravity, with repelling charges, on System.Numerics.Vector3.
// Every force is −∇U of a [Differentiable] potential written on Vector3; GradientGen generates the gradients.
// Then a ball that integrates itself (its Step writes its members) is aimed by the gradient of its whole flight.
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
if (drift >= 0.05f)
{
    return 1;
}

// Aiming through a simulation: the launch velocity that lands a ball with air drag on a target 10 m away after 1 s,
// by gradient descent on the miss, each gradient the generated backward of 200 steps that write the ball's members.
Console.WriteLine();
Console.WriteLine($"{"step",4} {"launch velocity (m/s)",22} {"miss (m²)",10} {"∂miss/∂drag",12}");
double vx = 5, vy = 5, miss = double.NaN;
for (int step = 0; step < 40; step++)
{
    var ball = new Projectile { Vx = vx, Vy = vy };
    var shadow = new Projectile { Drag = 0 }; // zeroed (Drag's initializer too); comes back holding ∂miss/∂ of each member on entry
    double dTargetX = 0, dTargetY = 0, dDt = 0;
    miss = ball.MissBackward(10, 0, 0.005, 200, 1.0, shadow, ref dTargetX, ref dTargetY, ref dDt);
    if (step % 8 == 0)
    {
        Console.WriteLine($"{step,4} {$"({vx:F4}, {vy:F4})",22} {miss,10:E2} {shadow.Drag,12:F4}");
    }

    vx -= 0.5 * shadow.Vx;
    vy -= 0.5 * shadow.Vy;
}

Console.WriteLine($"Launch at ({vx:F4}, {vy:F4}) m/s: misses by {Math.Sqrt(miss):E1} m");
return miss < 1e-12 ? 0 : 1;
