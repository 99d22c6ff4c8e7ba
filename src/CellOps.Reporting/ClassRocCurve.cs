using CellOps.Runtime.Metrics;

namespace CellOps.Reporting;

/// <summary>The ROC curve of one class against the rest.</summary>
/// <param name="Class">Class index.</param>
/// <param name="Name">Class name.</param>
/// <param name="Curve">The curve.</param>
public sealed record ClassRocCurve(int Class, string Name, RocCurve Curve);
