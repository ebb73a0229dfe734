using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradientGen.Benchmarks.Workloads;

/// <summary>
/// Typing in one method, as the IDE sees it: a generator driver that has run on the project runs again on
/// a compilation whose first file has a different body for <see cref="SyntheticProject.EditedMethod"/>.
/// Two edits take turns, so every run is a real change from the one before.
/// </summary>
internal sealed class EditSession
{
    private readonly SyntheticProject _project;
    private GeneratorDriver _driver;
    private SyntaxTree _currentFile;
    private int _edit;

    public EditSession(SyntheticProject project, bool trackSteps = false)
    {
        _project = project;
        Current = project.Compilation();
        _currentFile = project.OriginalFile;
        _driver = GeneratorPipeline.Driver(trackSteps).RunGenerators(Current);
    }

    /// <summary>The compilation the driver last ran on.</summary>
    public CSharpCompilation Current { get; private set; }

    public GeneratorDriverRunResult LastRun => _driver.GetRunResult();

    /// <summary>Applies the next edit and re-runs the generator; this is the step to time.</summary>
    public GeneratorDriver Edit()
    {
        _edit = _edit == 1 ? 2 : 1;
        SyntaxTree edited = _project.EditedFile(_edit);
        Current = Current.ReplaceSyntaxTree(_currentFile, edited);
        _currentFile = edited;
        _driver = _driver.RunGenerators(Current);
        return _driver;
    }
}
