using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>An opened image file: its pixels, read a region at a time, and what the file says about them.</summary>
public interface IImageFile : IPixelSource
{
    /// <summary>Full path of the file.</summary>
    string Path { get; }

    /// <summary>Short format name for display: "TIFF", "OME-TIFF", "BigTIFF", "PNG", "JPEG", "BMP".</summary>
    string Format { get; }

    /// <summary>Channel names the file gives (OME channel names), one per channel; null where it gives none.</summary>
    IReadOnlyList<string?> ChannelNames { get; }

    /// <summary>Physical pixel size from the file (OME or TIFF resolution tags), or null.</summary>
    PixelSize? PixelSize { get; }

    /// <summary>Metadata worth keeping: compression, photometric interpretation, description, OME fields.</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// How many series of pages the file holds: runs of consecutive pages that agree in size, channel
    /// count and pixel type. 1 for most files; a file of several is opened one series at a time
    /// (<see cref="ImageReadOptions.Series"/>).
    /// </summary>
    int SeriesCount => 1;
}
