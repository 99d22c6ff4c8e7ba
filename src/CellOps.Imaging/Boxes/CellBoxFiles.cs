namespace CellOps.Imaging.Boxes;

/// <summary>Reads a file of annotated boxes by its kind: Pascal VOC XML (<c>.xml</c>) or a CSV table (anything else).</summary>
public static class CellBoxFiles
{
    /// <summary>Reads <paramref name="path"/>; rows (objects) that cannot be read come back as errors.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="CellBoxException">The file as a whole is not a box table or annotation.</exception>
    public static (IReadOnlyList<CellBox> Boxes, IReadOnlyList<CellBoxException> Errors) Read(string path) =>
        string.Equals(Path.GetExtension(path), ".xml", StringComparison.OrdinalIgnoreCase)
            ? VocAnnotation.Read(path)
            : CellBoxTable.Read(path);
}
