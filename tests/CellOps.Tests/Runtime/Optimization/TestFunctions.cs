using CellOps.Sdk.Models;

namespace CellOps.Tests.Runtime.Optimization;

/// <summary>An analytic function to minimise, with its search space and known minimum.</summary>
internal sealed record TestFunction(string Name, IReadOnlyList<HyperParameter> Parameters, Func<IReadOnlyDictionary<string, double>, double> Evaluate, double Minimum);

/// <summary>Standard benchmark functions of global optimisation, and a mixed one like a real hyperparameter space.</summary>
internal static class TestFunctions
{
    /// <summary>Branin–Hoo on [−5, 10] × [0, 15]: three global minima of 0.397887.</summary>
    public static TestFunction Branin { get; } = new("Branin",
        new[]
        {
            new HyperParameter("x1", HyperParameterKind.Real, -5, 10, 2.5, "First coordinate."),
            new HyperParameter("x2", HyperParameterKind.Real, 0, 15, 7.5, "Second coordinate."),
        },
        v =>
        {
            double x1 = v["x1"], x2 = v["x2"];
            double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
            double inner = x2 - b * x1 * x1 + c * x1 - 6;
            return inner * inner + 10 * (1 - t) * Math.Cos(x1) + 10;
        },
        0.397887);

    private static readonly double[] HartmannAlpha = { 1.0, 1.2, 3.0, 3.2 };
    private static readonly double[,] HartmannA = { { 3.0, 10, 30 }, { 0.1, 10, 35 }, { 3.0, 10, 30 }, { 0.1, 10, 35 } };
    private static readonly double[,] HartmannP =
    {
        { 0.3689, 0.1170, 0.2673 }, { 0.4699, 0.4387, 0.7470 }, { 0.1091, 0.8732, 0.5547 }, { 0.0381, 0.5743, 0.8828 },
    };

    /// <summary>Hartmann's 3-D function on [0, 1]³: global minimum −3.86278 at (0.1146, 0.5556, 0.8525).</summary>
    public static TestFunction Hartmann3 { get; } = new("Hartmann3",
        new[]
        {
            new HyperParameter("x1", HyperParameterKind.Real, 0, 1, 0.5, "First coordinate."),
            new HyperParameter("x2", HyperParameterKind.Real, 0, 1, 0.5, "Second coordinate."),
            new HyperParameter("x3", HyperParameterKind.Real, 0, 1, 0.5, "Third coordinate."),
        },
        v =>
        {
            double[] x = { v["x1"], v["x2"], v["x3"] };
            double sum = 0;
            for (int i = 0; i < 4; i++)
            {
                double inner = 0;
                for (int j = 0; j < 3; j++) inner += HartmannA[i, j] * (x[j] - HartmannP[i, j]) * (x[j] - HartmannP[i, j]);
                sum += HartmannAlpha[i] * Math.Exp(-inner);
            }
            return -sum;
        },
        -3.86278);

    private static readonly double[,] Hartmann6A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 }, { 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 },
    };
    private static readonly double[,] Hartmann6P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 }, { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 }, { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>Hartmann's 6-D function on [0, 1]⁶: global minimum −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).</summary>
    public static TestFunction Hartmann6 { get; } = new("Hartmann6",
        Enumerable.Range(1, 6).Select(i => new HyperParameter($"x{i}", HyperParameterKind.Real, 0, 1, 0.5, $"Coordinate {i}.")).ToArray(),
        v =>
        {
            double sum = 0;
            for (int i = 0; i < 4; i++)
            {
                double inner = 0;
                for (int j = 0; j < 6; j++)
                {
                    double d = v[$"x{j + 1}"] - Hartmann6P[i, j];
                    inner += Hartmann6A[i, j] * d * d;
                }
                sum += HartmannAlpha[i] * Math.Exp(-inner);
            }
            return -sum;
        },
        -3.32237);

    private static readonly double[] ChoiceOffset = { 0.6, 0.3, 0.0, 0.9 };

    /// <summary>
    /// Shaped like a training run's validation loss over a model's declarations: a width (integer,
    /// best 7), a learning rate (log scale, best 10^−2.5), an optimizer (categorical, best C) and a
    /// dropout (real, best 0.2). Minimum 0.
    /// </summary>
    public static TestFunction Mixed { get; } = new("Mixed",
        new[]
        {
            new HyperParameter("Width", HyperParameterKind.Integer, 1, 20, 10, "An integer."),
            new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-5, 1, 1e-3, "A log-scale real."),
            new HyperParameter("Optimizer", new[] { "A", "B", "C", "D" }, "A", "A categorical."),
            new HyperParameter("Dropout", HyperParameterKind.Real, 0, 0.7, 0.3, "A real."),
        },
        v =>
        {
            double width = (v["Width"] - 7) / 4, rate = (Math.Log10(v["LearningRate"]) + 2.5) / 1.5, dropout = (v["Dropout"] - 0.2) / 0.3;
            return width * width + rate * rate + dropout * dropout + ChoiceOffset[(int)v["Optimizer"]];
        },
        0.0);
}
