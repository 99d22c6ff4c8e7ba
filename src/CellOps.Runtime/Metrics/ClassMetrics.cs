namespace CellOps.Runtime.Metrics;

/// <summary>Precision, recall and F1 of one class, with its support (how many true samples it has).</summary>
/// <param name="Class">The class index.</param>
/// <param name="Name">The class name.</param>
/// <param name="Precision">TP / (TP + FP); 0 where the class is never predicted.</param>
/// <param name="Recall">TP / (TP + FN); 0 where the class never occurs.</param>
/// <param name="F1">2·TP / (2·TP + FP + FN), the harmonic mean of the two; 0 where TP is 0.</param>
/// <param name="Support">The number of samples whose true class this is.</param>
public sealed record ClassMetrics(int Class, string Name, double Precision, double Recall, double F1, int Support);
