using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;

namespace CellOps.PluginHost;

/// <summary>What Get-CellModel shows of one model (or, with Status Failed, of a plugin that did not load).</summary>
public sealed class ModelInfo
{
    private ModelInfo()
    {
    }

    /// <summary><c>PluginId.ModelName</c>; the plugin id alone for a failed plugin.</summary>
    public string Name { get; private init; } = "";

    /// <summary>The model's name within its plugin.</summary>
    public string? Model { get; private init; }

    /// <summary>The plugin id.</summary>
    public string Plugin { get; private init; } = "";

    /// <summary>The plugin's version.</summary>
    public Version? PluginVersion { get; private init; }

    /// <summary>One or two sentences on the model.</summary>
    public string? Description { get; private init; }

    /// <summary>The study's title.</summary>
    public string? Study { get; private init; }

    /// <summary>The study's citation (with its DOI where there is one).</summary>
    public string? Citation { get; private init; }

    /// <summary>What the model predicts.</summary>
    public ModelTask? Task { get; private init; }

    /// <summary>The input it takes.</summary>
    public InputSpec? Input { get; private init; }

    /// <summary>The tile target it trains on.</summary>
    public TileTarget? Target { get; private init; }

    /// <summary>Class names, index = class.</summary>
    public IReadOnlyList<string> Classes { get; private init; } = Array.Empty<string>();

    /// <summary>Declared hyperparameters: name, kind, range, default, description.</summary>
    public IReadOnlyList<HyperParameter> HyperParameters { get; private init; } = Array.Empty<HyperParameter>();

    /// <summary>Available (declared; the plugin's code has not run in this session), Loaded, or Failed.</summary>
    public PluginStatus Status { get; private init; }

    /// <summary>What kind of failure (None where the plugin loaded).</summary>
    public PluginFailure Failure { get; private init; }

    /// <summary>Why the plugin failed.</summary>
    public string? Reason { get; private init; }

    /// <summary>The plugin folder.</summary>
    public string Folder { get; private init; } = "";

    /// <summary>Where the plugin was found.</summary>
    public PluginSource Source { get; private init; }

    /// <summary>Describes a model as its plugin's manifest declares it (no plugin code runs).</summary>
    public static ModelInfo From(DeclaredModel declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var model = declared.Declaration;
        var record = declared.Record;
        return new ModelInfo
        {
            Name = declared.QualifiedName,
            Model = model.Name,
            Plugin = record.Id,
            PluginVersion = record.Version,
            Description = model.Description,
            Study = record.Study?.Title,
            Citation = record.Study?.ToString(),
            Task = model.Task,
            Input = model.Input,
            Target = model.Target,
            Classes = model.ClassNames,
            HyperParameters = model.HyperParameters,
            Status = record.Status,
            Folder = record.Folder,
            Source = record.Source,
        };
    }

    /// <summary>Describes a plugin that failed to load.</summary>
    public static ModelInfo From(PluginRecord failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return new ModelInfo
        {
            Name = failed.Id,
            Plugin = failed.Id,
            PluginVersion = failed.Version,
            Study = failed.Study?.Title,
            Citation = failed.Study?.ToString(),
            Status = failed.Status,
            Failure = failed.Failure,
            Reason = failed.Reason,
            Folder = failed.Folder,
            Source = failed.Source,
        };
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
