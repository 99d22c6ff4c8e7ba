namespace CellOps.PluginHost;

/// <summary>No loaded plugin offers a model of the given name (or a bare name is ambiguous).</summary>
public sealed class ModelNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The name that was asked for.</param>
    /// <param name="message">The message: what was asked for, the models there are, the plugins that failed.</param>
    public ModelNotFoundException(string name, string message) : base(message) => Name = name;

    /// <summary>The name that was asked for.</summary>
    public string Name { get; }
}
