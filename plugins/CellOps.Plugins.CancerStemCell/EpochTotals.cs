namespace CellOps.Plugins.CancerStemCell;

/// <summary>Running sums of an epoch's per-batch losses and discriminator scores, for their means.</summary>
internal sealed class EpochTotals
{
    public int Batches { get; private set; }
    public double LossG { get; private set; }
    public double L1 { get; private set; }
    public double LossD { get; private set; }
    public double RealScore { get; private set; }
    public double FakeScore { get; private set; }

    public void Add(double lossG, double l1, double lossD = double.NaN, double realScore = double.NaN, double fakeScore = double.NaN)
    {
        Batches++;
        LossG += lossG;
        L1 += l1;
        LossD += lossD;
        RealScore += realScore;
        FakeScore += fakeScore;
    }

    /// <summary>The mean of a sum over the batches so far (NaN before the first).</summary>
    public double Mean(double sum) => Batches == 0 ? double.NaN : sum / Batches;
}
