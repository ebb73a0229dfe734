namespace GradientGen.Tests.Infrastructure;

/// <summary>The folder holding GradientGen.sln, found by walking up from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Find(string startDirectory)
    {
        for (DirectoryInfo? dir = new(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GradientGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Could not find the repository root (a folder holding GradientGen.sln) above '{startDirectory}'.");
    }
}
