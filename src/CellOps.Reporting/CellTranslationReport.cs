namespace CellOps.Reporting;

/// <summary>What Export-CellReport wrote for an image-translation model, with the headline numbers per channel.</summary>
public sealed class CellTranslationReport
{
    /// <summary>Creates the record of a written report.</summary>
    public CellTranslationReport(string folder, IReadOnlyList<string> files, TranslationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Folder = folder;
        Files = files.Select(f => new FileInfo(f)).ToArray();
        Model = report.Model;
        Channels = report.Channels;
        Micrographs = report.Micrographs.Count;
        ScoredMicrographs = report.Scored.Count;
        Complete = report.Complete;
        Scores = report.Scores is null ? [] : report.Channels.Select((name, c) => new TranslationChannelSummary(name, report.Scores[c])).ToArray();
    }

    /// <summary>The report's folder.</summary>
    public string Folder { get; }

    /// <summary>The files written.</summary>
    public IReadOnlyList<FileInfo> Files { get; }

    /// <summary>The model (PluginId.ModelName).</summary>
    public string Model { get; }

    /// <summary>The target channels' names.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>Micrographs predicted.</summary>
    public int Micrographs { get; }

    /// <summary>Micrographs scored against a measured target (their pair).</summary>
    public int ScoredMicrographs { get; }

    /// <summary>False where the run was stopped before every micrograph was predicted.</summary>
    public bool Complete { get; }

    /// <summary>Per channel, the scores pooled over the scored micrographs; empty where none was scored.</summary>
    public IReadOnlyList<TranslationChannelSummary> Scores { get; }

    /// <summary>The channel's scores by name (e.g. <c>DAPI</c>); null without scores or where no channel has the name.</summary>
    public TranslationChannelSummary? ScoresOf(string channel) =>
        Scores.FirstOrDefault(s => string.Equals(s.Channel, channel, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => $"{Model}: {Files.Count} files in {Folder}";
}
