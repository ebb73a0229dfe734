using Microsoft.CodeAnalysis;

namespace GradientGen.Incremental;

/// <summary>
/// What binding any method reads from one file, bodies aside: its path, parse options, and its tokens with
/// every member body (methods, accessors, constructors, operators, top-level statements) replaced by a
/// placeholder, preprocessor directives kept in place (<c>#nullable</c> changes the types the analysis
/// names), comments and layout dropped.
/// </summary>
/// <param name="Options">Compared by value (language version, preprocessor symbols, features).</param>
internal sealed record TreeDeclarations(string FilePath, ParseOptions Options, string Text);
