using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>
/// The study's method: each 64×64 patch is split into r×r cells at several resolutions, and the CNN
/// learns each cell's class distribution (the share of its pixels in each class, leaving out pixels
/// experts marked uncertain) with a divergence loss. Coarse cells let coarse or partly uncertain
/// annotations teach it; in prediction, overlapping patches' finest cells are blended into the map.
/// </summary>
public sealed class ClassDistributionModel : ISupervisedModel, IDenseModel
{
    /// <summary>Hyperparameter name: the finest grid r.</summary>
    public const string Grid = "Grid";

    /// <summary>Hyperparameter name: resolutions, each half the one before (e.g. Grid 4, Levels 3: 4×4, 2×2, 1×1).</summary>
    public const string Levels = "Levels";

    private static readonly HyperParameter[] Declared =
    {
        new(Grid, HyperParameterKind.Integer, 1, 8, 4, "The finest grid r: each patch gives r×r cell distributions (at most 8, the encoder's map)."),
        new(Levels, HyperParameterKind.Integer, 1, 4, 3, "Resolutions learned at once, each halving the grid while it divides evenly."),
        ColonyImages.Width(16),
        ColonyImages.Rate(1e-3),
        ColonyImages.Decay,
    };

    /// <inheritdoc />
    public string Name => "ClassDistribution";

    /// <inheritdoc />
    public string Description =>
        "Learns the class distribution of each cell of an r×r grid over a 64×64 patch, at several r at once, ignoring the uncertain class; " +
        "dense maps blend overlapping patches' cells.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.DenseSegmentation;

    /// <inheritdoc />
    public InputSpec Input => ColonyImages.Input;

    /// <inheritdoc />
    public TileTarget Target => TileTarget.ClassHistogram;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => ColonyImages.Classes;

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters => Declared;

    /// <summary>The grids from coarsest to finest, e.g. 1, 2, 4.</summary>
    /// <inheritdoc />
    public IReadOnlyList<int> OutputGrids(HyperParameterValues hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        int r = hyperParameters.GetInt(Grid), levels = hyperParameters.GetInt(Levels);
        var grids = new List<int> { r };
        while (grids.Count < levels && grids[0] % 2 == 0) grids.Insert(0, grids[0] / 2);
        return grids;
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return new ClassDistributionNetwork(Input.Channels, ColonyImages.Classes.Count, hyperParameters.GetInt(ColonyImages.BaseWidth), OutputGrids(hyperParameters));
    }

    /// <summary>Mean KL divergence per cell that holds any class (see <see cref="DistributionLoss"/>).</summary>
    /// <inheritdoc />
    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights) => DistributionLoss.KullbackLeibler(output, target, classWeights);
}
