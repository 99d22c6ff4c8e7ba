using CellOps.Plugins.CancerStemCell;
using CellOps.Sdk.Models;

namespace CellOps.Tests.Plugins.CancerStemCell;

/// <summary>Hyperparameters that make both models' networks small enough to train in a test.</summary>
internal static class TinyWidths
{
    /// <summary>Width 4 for the generator and, where the model has one, the discriminator; then <paramref name="more"/>.</summary>
    public static Dictionary<string, double> For(ICellModel model, params (string Name, double Value)[] more)
    {
        var values = new Dictionary<string, double> { [TranslationHyperParameters.GeneratorWidth] = 4 };
        if (model.HyperParameters.Any(p => p.Name == TranslationHyperParameters.DiscriminatorWidth))
        {
            values[TranslationHyperParameters.DiscriminatorWidth] = 4;
        }
        foreach (var (name, value) in more) values[name] = value;
        return values;
    }

    /// <summary><see cref="For"/>, resolved against the model's declarations.</summary>
    public static HyperParameterValues Resolve(ICellModel model, params (string Name, double Value)[] more) =>
        HyperParameterValues.Resolve(model.HyperParameters, For(model, more));
}
