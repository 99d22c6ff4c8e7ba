namespace CellOps.PluginHost;

/// <summary>
/// The plugin offering a model could not be loaded when the model was used (its code threw, a
/// dependency is missing, or it describes itself otherwise than its manifest). <see cref="Record"/> says why.
/// </summary>
public sealed class PluginLoadFailedException : Exception
{
    internal PluginLoadFailedException(string modelName, PluginRecord record)
        : base($"The model {modelName} cannot be used: {record.Reason}")
    {
        ModelName = modelName;
        Record = record;
    }

    /// <summary>The model that was asked for.</summary>
    public string ModelName { get; }

    /// <summary>The failed plugin's record (folder, failure, reason).</summary>
    public PluginRecord Record { get; }
}
