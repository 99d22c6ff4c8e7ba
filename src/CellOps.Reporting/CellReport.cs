namespace CellOps.Reporting;

/// <summary>What Export-CellReport wrote, with the headline numbers.</summary>
public sealed class CellReport
{
    /// <summary>Creates the record of a written report.</summary>
    public CellReport(string folder, IReadOnlyList<string> files, EvaluationReport report)
    {
        Folder = folder;
        Files = files.Select(f => new FileInfo(f)).ToArray();
        Model = report.Model;
        Accuracy = report.Classification?.Accuracy;
        RocAuc = report.Classification?.RocAuc;
        EfficiencyCorrelation = report.EfficiencyCorrelation;
        AreaCorrelation = report.AreaCorrelation;
        MeanStainIou = report.MeanStainIou;
        Micrographs = report.Micrographs.Count;
        Groups = report.Groups;
    }

    /// <summary>The report's folder.</summary>
    public string Folder { get; }

    /// <summary>The files written.</summary>
    public IReadOnlyList<FileInfo> Files { get; }

    /// <summary>The model (PluginId.ModelName).</summary>
    public string Model { get; }

    /// <summary>Tile accuracy, where every tile was labelled.</summary>
    public double? Accuracy { get; }

    /// <summary>ROC AUC, where defined.</summary>
    public double? RocAuc { get; }

    /// <summary>Pearson's r of predicted (tile share) against measured efficiency.</summary>
    public double? EfficiencyCorrelation { get; }

    /// <summary>Pearson's r of predicted positive area against measured efficiency.</summary>
    public double? AreaCorrelation { get; }

    /// <summary>Mean IoU of the virtual stain against the binarized pair, over the micrographs that have one.</summary>
    public double? MeanStainIou { get; }

    /// <summary>Micrographs covered.</summary>
    public int Micrographs { get; }

    /// <summary>The metrics per time point, in time order; empty where no micrograph has a time point.</summary>
    public IReadOnlyList<CellOps.Runtime.Inference.GroupSummary> Groups { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Model}: {Files.Count} files in {Folder}";
}
