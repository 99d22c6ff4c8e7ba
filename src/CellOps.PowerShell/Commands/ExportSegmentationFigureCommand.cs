using System.Management.Automation;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Measurement;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Inference;
using CellOps.Imaging.Maps;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes one PNG that shows dense predictions of several models next to the truth.</para>
/// <para type="description">Takes PredictionResults (from Invoke-CellModel) of one or more models over the same micrographs and writes a
/// figure with one row per micrograph: the micrograph, its true classes from its label image, then each model's map.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "SegmentationFigure", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSegmentationFigureCommand : PSCmdlet
{
    private readonly List<PredictionResult> _results = new();

    /// <summary>Prediction results, one per model (from Invoke-CellModel).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PredictionResult[] InputObject { get; set; } = Array.Empty<PredictionResult>();

    /// <summary>The PNG file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Names of the micrographs to show (default: the first -MaxMicrographs that every result covers).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Micrograph { get; set; }

    /// <summary>Rows at most, when -Micrograph is not given.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int MaxMicrographs { get; set; } = 3;

    /// <summary>Column titles, one per result (default: each result's model).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Title { get; set; }

    /// <summary>Largest side of each panel in pixels; larger micrographs are shrunk.</summary>
    [Parameter]
    [ValidateRange(16, 4096)]
    public int PanelSize { get; set; } = 384;

    /// <summary>Replace an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit the written file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => _results.AddRange(InputObject.Where(r => r is not null));

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_results.Count == 0) return;
        if (Title is not null && Title.Length != _results.Count)
        {
            Fail(new ArgumentException($"{Title.Length} titles for {_results.Count} results; give one title per result."), "TitleCountMismatch", ErrorCategory.InvalidArgument, Title);
        }
        var titles = Title ?? _results.Select(r => r.Model).ToArray();
        var micrographs = Shown();
        if (micrographs.Count == 0)
        {
            Fail(new ArgumentException(Micrograph is null
                ? "The results have no micrograph in common to show."
                : $"None of the micrographs {string.Join(", ", Micrograph)} is covered by every result."), "NoCommonMicrograph", ErrorCategory.ObjectNotFound, Micrograph);
        }

        string path = FileSystemPaths.ToFullPath(this, Path);
        if (OutputFile.Problem(path, Force, nameof(Path)) is { } problem)
        {
            ThrowTerminatingError(problem);
        }
        if (!ShouldProcess(path, $"Write a figure of {micrographs.Count} micrograph(s) and {_results.Count} model(s)")) return;

        // Maps are built one at a time and only their label maps kept (at the overview's scale for a whole slide),
        // for the shown micrographs alone.
        var shown = micrographs.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var labels = _results.Select(r =>
        {
            var byName = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var built in r.ToProbabilityMaps())
            {
                using var map = built;
                if (shown.Contains(map.Micrograph)) byName.TryAdd(map.Micrograph, Overview.For(map.Width, map.Height).Labels(map));
            }
            return byName;
        }).ToArray();
        var rows = micrographs
            .Select(m => new SegmentationFigure.Row(m, Truth(m), labels.Select(byName => byName[m.Name]).ToArray()))
            .ToList();
        try
        {
            var (rgb, width, height) = SegmentationFigure.Compose(rows, titles, PanelSize);
            PngWriter.Write(path, width, height, 3, rgb);
        }
        catch (MicrographReadException ex)
        {
            ThrowTerminatingError(MicrographErrors.From(ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(new IOException($"Could not write {path}: {ex.Message}", ex), "WriteFailed", ErrorCategory.WriteError, path);
        }
        WriteVerbose($"Wrote {path}: columns micrograph, truth, {string.Join(", ", titles)}.");
        if (PassThru) WriteObject(FileItems.Get(this, path));
    }

    // The micrographs every result covers, in the first result's order, chosen by name where asked.
    private IReadOnlyList<Micrograph> Shown()
    {
        var covered = _results.Select(r => r.Micrographs.Select(m => m.Micrograph).ToHashSet(StringComparer.Ordinal)).ToArray();
        var common = _results[0].Sources.Where(m => covered.All(set => set.Contains(m.Name))).ToArray();
        if (Micrograph is null) return common.Take(MaxMicrographs).ToArray();
        var chosen = new List<Micrograph>();
        foreach (var name in Micrograph)
        {
            var match = common.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                WriteError(new ErrorRecord(new ArgumentException($"'{name}' is not among the micrographs every result covers ({string.Join(", ", common.Select(m => m.Name))})."),
                    "MicrographNotCovered", ErrorCategory.ObjectNotFound, name));
                continue;
            }
            chosen.Add(match);
        }
        return chosen;
    }

    // The truth column: the label image read as the first model's training data coded it, at the overview's scale
    // for a whole slide; empty where there is none.
    private byte[]? Truth(Micrograph micrograph)
    {
        var coding = _results.Select(r => r.LabelCoding).FirstOrDefault(c => c is not null);
        if (coding is null || micrograph.Pair is null) return null;
        return TruthReading.ReadOverview(this, new SegmentationTruth(coding), micrograph, CancellationToken.None);
    }

    private void Fail(Exception exception, string id, ErrorCategory category, object? target) =>
        ThrowTerminatingError(new ErrorRecord(exception, id, category, target));
}
