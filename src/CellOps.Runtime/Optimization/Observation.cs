namespace CellOps.Runtime.Optimization;

/// <summary>One evaluated point of a search.</summary>
/// <param name="Values">The hyperparameter values, snapped to what they can take.</param>
/// <param name="Point">The same values in the search space's unit cube.</param>
/// <param name="Score">The score they got; lower is better; not finite where the evaluation failed.</param>
public sealed record Observation(IReadOnlyDictionary<string, double> Values, double[] Point, double Score);
