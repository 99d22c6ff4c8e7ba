using System.Xml;
using System.Xml.Linq;

namespace CellOps.Imaging.Boxes;

/// <summary>
/// Reads the boxes of one Pascal VOC annotation file (<c>annotation/filename</c>, and per
/// <c>object</c> its <c>name</c> and <c>bndbox</c> edges), as the BCCD data set ships them. An object
/// that cannot be read is returned as an error naming the file and the object's 1-based position.
/// </summary>
public static class VocAnnotation
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="CellBoxException">The file is not a VOC annotation (row 0: the whole file).</exception>
    public static (IReadOnlyList<CellBox> Boxes, IReadOnlyList<CellBoxException> Errors) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string origin = Path.GetFileName(path);
        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (XmlException ex)
        {
            throw new CellBoxException(origin, 0, $"{origin} is not well-formed XML: {ex.Message}");
        }
        var root = document.Root;
        string? file = root?.Element("filename")?.Value.Trim();
        if (root is null || root.Name.LocalName != "annotation" || string.IsNullOrEmpty(file))
        {
            throw new CellBoxException(origin, 0, $"{origin} is not a Pascal VOC annotation: it needs an <annotation> with a <filename>.");
        }
        var boxes = new List<CellBox>();
        var errors = new List<CellBoxException>();
        int row = 0;
        foreach (var item in root.Elements("object"))
        {
            row++;
            var box = item.Element("bndbox");
            string? Field(IReadOnlyList<string> names)
            {
                foreach (var name in names)
                {
                    if (CellBoxFields.FileAliases.Contains(name)) return file;
                    if (CellBoxFields.ClassAliases.Contains(name)) return item.Element("name")?.Value;
                    if (box?.Element(name) is { } edge) return edge.Value;
                }
                return null;
            }
            try
            {
                boxes.Add(CellBoxFields.Parse(Field, origin, row));
            }
            catch (CellBoxException ex)
            {
                errors.Add(ex);
            }
        }
        return (boxes, errors);
    }
}
