using CellOps.Sdk.Tiling;
using static TorchSharp.torch;

namespace CellOps.Sdk.Training;

/// <summary>
/// One batch of tiles as tensors on the training device. The consumer disposes it (or lets the
/// enclosing dispose scope do so) when the step is done.
/// </summary>
public sealed class TrainingBatch : IDisposable
{
    /// <summary>Wraps a batch.</summary>
    public TrainingBatch(Tensor inputs, Tensor? targets, IReadOnlyList<Tile> tiles)
    {
        Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        Targets = targets;
        Tiles = tiles ?? throw new ArgumentNullException(nameof(tiles));
    }

    /// <summary>N×C×H×W float32 inputs, normalised as the model's input spec says.</summary>
    public Tensor Inputs { get; }

    /// <summary>
    /// Targets: N int64 class indices for labels; N×K×S float32 class fractions per grid cell for class-histogram
    /// targets (see <see cref="Models.IDenseModel"/>); for image targets N×C'×H×W float32, the paired image's region of
    /// each tile, flipped and turned with its input, each channel scaled into the model's
    /// <see cref="Models.IImageTranslationModel.OutputRange"/>; null without targets.
    /// </summary>
    public Tensor? Targets { get; }

    /// <summary>The tiles in the batch, in batch order.</summary>
    public IReadOnlyList<Tile> Tiles { get; }

    /// <summary>Number of tiles.</summary>
    public int Count => Tiles.Count;

    /// <inheritdoc />
    public void Dispose()
    {
        Inputs.Dispose();
        Targets?.Dispose();
    }
}
