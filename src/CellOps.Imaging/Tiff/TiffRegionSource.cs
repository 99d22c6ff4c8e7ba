using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Produces the pixels of one region of a page that <see cref="TiffWriter"/> is writing, so that an image
/// never has to be held in memory whole. The layout is that of <see cref="IPixelSource.ReadRegion"/>:
/// channel-planar, the page's pixel type, machine byte order, one byte (0 or 1) per bit sample.
/// </summary>
/// <param name="region">The region wanted: one strip or tile, clipped to the image.</param>
/// <param name="destination">Receives SamplesPerPixel × region area samples.</param>
public delegate void TiffRegionSource(PixelRect region, Span<byte> destination);
