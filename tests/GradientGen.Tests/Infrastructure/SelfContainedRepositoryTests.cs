namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// A clone with nothing beside it must build, test and benchmark: the ADBench data once lived in a folder next
/// to the repository, and this keeps any source, project or script from reaching for it again.
/// </summary>
public class SelfContainedRepositoryTests
{
    private static readonly string[] Folders = ["src", "tests", "benchmarks", "samples", ".ci"];
    private static readonly string[] Extensions = [".cs", ".csproj", ".props", ".targets", ".sh"];

    // Built from parts, so that this file does not contain what it looks for.
    private const string Shared = "shared";
    private const string BenchData = "bench-data";

    private static readonly string[] Forbidden =
    [
        string.Join('/', "..", Shared),
        string.Join('\\', "..", Shared),
        string.Join('/', Shared, BenchData),
        string.Join('\\', Shared, BenchData),
        $"\"{Shared}\", \"{BenchData}\"",
    ];

    [Fact]
    public void No_source_project_or_script_refers_to_the_folder_beside_the_repository()
    {
        string root = RepositoryRoot.Find(AppContext.BaseDirectory);
        Assert.Contains(Path.Combine(root, "tests", "GradientGen.Tests", "AdBench", "AdBenchData.cs"), SourceFiles(root));

        List<string> offenders = Offenders(root);
        Assert.True(offenders.Count == 0, "Read data from the repository's data/ folder instead:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_check_finds_each_forbidden_string_in_a_source_and_skips_build_output()
    {
        string root = Directory.CreateTempSubdirectory("self-contained-").FullName;
        try
        {
            string source = Path.Combine(root, "benchmarks", "Reader.cs");
            string output = Path.Combine(root, "tests", "obj", "Generated.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllText(output, string.Join('\n', Forbidden));
            foreach (string forbidden in Forbidden)
            {
                File.WriteAllText(source, $"// data in {forbidden}/gmm\n");
                Assert.Equal(new[] { $"{Path.Combine("benchmarks", "Reader.cs")} refers to '{forbidden}'" }, Offenders(root));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static List<string> Offenders(string root) =>
    [
        .. from file in SourceFiles(root)
           let text = File.ReadAllText(file)
           from forbidden in Forbidden
           where text.Contains(forbidden, StringComparison.OrdinalIgnoreCase)
           select $"{Path.GetRelativePath(root, file)} refers to '{forbidden}'",
    ];

    /// <summary>The root's MSBuild files, and the folders' sources, projects and scripts (.ci's files have no extension), without build output.</summary>
    private static IEnumerable<string> SourceFiles(string root)
    {
        foreach (string file in Directory.EnumerateFiles(root, "*.props").Concat(Directory.EnumerateFiles(root, "*.targets")))
        {
            yield return file;
        }

        foreach (string folder in Folders.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                string[] segments = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
                bool buildOutput = segments.Any(s => s is "bin" or "obj" or "TestResults" or "BenchmarkDotNet.Artifacts");
                bool wanted = segments[0] == ".ci" || Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase);
                if (!buildOutput && wanted)
                {
                    yield return file;
                }
            }
        }
    }
}
