using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// W-Net's classifier: two fully connected layers on the backbone's features (a hidden layer with
/// ReLU, then one logit per class), with dropout before each against overfitting small data sets.
/// The part that transfer learning replaces when the classes change.
/// </summary>
public sealed class WNetHead : nn.Module<Tensor, Tensor>
{
    private readonly Dropout dropIn;
    private readonly Linear hidden;
    private readonly Dropout dropHidden;
    private readonly Linear output;

    /// <summary>Builds the classifier with fresh weights.</summary>
    /// <param name="features">Length of the backbone's feature vector.</param>
    /// <param name="hiddenUnits">Units of the hidden layer.</param>
    /// <param name="classes">Classes, at least 2.</param>
    /// <param name="dropout">Dropout probability, in [0, 1).</param>
    public WNetHead(int features, int hiddenUnits, int classes, double dropout) : base(nameof(WNetHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenUnits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");
        ClassCount = classes;
        dropIn = nn.Dropout(dropout);
        hidden = nn.Linear(features, hiddenUnits);
        dropHidden = nn.Dropout(dropout);
        output = nn.Linear(hiddenUnits, classes);
        RegisterComponents();
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>N×features to N×classes logits.</summary>
    public override Tensor forward(Tensor features)
    {
        using var dropped = dropIn.call(features);
        using var projected = hidden.call(dropped);
        using var activated = nn.functional.relu(projected);
        using var droppedHidden = dropHidden.call(activated);
        return output.call(droppedHidden);
    }
}
