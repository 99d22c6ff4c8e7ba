using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Runtime.Attention;

/// <summary>
/// Where in the tile each cell of a feature map looks: the centre of cell (i, j) is pixel
/// (<see cref="OffsetY"/> + <see cref="StepY"/>·i, <see cref="OffsetX"/> + <see cref="StepX"/>·j). Grad-CAM
/// places each cell's value there and interpolates between them.
/// </summary>
/// <remarks>
/// A plain bilinear resize assumes the cells are centred on equal parts of the tile, which holds for
/// a network that halves its maps with 2×2 pooling (W-Net) but not for one that halves them with
/// centred stride-2 windows (a 3×3 convolution padded by 1, ResNet's stem and stages): there the first
/// cell is centred on the tile's first pixel, and a resized 2×2 map of a 64-pixel tile lands 16 pixels
/// down and right of where the network looked. The geometry is traced from the windows (kernel, stride,
/// padding, dilation) of the convolutions and poolings that ran, in order, up to the explained layer;
/// a window on a side branch (a shortcut that reads the same input as the main path) leaves the trace
/// where it was, since both are centred alike.
/// </remarks>
public sealed record FeatureGeometry(double OffsetY, double StepY, double OffsetX, double StepX)
{
    /// <summary>One module call seen in a forward pass: the module and the spatial sizes it read and gave.</summary>
    internal readonly record struct Call(nn.Module Module, long[] InputShape, long[] OutputShape);

    /// <summary>
    /// The geometry of the map given by the last of <paramref name="calls"/> for tiles of
    /// <paramref name="height"/>×<paramref name="width"/>; null where a size changed in a way the trace cannot
    /// follow (a functional pooling, an adaptive pooling, an upsampling), so the caller resizes plainly.
    /// </summary>
    internal static FeatureGeometry? Trace(IReadOnlyList<Call> calls, long height, long width)
    {
        double offsetY = 0, stepY = 1, offsetX = 0, stepX = 1;
        long sizeY = height, sizeX = width;
        foreach (var call in calls)
        {
            if (call.InputShape.Length != 4 || call.OutputShape.Length != 4) continue;
            long inY = call.InputShape[2], inX = call.InputShape[3], outY = call.OutputShape[2], outX = call.OutputShape[3];
            // A call that reads another size than the trace has reached is on a side branch, or a block whose
            // windows were traced already as they ran.
            if (inY != sizeY || inX != sizeX) continue;
            if (Window(call.Module) is not { } w)
            {
                if (outY != inY || outX != inX) return null;
                continue;
            }
            offsetY += stepY * (w.DilationY * (w.KernelY - 1) / 2.0 - w.PaddingY);
            offsetX += stepX * (w.DilationX * (w.KernelX - 1) / 2.0 - w.PaddingX);
            stepY *= w.StrideY;
            stepX *= w.StrideX;
            (sizeY, sizeX) = (outY, outX);
        }
        var last = calls.Count > 0 ? calls[^1].OutputShape : null;
        if (last is null || last.Length != 4 || last[2] != sizeY || last[3] != sizeX) return null;
        return new FeatureGeometry(offsetY, stepY, offsetX, stepX);
    }

    /// <summary>
    /// Resamples N maps of h×w cells to N tiles of <paramref name="height"/>×<paramref name="width"/> pixels:
    /// bilinear between the cells' centres, each edge cell's value held beyond its centre.
    /// </summary>
    public float[] Resample(float[] cells, int count, int h, int w, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var output = new float[(long)count * height * width];
        var (rowLow, rowHigh, rowWeight) = Axis(height, h, OffsetY, StepY);
        var (colLow, colHigh, colWeight) = Axis(width, w, OffsetX, StepX);
        for (int n = 0; n < count; n++)
        {
            int cellBase = n * h * w, pixelBase = n * height * width;
            for (int y = 0; y < height; y++)
            {
                int r0 = cellBase + rowLow[y] * w, r1 = cellBase + rowHigh[y] * w;
                double fy = rowWeight[y];
                for (int x = 0; x < width; x++)
                {
                    double fx = colWeight[x];
                    double top = cells[r0 + colLow[x]] * (1 - fx) + cells[r0 + colHigh[x]] * fx;
                    double bottom = cells[r1 + colLow[x]] * (1 - fx) + cells[r1 + colHigh[x]] * fx;
                    output[pixelBase + y * width + x] = (float)(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return output;
    }

    // For each pixel of one axis, the two cells around it and the weight of the second.
    private static (int[] Low, int[] High, double[] Weight) Axis(int pixels, int cells, double offset, double step)
    {
        var low = new int[pixels];
        var high = new int[pixels];
        var weight = new double[pixels];
        for (int p = 0; p < pixels; p++)
        {
            double u = Math.Clamp((p - offset) / step, 0, cells - 1);
            low[p] = (int)Math.Floor(u);
            high[p] = Math.Min(low[p] + 1, cells - 1);
            weight[p] = u - low[p];
        }
        return (low, high, weight);
    }

    private readonly record struct WindowShape(long KernelY, long KernelX, long StrideY, long StrideX, long PaddingY, long PaddingX, long DilationY, long DilationX);

    private static WindowShape? Window(nn.Module module) => module switch
    {
        Conv2d conv when conv.padding_type is null => Shape(conv.kernel_size, conv.stride, conv.padding, conv.dilation),
        MaxPool2d pool => Shape(pool.kernel_size, pool.stride, pool.padding, pool.dilation),
        AvgPool2d pool => Shape(pool.kernel_size, pool.stride, pool.padding, null),
        _ => null,
    };

    // TorchSharp keeps one value for both axes or one per axis; a missing stride is the kernel's (pooling).
    private static WindowShape? Shape(long[]? kernel, long[]? stride, long[]? padding, long[]? dilation)
    {
        if (kernel is not { Length: > 0 }) return null;
        static long At(long[]? values, int axis, long fallback) =>
            values is null || values.Length == 0 ? fallback : values[Math.Min(axis, values.Length - 1)];
        long ky = At(kernel, 0, 1), kx = At(kernel, 1, 1);
        return new WindowShape(ky, kx, At(stride, 0, ky), At(stride, 1, kx), At(padding, 0, 0), At(padding, 1, 0), At(dilation, 0, 1), At(dilation, 1, 1));
    }
}
