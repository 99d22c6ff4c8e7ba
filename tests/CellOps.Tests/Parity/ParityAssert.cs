using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CellOps.Tests.Parity;

/// <summary>
/// Element-wise comparison with PyTorch's reference values: |actual − expected| ≤ atol + rtol·|expected|
/// (numpy.allclose's rule), in float32; the largest absolute error is written to the test output.
/// </summary>
internal sealed class ParityAssert(ITestOutputHelper output)
{
    /// <summary>
    /// The tolerance of every comparison (outputs, gradients, running statistics, Adam's parameters): a
    /// few float32 roundings. Convolution weight gradients, sums of up to a few hundred products, are
    /// the largest differences seen (about 6e-6) and need nothing looser.
    /// </summary>
    public const double Atol = 1e-5, Rtol = 1e-4;

    /// <summary>The largest absolute error seen by this test, over every comparison.</summary>
    public double MaxAbsError { get; private set; }

    public double Close(Tensor actual, Tensor expected, string what, double atol = Atol, double rtol = Rtol)
    {
        Assert.Equal(expected.shape, actual.shape);
        var a = actual.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        var e = expected.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        double maxAbs = 0;
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double diff = Math.Abs((double)a[i] - e[i]);
            if (double.IsNaN(diff)) diff = double.PositiveInfinity;
            maxAbs = Math.Max(maxAbs, diff);
            double excess = diff - (atol + rtol * Math.Abs(e[i]));
            if (excess > worstExcess) { worstExcess = excess; worst = i; }
        }
        MaxAbsError = Math.Max(MaxAbsError, maxAbs);
        output.WriteLine($"{what}: max |Δ| = {maxAbs:E2} over {a.Length} values (atol {atol:E0}, rtol {rtol:E0})");
        Assert.True(worst < 0,
            worst < 0 ? "" : $"{what}: element {worst} is {a[worst]} in CellOps and {e[worst]} in PyTorch (|Δ| {Math.Abs(a[worst] - e[worst]):E3} > {atol:E0} + {rtol:E0}·|expected|); max |Δ| {maxAbs:E3}.");
        return maxAbs;
    }

    /// <summary>Writes the test's largest error; call at the end of a test.</summary>
    public void Summary(string what) => output.WriteLine($"PARITY {what}: max |Δ| = {MaxAbsError:E2}");
}
