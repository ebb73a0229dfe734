using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Package;

/// <summary>
/// The package as a user gets it: `dotnet pack` at the root into a folder feed, then a brand-new net8.0 console
/// project that references it, builds with warnings as errors and runs a generated gradient.
/// </summary>
public class PackageConsumerTests
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private const string ProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net8.0</TargetFramework>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <AnalysisLevel>latest-recommended</AnalysisLevel>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="GradientGen" Version="$VERSION$" PrivateAssets="all" />
          </ItemGroup>
        </Project>
        """;

    // A loop (value stack) and a Math call, compiled by net8.0's default C# version.
    private const string ProgramFile = """
        using System;
        using System.Globalization;
        using GradientGen;

        (double value, double dX, double dY) = Functions.FGradient(2.0, 3.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value:R} {dX:R} {dY:R}"));

        internal static partial class Functions
        {
            // 6 x² y + sin y
            [Differentiable]
            public static double F(double x, double y)
            {
                double s = 0;
                for (int i = 1; i <= 3; i++)
                {
                    s += i * x * x * y;
                }

                return s + Math.Sin(y);
            }
        }
        """;

    [Fact]
    public void A_new_net8_project_referencing_the_package_builds_without_warnings_and_runs_a_generated_gradient()
    {
        string root = RepositoryRoot.Find(AppContext.BaseDirectory);
        string work = Directory.CreateTempSubdirectory("gradientgen-package-").FullName;
        string version = TestVersion();
        string? packageCopy = null;
        try
        {
            // `dotnet pack` at the root, on what `dotnet test` just built; the feed must get the one package.
            string feed = Path.Combine(work, "feed");
            Run(root, PackTimeout, "pack", "GradientGen.sln", "--no-build", "-c", Configuration, "-o", feed, "-tl:off",
                $"-p:PackageVersion={version}", $"-p:NuspecOutputPath={Path.Combine(work, "nuspec")}");
            string nupkg = Assert.Single(Directory.GetFiles(feed));
            Assert.Equal($"GradientGen.{version}.nupkg", Path.GetFileName(nupkg));
            AssertPackageContents(nupkg);

            string app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            WriteConsumer(app, feed, version);

            ChildProcess.Result build = Run(app, BuildTimeout, "build", "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false");
            Assert.Contains(" 0 Warning(s)", build.Output);
            packageCopy = AssertAnalyzersRestored(app, version);

            // No .NET 8 runtime need be installed: run on the newest one present.
            string dll = Path.Combine(app, "bin", "Debug", "net8.0", "Consumer.dll");
            ChildProcess.Result run = Run(app, RunTimeout, "exec", "--roll-forward", "Major", dll);
            double[] printed = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

            // F = 6 x² y + sin y, ∂F/∂x = 12 x y, ∂F/∂y = 6 x² + cos y at (2, 3).
            Assert.Equal(72 + Math.Sin(3), printed[0], 12);
            Assert.Equal(72.0, printed[1], 12);
            Assert.Equal(24 + Math.Cos(3), printed[2], 12);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            if (packageCopy is not null)
            {
                DeleteRestoredCopy(packageCopy);
            }
        }
    }

    /// <summary>The global packages folder's copy of this one-off version, and the id's folder if nothing else is in it.</summary>
    private static void DeleteRestoredCopy(string packageCopy)
    {
        if (Directory.Exists(packageCopy))
        {
            Directory.Delete(packageCopy, recursive: true);
        }

        string idFolder = Path.GetDirectoryName(packageCopy)!;
        if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
        {
            Directory.Delete(idFolder);
        }
    }

    private static string Configuration =>
        typeof(PackageConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    /// <summary>
    /// The repository's version with a one-off prerelease tag: the global packages folder caches by id and version,
    /// so a repack under a version restored before would never reach the consumer.
    /// </summary>
    private static string TestVersion()
    {
        Version v = typeof(DifferentiableGenerator).Assembly.GetName().Version!;
        return FormattableString.Invariant($"{v.Major}.{v.Minor}.{v.Build}-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}.{Environment.ProcessId}");
    }

    private static ChildProcess.Result Run(string directory, TimeSpan timeout, params string[] arguments)
    {
        ChildProcess.Result result = ChildProcess.Run(ChildProcess.Dotnet, arguments, directory, timeout);
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\n{result.Output}");
        return result;
    }

    private static void AssertPackageContents(string nupkg)
    {
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        string[] files = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("analyzers/dotnet/cs/GradientGen.dll", files);
        Assert.Contains("analyzers/dotnet/cs/GradientGen.CodeFixes.dll", files);
        Assert.Contains("README.md", files);
        Assert.Contains("LICENSE", files);
        Assert.DoesNotContain(files, f => f.StartsWith("lib/", StringComparison.Ordinal));

        using Stream nuspecStream = zip.GetEntry("GradientGen.nuspec")!.Open();
        XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("true", Field("developmentDependency"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies");
        Assert.Equal("https://github.com/gradientgen/gradientgen",
            metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")!.Value);
    }

    /// <summary>A project folder outside the repository, its nuget.config the machine's sources plus the local feed.</summary>
    private static void WriteConsumer(string app, string feed, string version)
    {
        // Asked before the project's own nuget.config exists, so these are the machine's configured sources.
        string[] sources = Run(app, PackTimeout, "nuget", "list", "source", "--format", "short").Output
            .Split('\n')
            .Select(line => line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2 && parts[0].StartsWith('E'))
            .Select(parts => parts[1].Trim())
            .ToArray();
        Assert.NotEmpty(sources);

        var config = new XElement("configuration",
            new XElement("packageSources",
                new XElement("clear"),
                sources.Select((source, i) => new XElement("add", new XAttribute("key", $"source{i}"), new XAttribute("value", source))),
                new XElement("add", new XAttribute("key", "local"), new XAttribute("value", feed))));
        config.Save(Path.Combine(app, "nuget.config"));

        // Stop MSBuild's search for Directory.*.props/targets above the folder (the temp folder may sit anywhere).
        foreach (string name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(app, name), "<Project />");
        }

        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), ProjectFile.Replace("$VERSION$", version, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(app, "Program.cs"), ProgramFile);
    }

    /// <summary>Both DLLs reached the consumer as analyzers; returns the restored copy of the package, to delete.</summary>
    private static string AssertAnalyzersRestored(string app, string version)
    {
        using JsonDocument assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")));
        JsonElement library = assets.RootElement.GetProperty("libraries").GetProperty($"GradientGen/{version}");
        string[] files = library.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Contains("analyzers/dotnet/cs/GradientGen.dll", files);
        Assert.Contains("analyzers/dotnet/cs/GradientGen.CodeFixes.dll", files);

        string packagesFolder = assets.RootElement.GetProperty("packageFolders").EnumerateObject().First().Name;
        return Path.Combine(packagesFolder, library.GetProperty("path").GetString()!);
    }
}
