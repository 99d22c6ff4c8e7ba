using System.Collections.Concurrent;
using TorchSharp;

namespace CellOps.Sdk.Torch;

/// <summary>
/// TorchSharp <see cref="Scalar"/>s that live as long as the process: the constants a network or an
/// optimiser hands to libtorch (1, ε, a slope, β).
/// </summary>
/// <remarks>
/// <para>
/// In TorchSharp 0.107, a number passed where a <see cref="Scalar"/> is expected (<c>t.add_(1)</c>,
/// <c>t * 0.5</c>, and inside TorchSharp's own <c>BatchNorm</c>, <c>LeakyReLU</c>, <c>Adam</c> and
/// <c>SGD</c>) becomes a new Scalar object whose only owner is the call in progress. Once the call has
/// read its native handle the object is unreachable, so a garbage collection during the native call
/// lets the finalizer thread free the native scalar while libtorch is still reading it. The symptoms
/// are random: "Unknown scalar type", "For integral input tensors, argument alpha must not be a
/// floating point number", "Expected false to be true", or silently wrong values. A Scalar from this
/// class is referenced from a static table, so it can never be collected.
/// </para>
/// <para>
/// Use it for values that repeat (constants and hyperparameters). For a value that changes from call
/// to call, hold the Scalar yourself until the call has returned:
/// <c>using var stepSize = value.ToScalar(); p.add_(update, stepSize);</c>. CellOps' tests check every
/// CellOps and built-in plugin assembly for Scalars made any other way.
/// </para>
/// </remarks>
public static class Scalars
{
    // Generous for constants and the hyperparameters of many trials; a plugin that passes a fresh value
    // per step would pass it long before memory mattered, and is told how to do it instead.
    private const int Capacity = 100_000;
    private static readonly ConcurrentDictionary<long, Scalar> Integers = new();
    private static readonly ConcurrentDictionary<long, Scalar> Reals = new();

    /// <summary>The integer 1, e.g. the alpha of an in-place add on an integer tensor.</summary>
    public static Scalar One => Of(1L);

    /// <summary>A 64-bit integer Scalar that is never freed.</summary>
    /// <param name="value">The value.</param>
    public static Scalar Of(long value) => Get(Integers, value, static v => v.ToScalar());

    /// <summary>A 64-bit floating-point Scalar that is never freed.</summary>
    /// <param name="value">The value; NaN and the infinities are allowed.</param>
    public static Scalar Of(double value) =>
        Get(Reals, BitConverter.DoubleToInt64Bits(value), static bits => BitConverter.Int64BitsToDouble(bits).ToScalar());

    private static Scalar Get(ConcurrentDictionary<long, Scalar> table, long key, Func<long, Scalar> create)
    {
        if (table.TryGetValue(key, out var held)) return held;
        if (Integers.Count + Reals.Count >= Capacity)
        {
            throw new InvalidOperationException(
                $"{Capacity} distinct values have been held as process-lifetime Scalars; Scalars.Of is for constants. " +
                "For a value that changes from call to call, hold the Scalar only for the call: using var s = value.ToScalar();");
        }
        // GetOrAdd may run the factory twice under a race; the loser is disposed at once rather than
        // left to the finalizer, and nobody has seen it.
        var made = create(key);
        var kept = table.GetOrAdd(key, made);
        if (!ReferenceEquals(kept, made)) made.Dispose();
        return kept;
    }
}
