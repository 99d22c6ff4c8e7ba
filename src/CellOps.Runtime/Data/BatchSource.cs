using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;
using static TorchSharp.torch;

namespace CellOps.Runtime.Data;

/// <summary>
/// Serves a list of tiles as batches on a device: in order, or shuffled (or drawn class-balanced) and
/// augmented for a given epoch. An epoch's order and transforms depend only on the seed and the epoch
/// number, so a run resumed from a checkpoint sees exactly the batches the uninterrupted run would have seen.
/// </summary>
public sealed class BatchSource
{
    private readonly IReadOnlyList<Tile> _tiles;
    private readonly TileTensorizer _tensorizer;
    private readonly Device _device;
    private readonly bool _withLabels;
    private readonly IBatchTargets? _targets;

    /// <summary>Creates a source.</summary>
    /// <param name="tiles">The tiles.</param>
    /// <param name="tensorizer">Turns tiles into tensors (shared by the sources of one run).</param>
    /// <param name="batchSize">Tiles per batch; the last batch may be smaller.</param>
    /// <param name="device">Where the batches go.</param>
    /// <param name="withLabels">Whether batches carry label tensors.</param>
    /// <param name="sampling">How <see cref="ForEpoch"/> draws tiles; <see cref="BatchSampling.Balanced"/> needs labelled tiles.</param>
    /// <param name="targets">Targets read at batch time (class fractions per grid cell, paired images), or null.</param>
    /// <exception cref="ArgumentException">Balanced sampling of tiles without labels, or both labels and other targets.</exception>
    public BatchSource(IReadOnlyList<Tile> tiles, TileTensorizer tensorizer, int batchSize, Device device, bool withLabels,
        BatchSampling sampling = BatchSampling.Shuffled, IBatchTargets? targets = null)
    {
        if (withLabels && targets is not null) throw new ArgumentException("A batch has either label targets or others, not both.", nameof(targets));
        _targets = targets;
        _tiles = tiles ?? throw new ArgumentNullException(nameof(tiles));
        _tensorizer = tensorizer ?? throw new ArgumentNullException(nameof(tensorizer));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        BatchSize = batchSize;
        _device = device;
        _withLabels = withLabels;
        if (!Enum.IsDefined(sampling)) throw new ArgumentOutOfRangeException(nameof(sampling), sampling, "Unknown sampling.");
        if (sampling == BatchSampling.Balanced && _tiles.Any(t => t.Label < 0))
        {
            throw new ArgumentException("Balanced sampling draws tiles by class; every tile needs a label.", nameof(sampling));
        }
        Sampling = sampling;
    }

    /// <summary>How <see cref="ForEpoch"/> draws tiles.</summary>
    public BatchSampling Sampling { get; }

    /// <summary>Tiles per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Number of tiles.</summary>
    public int TileCount => _tiles.Count;

    /// <summary>Number of batches per pass.</summary>
    public int BatchCount => (_tiles.Count + BatchSize - 1) / BatchSize;

    /// <summary>The tiles in order, unaugmented.</summary>
    public IEnumerable<TrainingBatch> InOrder()
    {
        for (int start = 0; start < _tiles.Count; start += BatchSize)
        {
            var tiles = Slice(_tiles, start);
            yield return Make(tiles, null);
        }
    }

    /// <summary>
    /// The tiles of one epoch: shuffled (or drawn class-balanced, see <see cref="BatchSampling"/>), and
    /// each flipped or turned at random when <paramref name="augment"/> is set.
    /// </summary>
    public IEnumerable<TrainingBatch> ForEpoch(long seed, int epoch, bool augment)
    {
        var random = new Random(EpochSeed(seed, epoch));
        Tile[] order;
        if (Sampling == BatchSampling.Balanced)
        {
            order = BalancedOrder.Draw(_tiles, random);
        }
        else
        {
            order = _tiles.ToArray();
            random.Shuffle(order);
        }
        var transforms = new int[order.Length];
        if (augment)
        {
            for (int i = 0; i < transforms.Length; i++) transforms[i] = random.Next(DihedralTransform.Count);
        }
        for (int start = 0; start < order.Length; start += BatchSize)
        {
            var tiles = Slice(order, start);
            IReadOnlyList<int>? batchTransforms = null;
            if (augment) batchTransforms = transforms.AsSpan(start, tiles.Count).ToArray();
            yield return Make(tiles, batchTransforms);
        }
    }

    private TrainingBatch Make(IReadOnlyList<Tile> tiles, IReadOnlyList<int>? transforms)
    {
        var inputs = _tensorizer.Inputs(tiles, _device, transforms);
        try
        {
            var targets = _withLabels ? TileTensorizer.Labels(tiles, _device) : _targets?.Targets(tiles, _device, transforms);
            return new TrainingBatch(inputs, targets, tiles);
        }
        catch
        {
            inputs.Dispose();
            throw;
        }
    }

    private IReadOnlyList<Tile> Slice(IReadOnlyList<Tile> tiles, int start)
    {
        int count = Math.Min(BatchSize, tiles.Count - start);
        var slice = new Tile[count];
        for (int i = 0; i < count; i++) slice[i] = tiles[start + i];
        return slice;
    }

    private static int EpochSeed(long seed, int epoch)
    {
        unchecked
        {
            ulong mixed = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)epoch * 0xBF58476D1CE4E5B9UL;
            mixed ^= mixed >> 31;
            return (int)(mixed & 0x7FFFFFFF);
        }
    }
}
