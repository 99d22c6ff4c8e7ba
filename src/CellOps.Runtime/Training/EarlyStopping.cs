namespace CellOps.Runtime.Training;

/// <summary>Stops training when the validation loss has not improved for a number of epochs.</summary>
public sealed class EarlyStopping
{
    /// <summary>Creates the state; <paramref name="patience"/> 0 never stops.</summary>
    public EarlyStopping(int patience, double bestLoss = double.PositiveInfinity, int epochsSinceBest = 0)
    {
        Patience = patience;
        BestLoss = bestLoss;
        EpochsSinceBest = epochsSinceBest;
    }

    /// <summary>Epochs without improvement that end the run (0: never).</summary>
    public int Patience { get; }

    /// <summary>Lowest validation loss seen.</summary>
    public double BestLoss { get; private set; }

    /// <summary>Epochs since <see cref="BestLoss"/> was reached.</summary>
    public int EpochsSinceBest { get; private set; }

    /// <summary>Whether the run should stop now.</summary>
    public bool ShouldStop => Patience > 0 && EpochsSinceBest >= Patience;

    /// <summary>Records an epoch's validation loss (null without validation).</summary>
    /// <returns>True where it improved or there is nothing to compare.</returns>
    public bool Observe(double? validationLoss)
    {
        if (validationLoss is not { } loss || double.IsNaN(loss)) return true;
        if (loss < BestLoss)
        {
            BestLoss = loss;
            EpochsSinceBest = 0;
            return true;
        }
        EpochsSinceBest++;
        return false;
    }
}
