namespace CellOps.Imaging.Measurement;

/// <summary>The rows of classes already held whole: small images, and tests.</summary>
internal sealed class InMemoryTruthRows(byte[] classes, int width, int height) : TruthRows(width, height)
{
    protected override void Fill(int top, int count, Span<byte> destination) =>
        classes.AsSpan(top * Width, destination.Length).CopyTo(destination);
}
