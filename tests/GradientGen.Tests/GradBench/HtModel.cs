namespace GradientGen.Tests.GradBench;

/// <summary>
/// A hand model and observations for <see cref="HtObjective"/>, laid out as its parameters take them.
/// </summary>
/// <param name="Parents">Each bone's parent (−1 for the root), parents before children.</param>
/// <param name="BaseRelatives">Each bone's rest transform relative to its parent, 4×4 row-major.</param>
/// <param name="InverseBaseAbsolutes">The inverse of each bone's rest transform from the root, 4×4 row-major.</param>
/// <param name="BasePositions">4 × vertices: rest positions, homogeneous (last row 1).</param>
/// <param name="Weights">bones × vertices skinning weights, each vertex's summing to 1.</param>
/// <param name="Correspondences">The vertex each observed point belongs to.</param>
/// <param name="Points">3 × points: the observed points.</param>
internal sealed record HtModel(int[] Parents, double[] BaseRelatives, double[] InverseBaseAbsolutes, double[,] BasePositions, double[,] Weights, bool IsMirrored, int[] Correspondences, double[,] Points)
{
    public double[] Objective(double[] theta) =>
        HtObjective.Objective(theta, Parents, BaseRelatives, InverseBaseAbsolutes, BasePositions, Weights, IsMirrored, Correspondences, Points);

    public double[,] Jacobian(double[] theta) =>
        HtObjective.ObjectiveJacobian(theta, Parents, BaseRelatives, InverseBaseAbsolutes, BasePositions, Weights, IsMirrored, Correspondences, Points);

    /// <summary>
    /// A made-up hand with ADBench's skeleton (22 bones: a root, the wrist, four per finger, the forearm, in
    /// the bone order the pose parameters assume) and its shapes: ADBench's model files are not in the
    /// reachable copies of ADBench or GradBench, so the geometry is drawn here. Each bone's rest transform
    /// turns a little and moves along the bone; each vertex sits near one bone, weighted 0.7 to it and 0.3
    /// to its parent; the points are the rest-pose vertices plus noise.
    /// </summary>
    public static HtModel Synthetic(int verticesPerBone, int pointCount, bool isMirrored, int seed)
    {
        const int bones = 22;
        var random = new Random(seed);
        double Draw(double low, double high) => low + ((high - low) * random.NextDouble());

        int[] parents = new int[bones];
        parents[0] = -1;
        parents[1] = 0;
        for (int finger = 0; finger < 5; finger++)
        {
            for (int j = 0; j < 4; j++)
            {
                int bone = 2 + (4 * finger) + j;
                parents[bone] = j == 0 ? 1 : bone - 1;
            }
        }

        parents[21] = 0;

        double[] relatives = new double[bones * 16];
        double[] absolutes = new double[bones * 16];
        double[] inverses = new double[bones * 16];
        for (int b = 0; b < bones; b++)
        {
            // A rotation about z then x by small angles, and a step along the rotated y axis.
            double a = Draw(-0.4, 0.4), c = Draw(-0.3, 0.3), length = Draw(0.2, 0.5);
            double[] r =
            [
                Math.Cos(a), -Math.Sin(a) * Math.Cos(c), Math.Sin(a) * Math.Sin(c),
                Math.Sin(a), Math.Cos(a) * Math.Cos(c), -Math.Cos(a) * Math.Sin(c),
                0, Math.Sin(c), Math.Cos(c),
            ];
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    relatives[(b * 16) + (i * 4) + j] = r[(i * 3) + j];
                }

                relatives[(b * 16) + (i * 4) + 3] = b == 0 ? 0 : r[(i * 3) + 1] * length;
            }

            relatives[(b * 16) + 15] = 1;
            Multiply(parents[b] < 0 ? Identity() : absolutes.AsSpan(parents[b] * 16, 16), relatives.AsSpan(b * 16, 16), absolutes.AsSpan(b * 16, 16));

            // A rigid transform's inverse: [Rᵀ, −Rᵀt].
            for (int i = 0; i < 3; i++)
            {
                double t = 0;
                for (int j = 0; j < 3; j++)
                {
                    inverses[(b * 16) + (i * 4) + j] = absolutes[(b * 16) + (j * 4) + i];
                    t -= absolutes[(b * 16) + (j * 4) + i] * absolutes[(b * 16) + (j * 4) + 3];
                }

                inverses[(b * 16) + (i * 4) + 3] = t;
            }

            inverses[(b * 16) + 15] = 1;
        }

        int vertices = bones * verticesPerBone;
        var positions = new double[4, vertices];
        var weights = new double[bones, vertices];
        for (int b = 0; b < bones; b++)
        {
            for (int k = 0; k < verticesPerBone; k++)
            {
                int v = (b * verticesPerBone) + k;
                double[] local = [Draw(-0.05, 0.05), Draw(0, 0.3), Draw(-0.05, 0.05), 1];
                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        positions[i, v] += absolutes[(b * 16) + (i * 4) + j] * local[j];
                    }
                }

                weights[b, v] = parents[b] < 0 ? 1.0 : 0.7;
                if (parents[b] >= 0)
                {
                    weights[parents[b], v] = 0.3;
                }
            }
        }

        int[] correspondences = new int[pointCount];
        var points = new double[3, pointCount];
        for (int i = 0; i < pointCount; i++)
        {
            correspondences[i] = random.Next(vertices);
            for (int j = 0; j < 3; j++)
            {
                points[j, i] = (isMirrored && j == 0 ? -1 : 1) * positions[j, correspondences[i]] + Draw(-0.01, 0.01);
            }
        }

        return new HtModel(parents, relatives, inverses, positions, weights, isMirrored, correspondences, points);
    }

    private static double[] Identity() => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

    private static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> product)
    {
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                double sum = 0;
                for (int k = 0; k < 4; k++)
                {
                    sum += a[(i * 4) + k] * b[(k * 4) + j];
                }

                product[(i * 4) + j] = sum;
            }
        }
    }
}
