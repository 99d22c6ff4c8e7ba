using CellOps.Runtime.Weights;
using CellOps.Sdk.Models;

namespace CellOps.Runtime.Importing;

/// <summary>
/// Finds how many classes a saved classifier predicts when only the head's shapes keep it from fitting the
/// network: a file of ImageNet's 1000 classes against a model declared for two fates. Such a file is taken
/// whole, head included, by giving the network a head of the file's size first.
/// </summary>
internal static class HeadResize
{
    /// <summary>The file's class count where every difference is a head tensor whose first dimension is the class count; else null.</summary>
    public static int? ClassCount(WeightComparison comparison, ITransferableNetwork network)
    {
        if (comparison.WrongShape.Count == 0 || comparison.Missing.Count > 0 || comparison.Unexpected.Count > 0) return null;
        int? classes = null;
        foreach (var mismatch in comparison.WrongShape)
        {
            bool headTensor = mismatch.Name.StartsWith("head.", StringComparison.Ordinal);
            bool onlyClassesDiffer = mismatch.FileShape.Length == mismatch.NetworkShape.Length
                && mismatch.NetworkShape.Length > 0
                && mismatch.NetworkShape[0] == network.ClassCount
                && mismatch.FileShape.Skip(1).SequenceEqual(mismatch.NetworkShape.Skip(1));
            if (!headTensor || !onlyClassesDiffer) return null;
            long k = mismatch.FileShape[0];
            if (k < 2 || k > 100_000 || (classes is { } seen && seen != k)) return null;
            classes = (int)k;
        }
        return classes;
    }
}
