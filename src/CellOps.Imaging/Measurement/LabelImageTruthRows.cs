using System.Globalization;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Imaging.Measurement;

/// <summary>
/// A label image's classes read from its file as they are asked for, strip by strip: only a strip of
/// about a quarter of a million samples is ever held, whatever the image's size or the band asked for.
/// </summary>
internal sealed class LabelImageTruthRows : TruthRows
{
    private const int StripSamples = 1 << 18;

    private readonly Micrograph _pair;
    private readonly LabelCoding _coding;
    private readonly IPixelSource _source;
    private readonly int _frame;
    private readonly CancellationToken _cancellationToken;
    private readonly int _stripRows;
    private float[]? _strip;

    public LabelImageTruthRows(Micrograph pair, LabelCoding coding, int frame, CancellationToken cancellationToken)
        : base(pair.Width, pair.Height)
    {
        _pair = pair;
        _coding = coding;
        _cancellationToken = cancellationToken;
        _source = pair.OpenPixels();
        _frame = EdgeMap.PairFrame(frame, _source.FrameCount);
        _stripRows = Math.Clamp(StripSamples / Math.Max(1, Width * _source.ChannelCount), 1, Height);
    }

    protected override void Fill(int top, int count, Span<byte> destination)
    {
        // The strip is kept between calls: a caller's bands come one after another.
        _strip ??= new float[checked(_stripRows * Width * _source.ChannelCount)];
        for (int y = top; y < top + count; y += _stripRows)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            int rows = Math.Min(_stripRows, top + count - y);
            _source.ReadRegion(_frame, new PixelRect(0, y, Width, rows), _strip.AsSpan());
            // The first channel comes first: channel-planar.
            Classify(_strip.AsSpan(0, rows * Width), y, destination.Slice((y - top) * Width, rows * Width));
        }
    }

    private void Classify(ReadOnlySpan<float> values, int top, Span<byte> classes)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float value = values[i];
            int label = _coding.ClassOf(value);
            if (label == LabelCoding.Invalid)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The label image '{_pair.Path ?? _pair.Name}' holds the value {value} at ({i % Width}, {top + i / Width}); the class labels are {_coding.DescribeValues()}."));
            }
            classes[i] = label == LabelCoding.Ignored ? SegmentationTruth.Ignored : (byte)label;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _source.Dispose();
    }
}
