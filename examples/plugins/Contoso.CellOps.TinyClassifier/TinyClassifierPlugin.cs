using CellOps.Sdk.Models;

namespace Contoso.CellOps.TinyClassifier;

/// <summary>
/// The plugin's entry type: the one public class implementing <see cref="ICellPlugin"/>. CellOps lists the
/// plugin from plugin.json and creates this type (with its parameterless constructor) only when one of its
/// models is used; it must then describe itself exactly as plugin.json does, so it does nothing but that
/// (no torch calls, no file access).
/// </summary>
public sealed class TinyClassifierPlugin : ICellPlugin
{
    /// <inheritdoc />
    public string Id => "TinyClassifier";

    /// <inheritdoc />
    public Version Version { get; } = new(1, 0, 0);

    /// <inheritdoc />
    public StudyReference Study { get; } = new(
        "A tiny tile classifier (example plugin)",
        "Contoso Labs. How to write a CellOps plugin. CellOps examples (2025).");

    /// <inheritdoc />
    public IReadOnlyList<ICellModel> Models { get; } = new ICellModel[] { new TileCnnModel() };
}
