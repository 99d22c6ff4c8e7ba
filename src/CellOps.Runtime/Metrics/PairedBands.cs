using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Metrics;

/// <summary>
/// Reads one channel of frame 0 of two pixel-aligned images together, a band of whole rows at a
/// time, as raw float values; memory is two bands, whatever the image's height.
/// </summary>
internal sealed class PairedBands
{
    private readonly IPixelSource _truth;
    private readonly int _truthChannel;
    private readonly IPixelSource _prediction;
    private readonly int _predictionChannel;
    private readonly int _rowsPerBand;

    public PairedBands(IPixelSource truth, int truthChannel, IPixelSource prediction, int predictionChannel, int rowsPerBand)
    {
        _truth = truth;
        _truthChannel = truthChannel;
        _prediction = prediction;
        _predictionChannel = predictionChannel;
        _rowsPerBand = Math.Clamp(rowsPerBand, 1, truth.Height);
    }

    public delegate void Visitor(ReadOnlySpan<float> truth, ReadOnlySpan<float> prediction, int top, int rows);

    /// <summary>Calls <paramref name="visit"/> with each band's two channels (rows × width values each), top to bottom.</summary>
    public void ForEach(CancellationToken cancellationToken, Visitor visit)
    {
        int width = _truth.Width, height = _truth.Height;
        var truthBuffer = new float[checked(_rowsPerBand * width * _truth.ChannelCount)];
        var predictionBuffer = new float[checked(_rowsPerBand * width * _prediction.ChannelCount)];
        for (int top = 0; top < height; top += _rowsPerBand)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int rows = Math.Min(_rowsPerBand, height - top);
            var region = new PixelRect(0, top, width, rows);
            int plane = rows * width;
            _truth.ReadRegion(0, region, truthBuffer.AsSpan());
            _prediction.ReadRegion(0, region, predictionBuffer.AsSpan());
            visit(truthBuffer.AsSpan(_truthChannel * plane, plane), predictionBuffer.AsSpan(_predictionChannel * plane, plane), top, rows);
        }
    }
}
