using CellOps.Runtime.Metrics;
using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Inference;

// The JSON shape of a saved PredictionResult (see PredictionFile). The evaluation is not saved: it is
// computed again from the tiles' probabilities and labels, as PredictionResult.Create computes it.
internal sealed record SavedPrediction(
    string Model,
    string[] ClassNames,
    bool Complete,
    string GroupedBy,
    int Block,
    int Grid,
    SavedLabelCoding? LabelCoding,
    SegmentationReport? Segmentation,
    SavedMicrograph[] Micrographs,
    SavedTile[] Tiles,
    float[]? Cells);

internal sealed record SavedLabelCoding(int ClassCount, int? IgnoreValue, int[] Values);

// A micrograph as far as a result needs it: its description (the pixels stay in its file), its summary, and its tiles.
internal sealed record SavedMicrograph(
    string Name,
    string? Path,
    int Width,
    int Height,
    PixelType PixelType,
    int FrameCount,
    SavedChannel[] Channels,
    PixelSize? PixelSize,
    Dictionary<string, string> Metadata,
    MicrographSummary Summary,
    int[] Tiles);

internal sealed record SavedChannel(int Index, string Name, ChannelRole Role);

// Micrograph: the index into SavedPrediction.Micrographs of the tile's source.
internal sealed record SavedTile(int Micrograph, int Index, int Frame, int X, int Y, int Width, int Height, int Label, float[] Probabilities);
