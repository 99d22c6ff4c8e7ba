namespace CellOps.Runtime.Weights;

/// <summary>A file entry whose network counterpart has another shape.</summary>
/// <param name="Name">The network's name of the entry.</param>
/// <param name="FileName">The file's name of the entry (the same unless a key map renamed it).</param>
/// <param name="FileShape">The shape in the file.</param>
/// <param name="NetworkShape">The shape in the network.</param>
public sealed record ShapeMismatch(string Name, string FileName, long[] FileShape, long[] NetworkShape)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{(Name == FileName ? Name : $"{FileName} → {Name}")} (file [{string.Join(", ", FileShape)}], network [{string.Join(", ", NetworkShape)}])";
}
