using CellOps.PluginHost.Manifest;
using CellOps.Sdk.Models;

namespace CellOps.PluginHost;

/// <summary>One plugin folder the host found: the plugin it gave, or why it gave none.</summary>
public sealed class PluginRecord
{
    /// <summary>The plugin id: the manifest's <c>id</c>, or the folder name where the manifest could not be read.</summary>
    public required string Id { get; init; }

    /// <summary>The plugin's version (declared, or from its entry type); null where its manifest could not be read.</summary>
    public Version? Version { get; init; }

    /// <summary>The full path of the plugin folder (the one holding <c>plugin.json</c>).</summary>
    public required string Folder { get; init; }

    /// <summary>Where the folder was found.</summary>
    public PluginSource Source { get; init; }

    /// <summary>Available (declared, code not yet run), Loaded, or Failed.</summary>
    public PluginStatus Status { get; init; }

    /// <summary>What went wrong (None where the plugin loaded).</summary>
    public PluginFailure Failure { get; init; }

    /// <summary>One line naming the folder and the cause, where <see cref="Status"/> is Failed.</summary>
    public string? Reason { get; init; }

    /// <summary>The plugin's entry object, where it loaded.</summary>
    public ICellPlugin? Plugin { get; init; }

    /// <summary>The study the plugin implements, where its manifest could be read.</summary>
    public StudyReference? Study { get; init; }

    /// <summary>What the plugin's manifest declares (version, study, models); null where the manifest could not be read.</summary>
    public PluginDeclaration? Declaration { get; init; }

    internal PluginManifest? Manifest { get; init; }

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        PluginStatus.Loaded => $"{Id} {Version}",
        PluginStatus.Available => $"{Id} {Version} (not loaded)",
        _ => $"{Id} (failed: {Reason})",
    };

    internal static PluginRecord Available(PluginManifest manifest, PluginSource source) => new()
    {
        Id = manifest.Id,
        Version = manifest.Declaration.Version,
        Folder = manifest.Folder,
        Source = source,
        Status = PluginStatus.Available,
        Study = manifest.Declaration.Study,
        Declaration = manifest.Declaration,
        Manifest = manifest,
    };

    internal static PluginRecord Failed(string id, string folder, PluginSource source, PluginFailure failure, string cause, PluginManifest? manifest = null) => new()
    {
        Id = id,
        Version = manifest?.Declaration.Version,
        Study = manifest?.Declaration.Study,
        Declaration = manifest?.Declaration,
        Manifest = manifest,
        Folder = folder,
        Source = source,
        Status = PluginStatus.Failed,
        Failure = failure,
        Reason = OneLine($"Plugin folder '{folder}': {cause}"),
    };

    internal PluginRecord WithSource(PluginSource source) => source == Source ? this : new PluginRecord
    {
        Id = Id, Version = Version, Folder = Folder, Source = source, Status = Status, Failure = Failure, Reason = Reason, Plugin = Plugin, Study = Study,
        Declaration = Declaration, Manifest = Manifest,
    };

    private static string OneLine(string text) =>
        string.Join(" ", text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
