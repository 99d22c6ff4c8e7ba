namespace CellOps.Runtime.Weights;

/// <summary>A weight file that cannot be read: damaged, of an unknown or legacy format, or holding something other than tensors.</summary>
public class WeightFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public WeightFileException(string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
    }

    /// <summary>The file that was being read.</summary>
    public string Path { get; }
}
