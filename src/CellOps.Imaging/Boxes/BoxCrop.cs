using System.Globalization;
using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Boxes;

/// <summary>
/// Cuts an annotated cell out of its micrograph as a micrograph of its own, held in memory: every
/// channel kept, the source's pixel type and pixel size, and metadata that says where it was cut
/// from. The smear is decoded once for all its boxes (the caller keeps one pixel source open).
/// </summary>
public static class BoxCrop
{
    /// <summary>Metadata key: the full path (or name) of the micrograph the crop was cut from.</summary>
    public const string CropOfKey = "CellOps.CropOf";

    /// <summary>Metadata key: the box in the source's pixels, <c>x,y w×h</c>.</summary>
    public const string BoxKey = "CellOps.Box";

    /// <summary>Metadata key: the box's class.</summary>
    public const string ClassKey = "CellOps.Class";

    /// <summary>Metadata key: where the box was read, e.g. <c>test.csv row 12</c>.</summary>
    public const string AnnotationKey = "CellOps.Annotation";

    /// <summary>Cuts <paramref name="box"/> out of frame <paramref name="frame"/> of <paramref name="micrograph"/>.</summary>
    /// <param name="micrograph">The micrograph the box lies in.</param>
    /// <param name="pixels">An open pixel source of <paramref name="micrograph"/>.</param>
    /// <param name="frame">The frame to cut from.</param>
    /// <param name="box">The box.</param>
    /// <returns>The crop, named <c>STEM-box ROW</c> after the file and the box's row.</returns>
    /// <exception cref="CellBoxException">The box does not lie inside the image.</exception>
    /// <exception cref="MicrographReadException">The pixels cannot be read.</exception>
    public static Micrograph Cut(Micrograph micrograph, IPixelSource pixels, int frame, CellBox box)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(box);
        var rect = box.Rect;
        if (!rect.IsInside(micrograph.Width, micrograph.Height))
        {
            throw new CellBoxException(box.Origin, box.Row,
                $"{box.Where}: the box x {box.XMin}–{box.XMax}, y {box.YMin}–{box.YMax} does not lie inside {micrograph.Name} " +
                $"({micrograph.Width}×{micrograph.Height}).", CellBoxProblem.OutsideImage, box);
        }
        int channels = micrograph.ChannelCount;
        var raw = new byte[checked(rect.Area * channels * micrograph.PixelType.BytesPerSample())];
        pixels.ReadRegion(frame, rect, raw);
        var array = ArrayPixelSource.FromRaw(raw, micrograph.PixelType, rect.Width, rect.Height, channels);
        var metadata = new Dictionary<string, string>(micrograph.Metadata)
        {
            [CropOfKey] = micrograph.Path ?? micrograph.Name,
            [BoxKey] = rect.ToString(),
            [ClassKey] = box.Class,
            [AnnotationKey] = box.Where,
        };
        string name = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(micrograph.Name)}-box{box.Row}");
        // Path stays null: the crop is not the file, and a path would make crops of one smear look like one source.
        return new Micrograph(name, null, rect.Width, rect.Height, micrograph.PixelType, 1, micrograph.Channels,
            micrograph.PixelSize, metadata, () => array);
    }
}
