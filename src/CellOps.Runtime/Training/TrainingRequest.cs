using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;

namespace CellOps.Runtime.Training;

/// <summary>Everything a training run needs.</summary>
public sealed record TrainingRequest
{
    /// <summary>The plugin the model comes from.</summary>
    public required ICellPlugin Plugin { get; init; }

    /// <summary>The model to train.</summary>
    public required ICellModel Model { get; init; }

    /// <summary>The labelled tiles.</summary>
    public required TileSet Tiles { get; init; }

    /// <summary>Settings.</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>
    /// A trained package to start from (transfer learning): its backbone's weights replace the fresh
    /// network's, whose head stays fresh for the tiles' classes. Null: fresh weights throughout.
    /// The caller owns and disposes it.
    /// </summary>
    public TransferSource? Parent { get; init; }

    /// <summary>Device, threads and seeding.</summary>
    public required ComputeContext Compute { get; init; }

    /// <summary>Receives progress after each batch.</summary>
    public Action<TrainingProgress>? Progress { get; init; }

    /// <summary>Receives notes for the verbose stream.</summary>
    public Action<string>? Verbose { get; init; }

    /// <summary>Receives warnings (e.g. a plugin layer that can fail at random under load).</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Stops the run after the current batch.</summary>
    public CancellationToken Cancellation { get; init; }
}
