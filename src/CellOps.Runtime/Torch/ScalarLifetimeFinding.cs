namespace CellOps.Runtime.Torch;

/// <summary>
/// A place where a TorchSharp Scalar can be freed while libtorch still reads it: a method that makes a
/// Scalar it does not hold, or calls TorchSharp code that does, or a layer or optimiser whose own code does.
/// </summary>
/// <param name="Location">The method, layer or optimiser, e.g. <c>ConvBlock.forward</c> or <c>features.3 (TorchSharp.Modules.LeakyReLU)</c>.</param>
/// <param name="Call">What it calls or is, e.g. <c>Tensor.add(Tensor)</c>.</param>
/// <param name="Advice">What to use instead.</param>
public sealed record ScalarLifetimeFinding(string Location, string Call, string Advice)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Location}: {Call} — {Advice}";
}
