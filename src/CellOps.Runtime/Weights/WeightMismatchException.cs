namespace CellOps.Runtime.Weights;

/// <summary>A weight file that does not fit a network: entries missing, unexpected or of the wrong shape, all listed in one message.</summary>
public sealed class WeightMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="fileName"/>.</summary>
    public WeightMismatchException(string fileName, WeightComparison comparison)
        : base($"The weights in {fileName} do not fit the network; nothing was loaded.{Environment.NewLine}{comparison.Describe()}")
    {
        FileName = fileName;
        Comparison = comparison;
    }

    /// <summary>The weight file's name.</summary>
    public string FileName { get; }

    /// <summary>Every difference found.</summary>
    public WeightComparison Comparison { get; }
}
