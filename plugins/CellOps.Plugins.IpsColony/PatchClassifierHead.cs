using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>Two fully connected layers from the encoder's whole 8×8 map (where in the patch a feature lies matters: the centre is what is called).</summary>
public sealed class PatchClassifierHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear output;
    private readonly Dropout dropout;

    /// <summary>Creates the head.</summary>
    public PatchClassifierHead(long inputs, int hiddenUnits, int classes, double dropoutRate) : base(nameof(PatchClassifierHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        hidden = nn.Linear(inputs, hiddenUnits);
        output = nn.Linear(hiddenUnits, classes);
        dropout = nn.Dropout(dropoutRate);
        ClassCount = classes;
        HiddenUnits = hiddenUnits;
        DropoutRate = dropoutRate;
        RegisterComponents();
    }

    /// <summary>Classes K.</summary>
    public int ClassCount { get; }

    /// <summary>Units of the hidden layer.</summary>
    public int HiddenUnits { get; }

    /// <summary>Dropout probability.</summary>
    public double DropoutRate { get; }

    /// <summary>N×C×h×w features to N×K logits.</summary>
    public override Tensor forward(Tensor features)
    {
        using var flat = features.flatten(1);
        using var dropped = dropout.call(flat);
        using var h = hidden.call(dropped);
        using var activated = nn.functional.relu(h);
        return output.call(activated);
    }
}
