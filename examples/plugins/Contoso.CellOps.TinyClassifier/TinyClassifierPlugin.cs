using CellOps.Sdk.Models;

namespace Contoso.CellOps.TinyClassifier;

/// <summary>
/// The plugin's entry type: the one public class implementing <see cref="ICellPlugin"/>. CellOps creates
/// it with this parameterless constructor just to list it, so it does nothing but describe the plugin
/// (no torch calls, no file access).
/// </summary>
public sealed class TinyClassifierPlugin : ICellPlugin
{
    /// <inheritdoc />
    public string Id => "TinyClassifier";

    /// <inheritdoc />
    public Version Version { get; } = typeof(TinyClassifierPlugin).Assembly.GetName().Version ?? new Version(1, 0);

    /// <inheritdoc />
    public StudyReference Study { get; } = new(
        "A tiny tile classifier (example plugin)",
        "Contoso Labs. How to write a CellOps plugin. CellOps examples (2025).");

    /// <inheritdoc />
    public IReadOnlyList<ICellModel> Models { get; } = new ICellModel[] { new TileCnnModel() };
}
