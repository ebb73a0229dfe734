namespace GradientGen.Model;

/// <summary>A value stack the generated method uses: one per element type.</summary>
internal sealed record ValueStackModel(string Name, string ElementTypeName);
