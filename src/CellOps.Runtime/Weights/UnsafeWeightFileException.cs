namespace CellOps.Runtime.Weights;

/// <summary>
/// A PyTorch file whose pickle refers to something other than tensors (a function such as
/// <c>os.system</c>, or a class such as a whole <c>nn.Module</c>). It is refused when the reference is
/// read, before anything could be called, so nothing in the file has run.
/// </summary>
public sealed class UnsafeWeightFileException : WeightFileException
{
    /// <summary>Creates the exception for the refused global <paramref name="global"/> (<c>module.name</c>).</summary>
    public UnsafeWeightFileException(string path, string global, string message)
        : base(path, message)
    {
        Global = global;
    }

    /// <summary>The refused reference, as <c>module.name</c> (for example <c>os.system</c>).</summary>
    public string Global { get; }
}
