using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime;

/// <summary>A plugin with one tiny classifier, small enough to train in a test in well under a second.</summary>
internal sealed class TinyPlugin : ICellPlugin
{
    public string Id => "Tiny";
    public Version Version { get; } = new(1, 2, 0);
    public StudyReference Study { get; } = new("Test study", "CellOps tests (2026)");
    public IReadOnlyList<ICellModel> Models { get; } = new ICellModel[] { new TinyModel() };
    public static TinyModel Model => (TinyModel)new TinyPlugin().Models[0];
}

/// <summary>Two convolutions with batch norm, global pooling, dropout (so resume must restore the random state) and a linear head.</summary>
internal sealed class TinyModel : ISupervisedModel
{
    public const int TileSize = 32;
    public string Name => "Blob";
    public string Description => "Finds a bright blob.";
    public ModelTask Task => ModelTask.TileClassification;
    public InputSpec Input { get; } = new(TileSize, 1, Normalization.PerTileStandardize);
    public TileTarget Target => TileTarget.Label;
    public IReadOnlyList<string> ClassNames { get; } = new[] { "empty", "blob" };
    public IReadOnlyList<HyperParameter> HyperParameters { get; } = new[]
    {
        new HyperParameter("Width", HyperParameterKind.Integer, 8, 16, 8, "Channels of both convolutions."),
        new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-4, 1e-1, 5e-3, "Adam's step size."),
    };

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) =>
        new TinyNetwork(hyperParameters.GetInt("Width"));

    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights) =>
        nn.functional.cross_entropy(output, target, classWeights);
}

/// <summary>Two blocks of convolution, batch norm, ReLU and max pooling; global average pooling; dropout; a linear head.</summary>
internal sealed class TinyNetwork : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _conv1, _norm1, _pool1, _conv2, _norm2, _pool2, _dropout, _head;

    public TinyNetwork(int width) : base(nameof(TinyNetwork))
    {
        _conv1 = nn.Conv2d(1, width, 3, padding: 1, bias: false);
        _norm1 = nn.BatchNorm2d(width);
        _pool1 = nn.MaxPool2d(2);
        _conv2 = nn.Conv2d(width, width, 3, padding: 1, bias: false);
        _norm2 = nn.BatchNorm2d(width);
        _pool2 = nn.MaxPool2d(2);
        _dropout = nn.Dropout(0.2);
        _head = nn.Linear(width, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _pool1.call(nn.functional.relu(_norm1.call(_conv1.call(input))));
        x = _pool2.call(nn.functional.relu(_norm2.call(_conv2.call(x))));
        x = nn.functional.adaptive_avg_pool2d(x, new long[] { 1, 1 }).flatten(1);
        return _head.call(_dropout.call(x)).MoveToOuterDisposeScope();
    }
}
