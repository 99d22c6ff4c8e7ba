namespace CellOps.Runtime.Training;

/// <summary>
/// A checkpoint could not be written (a full disk, a folder in its place, no permission). Training
/// stops: a run whose checkpoints silently stopped would not resume where the user believes.
/// </summary>
public sealed class CheckpointWriteException : IOException
{
    /// <summary>Creates the exception for the checkpoint at <paramref name="path"/> after <paramref name="epoch"/>.</summary>
    public CheckpointWriteException(string path, int epoch, Exception inner)
        : base($"Could not write the checkpoint '{path}' after epoch {epoch}: {inner.Message} Training stopped; any earlier checkpoint there is intact.", inner)
    {
        Path = path;
        Epoch = epoch;
    }

    /// <summary>The checkpoint's path.</summary>
    public string Path { get; }

    /// <summary>The epoch whose checkpoint failed.</summary>
    public int Epoch { get; }
}
