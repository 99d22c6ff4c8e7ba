namespace CellOps.Runtime.Optimization;

/// <summary>
/// The Nelder–Mead simplex method in a box: a derivative-free minimiser, enough for the handful of
/// kernel parameters the Gaussian process fits. Points are clamped into the box, which keeps the
/// kernel's parameters in a sensible range without a constrained method.
/// </summary>
internal static class NelderMead
{
    /// <summary>Minimises <paramref name="f"/> from <paramref name="start"/>.</summary>
    /// <param name="f">The function; may return +∞ where it cannot be evaluated.</param>
    /// <param name="start">The first point.</param>
    /// <param name="step">Size of the first simplex along each axis.</param>
    /// <param name="lower">Lower bounds.</param>
    /// <param name="upper">Upper bounds.</param>
    /// <param name="maxEvaluations">Budget of calls of <paramref name="f"/>.</param>
    /// <returns>The best point and its value.</returns>
    public static (double[] Point, double Value) Minimize(Func<double[], double> f, double[] start, double step,
        double[] lower, double[] upper, int maxEvaluations)
    {
        int n = start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        int evaluations = 0;
        double Eval(double[] x)
        {
            evaluations++;
            double v = f(x);
            return double.IsNaN(v) ? double.PositiveInfinity : v;
        }
        double[] Clamp(double[] x)
        {
            for (int i = 0; i < n; i++) x[i] = Math.Clamp(x[i], lower[i], upper[i]);
            return x;
        }

        simplex[0] = Clamp((double[])start.Clone());
        values[0] = Eval(simplex[0]);
        for (int i = 0; i < n; i++)
        {
            var x = (double[])simplex[0].Clone();
            // Step away from the bound where the start sits on it, so the simplex is not flat.
            x[i] += x[i] + step <= upper[i] ? step : -step;
            simplex[i + 1] = Clamp(x);
            values[i + 1] = Eval(simplex[i + 1]);
        }

        var order = new int[n + 1];
        while (evaluations < maxEvaluations)
        {
            for (int i = 0; i <= n; i++) order[i] = i;
            Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
            int best = order[0], worst = order[n], second = order[n - 1];
            if (Math.Abs(values[worst] - values[best]) < 1e-9 * (1 + Math.Abs(values[best])) && Spread(simplex, best) < 1e-6) break;

            var centroid = new double[n];
            for (int k = 0; k <= n; k++)
            {
                if (k == worst) continue;
                for (int i = 0; i < n; i++) centroid[i] += simplex[k][i] / n;
            }
            double[] Toward(double t)
            {
                var x = new double[n];
                for (int i = 0; i < n; i++) x[i] = centroid[i] + t * (simplex[worst][i] - centroid[i]);
                return Clamp(x);
            }

            var reflected = Toward(-1);
            double reflectedValue = Eval(reflected);
            if (reflectedValue < values[best])
            {
                var expanded = Toward(-2);
                double expandedValue = Eval(expanded);
                (simplex[worst], values[worst]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue);
                continue;
            }
            if (reflectedValue < values[second])
            {
                (simplex[worst], values[worst]) = (reflected, reflectedValue);
                continue;
            }
            var contracted = reflectedValue < values[worst] ? Toward(-0.5) : Toward(0.5);
            double contractedValue = Eval(contracted);
            if (contractedValue < Math.Min(reflectedValue, values[worst]))
            {
                (simplex[worst], values[worst]) = (contracted, contractedValue);
                continue;
            }
            // Nothing along the line helped: shrink everything toward the best point.
            for (int k = 0; k <= n; k++)
            {
                if (k == best) continue;
                for (int i = 0; i < n; i++) simplex[k][i] = simplex[best][i] + 0.5 * (simplex[k][i] - simplex[best][i]);
                values[k] = Eval(simplex[k]);
            }
        }

        int argmin = 0;
        for (int k = 1; k <= n; k++) if (values[k] < values[argmin]) argmin = k;
        return (simplex[argmin], values[argmin]);
    }

    private static double Spread(double[][] simplex, int best)
    {
        double spread = 0;
        foreach (var x in simplex)
            for (int i = 0; i < x.Length; i++) spread = Math.Max(spread, Math.Abs(x[i] - simplex[best][i]));
        return spread;
    }
}
