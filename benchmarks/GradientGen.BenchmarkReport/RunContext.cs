namespace GradientGen.BenchmarkReport;

/// <summary>
/// What the tables say about the run itself: BenchmarkDotNet's environment and job lines, and the machine's
/// load average before and after (the machine is shared; run-all.sh records <c>uptime</c>).
/// </summary>
internal sealed record RunContext(string Environment, string? LoadBefore, string? LoadAfter)
{
    public const string LoadBeforeFile = "uptime-before.txt";
    public const string LoadAfterFile = "uptime-after.txt";

    /// <summary>
    /// The environment block of the GitHub-markdown reports (<c>*-report-github.md</c>, on by default):
    /// the machine lines of the first, then every distinct Job line, and the load files if present.
    /// </summary>
    public static RunContext Read(string artifactsDirectory, IEnumerable<string> githubReports)
    {
        var environment = new List<string>();
        var jobs = new List<string>();
        foreach (string path in githubReports)
        {
            (IReadOnlyList<string> machine, IReadOnlyList<string> jobLines) = EnvironmentBlock(File.ReadAllText(path));
            if (environment.Count == 0)
            {
                environment.AddRange(machine);
            }

            jobs.AddRange(jobLines.Where(j => !jobs.Contains(j)));
        }

        string text = string.Join('\n', environment.Concat(jobs.Count > 0 ? ["", .. jobs] : []));
        return new RunContext(text, ReadOptional(artifactsDirectory, LoadBeforeFile), ReadOptional(artifactsDirectory, LoadAfterFile));
    }

    /// <summary>
    /// Splits the first fenced block of a GitHub report into the machine lines (up to the first blank line)
    /// and the job's description after it (its lines joined by '\n', one entry per distinct job).
    /// </summary>
    public static (IReadOnlyList<string> Machine, IReadOnlyList<string> Jobs) EnvironmentBlock(string markdown)
    {
        string[] lines = markdown.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith("```", StringComparison.Ordinal));
        int end = start < 0 ? -1 : Array.FindIndex(lines, start + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        if (start < 0 || end < 0)
        {
            throw new FormatException("The BenchmarkDotNet GitHub report has no fenced environment block.");
        }

        // BenchmarkDotNet starts the block with a blank line; the machine lines end at the next one.
        string[] block = lines[(start + 1)..end].SkipWhile(string.IsNullOrWhiteSpace).Select(l => l.TrimEnd()).ToArray();
        int blank = Array.FindIndex(block, string.IsNullOrWhiteSpace);
        string[] machine = blank < 0 ? block : block[..blank];
        string job = blank < 0 ? "" : string.Join('\n', block[(blank + 1)..].Where(l => l.Length > 0));
        return (machine, job.Length > 0 ? [job] : []);
    }

    private static string? ReadOptional(string directory, string file)
    {
        string path = Path.Combine(directory, file);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
