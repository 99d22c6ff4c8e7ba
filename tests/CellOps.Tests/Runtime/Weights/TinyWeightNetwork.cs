using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Weights;

/// <summary>The fixture script's Tiny network (conv, BatchNorm, ReLU, global mean, linear), with the same parameter names.</summary>
internal sealed class TinyWeightNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly CellOps.Sdk.Torch.BatchNorm2d bn;
    private readonly Linear fc;

    public TinyWeightNetwork(long classes = 2) : base(nameof(TinyWeightNetwork))
    {
        conv = nn.Conv2d(2, 3, 3, padding: 1);
        bn = Layers.BatchNorm2d(3);
        fc = nn.Linear(3, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var features = torch.nn.functional.relu(bn.forward(conv.forward(input)));
        return fc.forward(features.mean(new long[] { 2, 3 })).MoveToOuterDisposeScope();
    }
}
