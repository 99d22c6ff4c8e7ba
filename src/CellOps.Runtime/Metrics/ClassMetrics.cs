namespace CellOps.Runtime.Metrics;

/// <summary>Precision, recall and F1 of one class, and how many tiles truly belong to it.</summary>
public sealed record ClassMetrics(int Class, string Name, double Precision, double Recall, double F1, int Support);
