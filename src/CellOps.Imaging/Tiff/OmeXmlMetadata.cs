using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiff;

/// <summary>The parts of an OME-XML document that decide how TIFF pages map to channels and frames.</summary>
internal sealed class OmeXmlMetadata
{
    private OmeXmlMetadata() { }

    public int SizeX { get; private init; }
    public int SizeY { get; private init; }
    public int SizeC { get; private init; } = 1;
    public int SizeZ { get; private init; } = 1;
    public int SizeT { get; private init; } = 1;

    /// <summary>For example "XYCZT": the first of C, Z, T varies fastest across pages.</summary>
    public string DimensionOrder { get; private init; } = "XYCZT";

    public string? PixelType { get; private init; }
    public IReadOnlyList<string?> ChannelNames { get; private init; } = Array.Empty<string?>();
    public PixelSize? PixelSize { get; private init; }

    /// <summary>Parses OME-XML from an ImageDescription; null when the text is not OME-XML or not well-formed.</summary>
    public static OmeXmlMetadata? TryParse(string? description)
    {
        if (string.IsNullOrWhiteSpace(description) || !description.Contains("<OME", StringComparison.Ordinal)) return null;
        XDocument doc;
        try
        {
            // DTDs are refused: OME-XML never needs one and they open the door to entity expansion.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(description), settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
        if (doc.Root is null || doc.Root.Name.LocalName != "OME") return null;
        var pixels = doc.Root.Elements().Where(e => e.Name.LocalName == "Image")
            .SelectMany(i => i.Elements().Where(e => e.Name.LocalName == "Pixels")).FirstOrDefault();
        if (pixels is null) return null;

        var channels = pixels.Elements().Where(e => e.Name.LocalName == "Channel")
            .Select(c => (string?)c.Attribute("Name")).ToArray();
        double? px = ReadDouble(pixels, "PhysicalSizeX");
        double? py = ReadDouble(pixels, "PhysicalSizeY");
        PixelSize? size = null;
        if (px is > 0 || py is > 0)
        {
            double x = px is > 0 ? px.Value : py!.Value;
            double y = py is > 0 ? py.Value : x;
            string unitX = NormaliseUnit((string?)pixels.Attribute("PhysicalSizeXUnit"));
            string unitY = NormaliseUnit((string?)pixels.Attribute("PhysicalSizeYUnit"));
            if (unitY != unitX) y = ToMicrometres(y, unitY) / ToMicrometres(1, unitX);
            size = new PixelSize(x, y, unitX);
        }

        string order = ((string?)pixels.Attribute("DimensionOrder") ?? "XYCZT").Trim().ToUpperInvariant();
        if (order.Length != 5 || !order.StartsWith("XY", StringComparison.Ordinal) || order.Distinct().Count() != 5) order = "XYCZT";
        return new OmeXmlMetadata
        {
            SizeX = ReadInt(pixels, "SizeX") ?? 0,
            SizeY = ReadInt(pixels, "SizeY") ?? 0,
            SizeC = Math.Max(1, ReadInt(pixels, "SizeC") ?? 1),
            SizeZ = Math.Max(1, ReadInt(pixels, "SizeZ") ?? 1),
            SizeT = Math.Max(1, ReadInt(pixels, "SizeT") ?? 1),
            DimensionOrder = order,
            PixelType = (string?)pixels.Attribute("Type"),
            ChannelNames = channels,
            PixelSize = size,
        };
    }

    /// <summary>The page holding channel <paramref name="c"/> of plane (<paramref name="z"/>, <paramref name="t"/>).</summary>
    public int PageIndex(int c, int z, int t)
    {
        int index = 0, stride = 1;
        foreach (char d in DimensionOrder.AsSpan(2))
        {
            (int value, int size) = d switch { 'C' => (c, SizeC), 'Z' => (z, SizeZ), _ => (t, SizeT) };
            index += value * stride;
            stride *= size;
        }
        return index;
    }

    /// <summary>The OME fields as metadata entries.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToMetadata()
    {
        yield return new("OME.SizeX", SizeX.ToString(CultureInfo.InvariantCulture));
        yield return new("OME.SizeY", SizeY.ToString(CultureInfo.InvariantCulture));
        yield return new("OME.SizeC", SizeC.ToString(CultureInfo.InvariantCulture));
        yield return new("OME.SizeZ", SizeZ.ToString(CultureInfo.InvariantCulture));
        yield return new("OME.SizeT", SizeT.ToString(CultureInfo.InvariantCulture));
        yield return new("OME.DimensionOrder", DimensionOrder);
        if (PixelType is not null) yield return new("OME.Type", PixelType);
    }

    private static int? ReadInt(XElement e, string name) =>
        int.TryParse((string?)e.Attribute(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static double? ReadDouble(XElement e, string name) =>
        double.TryParse((string?)e.Attribute(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    private static string NormaliseUnit(string? unit) => unit?.Trim() switch
    {
        null or "" or "um" or "µm" or "μm" or "micron" => "µm",
        var u => u,
    };

    private static double ToMicrometres(double value, string unit) => unit switch
    {
        "nm" => value / 1000,
        "mm" => value * 1000,
        "cm" => value * 10000,
        "m" => value * 1e6,
        "Å" => value / 10000,
        _ => value,
    };
}
