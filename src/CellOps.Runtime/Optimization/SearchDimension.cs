using CellOps.Sdk.Models;

namespace CellOps.Runtime.Optimization;

/// <summary>
/// One hyperparameter's place in the search's unit cube. The Gaussian process assumes distances mean
/// the same everywhere, so each kind gets the scale on which its effect is roughly even: linear for
/// Real, logarithmic for LogReal, linear then rounded for Integer, and one 0/1 feature per choice for
/// Categorical (choices have no order, so no choice should sit "between" two others).
/// </summary>
public sealed class SearchDimension
{
    internal SearchDimension(HyperParameter parameter, int offset)
    {
        Parameter = parameter;
        Offset = offset;
        Width = parameter.Kind == HyperParameterKind.Categorical ? parameter.Choices.Count : 1;
    }

    /// <summary>The hyperparameter.</summary>
    public HyperParameter Parameter { get; }

    /// <summary>Its first feature in a point of the cube.</summary>
    public int Offset { get; }

    /// <summary>Its number of features: the number of choices for a categorical hyperparameter, else 1.</summary>
    public int Width { get; }

    private bool IsCategorical => Parameter.Kind == HyperParameterKind.Categorical;

    /// <summary>Writes the features of <paramref name="value"/> (clamped into range) into <paramref name="point"/>.</summary>
    public void Encode(double value, double[] point)
    {
        var p = Parameter;
        if (IsCategorical)
        {
            int choice = (int)Math.Clamp(Math.Round(value), 0, Width - 1);
            for (int i = 0; i < Width; i++) point[Offset + i] = i == choice ? 1 : 0;
            return;
        }
        double v = Math.Clamp(value, p.Min, p.Max);
        if (p.Kind == HyperParameterKind.Integer) v = Math.Round(v);
        point[Offset] = p.Max == p.Min ? 0.5
            : p.Kind == HyperParameterKind.LogReal ? (Math.Log(v) - Math.Log(p.Min)) / (Math.Log(p.Max) - Math.Log(p.Min))
            : (v - p.Min) / (p.Max - p.Min);
    }

    /// <summary>The value at <paramref name="point"/>'s features: rounded for an integer, the largest feature's choice for a categorical.</summary>
    public double Decode(double[] point)
    {
        var p = Parameter;
        if (IsCategorical)
        {
            int best = 0;
            for (int i = 1; i < Width; i++) if (point[Offset + i] > point[Offset + best]) best = i;
            return best;
        }
        double u = Math.Clamp(point[Offset], 0, 1);
        double v = p.Kind == HyperParameterKind.LogReal
            ? Math.Exp(Math.Log(p.Min) + u * (Math.Log(p.Max) - Math.Log(p.Min)))
            : p.Min + u * (p.Max - p.Min);
        if (p.Kind == HyperParameterKind.Integer) v = Math.Round(v);
        return Math.Clamp(v, p.Min, p.Max);
    }

    /// <summary>Writes a uniformly random value's features (each integer and each choice equally likely).</summary>
    public void Sample(Random random, double[] point)
    {
        var p = Parameter;
        switch (p.Kind)
        {
            case HyperParameterKind.Categorical:
                Encode(random.Next(Width), point);
                break;
            case HyperParameterKind.Integer:
                // Drawn among the integers: rounding a uniform number would give the end values half a share.
                Encode(p.Min + random.Next((int)(p.Max - p.Min) + 1), point);
                break;
            default:
                point[Offset] = p.Max == p.Min ? 0.5 : random.NextDouble();
                break;
        }
    }

    /// <summary>
    /// Moves <paramref name="point"/>'s features a step of about <paramref name="scale"/> (a fraction of
    /// the range): a Gaussian step for numbers, another choice with probability <paramref name="scale"/>
    /// for a categorical. The result is always a value the hyperparameter can take.
    /// </summary>
    public void Perturb(Random random, double[] point, double scale)
    {
        var p = Parameter;
        if (IsCategorical)
        {
            if (Width > 1 && random.NextDouble() < scale)
            {
                int current = (int)Decode(point);
                int other = random.Next(Width - 1);
                Encode(other >= current ? other + 1 : other, point);
            }
            return;
        }
        if (p.Max == p.Min) return;
        double u = Math.Clamp(point[Offset] + scale * Gaussian(random), 0, 1);
        point[Offset] = u;
        if (p.Kind == HyperParameterKind.Integer) Encode(Decode(point), point);
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
