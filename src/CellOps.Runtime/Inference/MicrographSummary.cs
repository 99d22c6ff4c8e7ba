namespace CellOps.Runtime.Inference;

/// <summary>
/// A micrograph's share of positive tiles: for the cardiomyocyte study, the differentiation
/// efficiency estimated from phase contrast alone.
/// </summary>
/// <param name="Micrograph">Name of the micrograph.</param>
/// <param name="Tiles">Tiles predicted.</param>
/// <param name="PositiveTiles">Tiles predicted as class 1 (the positive class of binary models; for more classes, any class but 0).</param>
/// <param name="PositiveFraction">PositiveTiles / Tiles.</param>
/// <param name="MeanPositiveProbability">Mean probability of not being class 0.</param>
/// <param name="LabelledPositiveFraction">The same share from the tiles' true labels, where every tile has one.</param>
public sealed record MicrographSummary(string Micrograph, int Tiles, int PositiveTiles, double PositiveFraction,
    double MeanPositiveProbability, double? LabelledPositiveFraction);
