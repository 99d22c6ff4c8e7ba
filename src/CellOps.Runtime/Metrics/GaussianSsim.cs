using System.Numerics;

namespace CellOps.Runtime.Metrics;

/// <summary>
/// The structural similarity of Wang et al. (2004), fed one image row at a time, top to bottom:
/// Gaussian-weighted local means, population variances and covariance (11-tap window, σ = 1.5, the
/// window scikit-image builds with truncate = 3.5, radius ⌊3.5·1.5 + 0.5⌋ = 5), C1 = (K1·L)²,
/// C2 = (K2·L)², and the SSIM map summed over the pixels whose whole window lies inside the image
/// (a border of 5 pixels is left out on every side, as scikit-image crops it).
/// </summary>
/// <remarks>
/// The window is separable: each row is filtered horizontally once and kept in a ring of the last 11
/// rows, from which each output row is filtered vertically; memory is 11 rows, whatever the height.
/// The moments are formed as E[x²] − E[x]², as scikit-image forms them, in double precision.
/// </remarks>
internal sealed class GaussianSsim
{
    public const double Sigma = 1.5;
    public const int Radius = 5;
    public const int Window = 2 * Radius + 1;
    public const double K1 = 0.01;
    public const double K2 = 0.03;

    private static readonly double[] Kernel = MakeKernel();

    private readonly int _width;
    private readonly int _outWidth;
    private readonly double _c1;
    private readonly double _c2;
    // Horizontally filtered rows of t, p, t², p², t·p; ring slot = row mod Window.
    private readonly double[][][] _ring;
    private readonly double[][] _products;
    private readonly double[][] _local;
    private long _rows;

    /// <param name="width">Image width; at least <see cref="Window"/>.</param>
    /// <param name="dataRange">L, the truth's max − min; positive.</param>
    public GaussianSsim(int width, double dataRange)
    {
        if (width < Window) throw new ArgumentOutOfRangeException(nameof(width), width, $"SSIM needs images at least {Window} pixels wide.");
        _width = width;
        _outWidth = width - 2 * Radius;
        _c1 = (K1 * dataRange) * (K1 * dataRange);
        _c2 = (K2 * dataRange) * (K2 * dataRange);
        _ring = new double[5][][];
        for (int q = 0; q < 5; q++)
        {
            _ring[q] = new double[Window][];
            for (int s = 0; s < Window; s++) _ring[q][s] = new double[_outWidth];
        }
        _products = new double[5][];
        for (int q = 0; q < 5; q++) _products[q] = new double[width];
        _local = new double[5][];
        for (int q = 0; q < 5; q++) _local[q] = new double[_outWidth];
    }

    /// <summary>Σ of the SSIM map over the rows completed so far.</summary>
    public double Sum { get; private set; }

    /// <summary>Pixels in <see cref="Sum"/>.</summary>
    public long Count { get; private set; }

    /// <summary>Adds the next row of both images.</summary>
    public void AddRow(ReadOnlySpan<float> truth, ReadOnlySpan<float> prediction)
    {
        var t = _products[0];
        var p = _products[1];
        var tt = _products[2];
        var pp = _products[3];
        var tp = _products[4];
        for (int x = 0; x < _width; x++)
        {
            double a = truth[x], b = prediction[x];
            t[x] = a;
            p[x] = b;
            tt[x] = a * a;
            pp[x] = b * b;
            tp[x] = a * b;
        }
        int slot = (int)(_rows % Window);
        for (int q = 0; q < 5; q++)
        {
            var filtered = _ring[q][slot].AsSpan();
            filtered.Clear();
            for (int k = 0; k < Window; k++) AddScaled(filtered, _products[q].AsSpan(k, _outWidth), Kernel[k]);
        }
        _rows++;
        if (_rows >= Window) EmitRow();
    }

    // The output row centred on the middle row of the ring: the ring holds rows r−10 … r.
    private void EmitRow()
    {
        for (int q = 0; q < 5; q++)
        {
            var local = _local[q].AsSpan();
            local.Clear();
            for (int k = 0; k < Window; k++)
            {
                int slot = (int)((_rows - Window + k) % Window);
                AddScaled(local, _ring[q][slot], Kernel[k]);
            }
        }
        var ux = _local[0];
        var uy = _local[1];
        var uxx = _local[2];
        var uyy = _local[3];
        var uxy = _local[4];
        double sum = 0;
        for (int j = 0; j < _outWidth; j++)
        {
            double vx = uxx[j] - ux[j] * ux[j];
            double vy = uyy[j] - uy[j] * uy[j];
            double vxy = uxy[j] - ux[j] * uy[j];
            double a1 = 2 * ux[j] * uy[j] + _c1;
            double a2 = 2 * vxy + _c2;
            double b1 = ux[j] * ux[j] + uy[j] * uy[j] + _c1;
            double b2 = vx + vy + _c2;
            sum += a1 * a2 / (b1 * b2);
        }
        Sum += sum;
        Count += _outWidth;
    }

    private static void AddScaled(Span<double> accumulator, ReadOnlySpan<double> values, double weight)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<double>(weight);
            int step = Vector<double>.Count;
            for (; i <= accumulator.Length - step; i += step)
            {
                var sum = new Vector<double>(accumulator[i..]) + new Vector<double>(values[i..]) * w;
                sum.CopyTo(accumulator[i..]);
            }
        }
        for (; i < accumulator.Length; i++) accumulator[i] += values[i] * weight;
    }

    // exp(−x²/2σ²) for x = −5 … 5, normalised to sum 1 (scipy.ndimage's Gaussian kernel).
    private static double[] MakeKernel()
    {
        var kernel = new double[Window];
        double sigma2 = Sigma * Sigma, total = 0;
        for (int k = 0; k < Window; k++)
        {
            int x = k - Radius;
            kernel[k] = Math.Exp(-0.5 / sigma2 * (x * x));
            total += kernel[k];
        }
        for (int k = 0; k < Window; k++) kernel[k] /= total;
        return kernel;
    }
}
