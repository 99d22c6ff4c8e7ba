namespace CellOps.Plugins.Leukocyte;

/// <summary>Running sums of a GAN epoch's losses and discriminator scores, for its means.</summary>
internal sealed class EpochSums
{
    public int Batches { get; private set; }
    public double LossD { get; private set; }
    public double LossG { get; private set; }
    public double RealScore { get; private set; }
    public double FakeScore { get; private set; }

    public void Add(double lossD, double lossG, double realScore, double fakeScore)
    {
        Batches++;
        LossD += lossD;
        LossG += lossG;
        RealScore += realScore;
        FakeScore += fakeScore;
    }

    /// <summary>The mean of a sum over the batches so far (NaN before the first).</summary>
    public double Mean(double sum) => Batches == 0 ? double.NaN : sum / Batches;
}
