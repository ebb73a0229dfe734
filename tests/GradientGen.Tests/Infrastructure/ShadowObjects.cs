using System.Reflection;

namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// Shadow objects for instance methods whose backward takes <c>dThis</c> (and whose tangent takes <c>tThis</c>): an
/// object of the same class whose floating fields start at zero, with arrays of the same shapes, and the floating
/// slots of an object (its double fields, then the elements of its double[] and double[][] fields) to read its
/// adjoints from and to move it by finite differences.
/// </summary>
internal static class ShadowObjects
{
    /// <summary>An object of <paramref name="template"/>'s class with every floating field zero, its arrays zeros of the same shapes.</summary>
    public static object Zeroed(object template)
    {
        object shadow = Activator.CreateInstance(template.GetType(), nonPublic: true)!;
        foreach (FieldInfo field in Fields(template))
        {
            field.SetValue(shadow, field.GetValue(template) switch
            {
                double => 0.0,
                double[] vector => new double[vector.Length],
                double[][] jagged => jagged.Select(row => new double[row.Length]).ToArray(),
                var other => other,
            });
        }

        return shadow;
    }

    /// <summary>The floating slots of <paramref name="o"/>, in field order: a name for messages, a getter and a setter.</summary>
    public static List<(string Name, Func<double> Get, Action<double> Set)> Slots(object o)
    {
        var slots = new List<(string, Func<double>, Action<double>)>();
        foreach (FieldInfo field in Fields(o))
        {
            switch (field.GetValue(o))
            {
                case double:
                    slots.Add((field.Name, () => (double)field.GetValue(o)!, v => field.SetValue(o, v)));
                    break;
                case double[] vector:
                    for (int i = 0; i < vector.Length; i++)
                    {
                        int at = i;
                        slots.Add(($"{field.Name}[{at}]", () => vector[at], v => vector[at] = v));
                    }

                    break;
                case double[][] jagged:
                    for (int i = 0; i < jagged.Length; i++)
                    {
                        for (int j = 0; j < jagged[i].Length; j++)
                        {
                            (double[] row, int at) = (jagged[i], j);
                            slots.Add(($"{field.Name}[{i}][{at}]", () => row[at], v => row[at] = v));
                        }
                    }

                    break;
            }
        }

        return slots;
    }

    /// <summary>Whether a backward's or tangent's parameter is the shadow object: the method's own class, passed by value.</summary>
    public static bool IsShadow(ParameterInfo parameter, Type declaringType) => !parameter.ParameterType.IsByRef && parameter.ParameterType == declaringType;

    private static IEnumerable<FieldInfo> Fields(object o) =>
        o.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => f.FieldType == typeof(double) || f.FieldType == typeof(double[]) || f.FieldType == typeof(double[][]));
}
