using System.Management.Automation;
using CellOps.Imaging.Formats;
using CellOps.PowerShell.Internal;
using CellOps.Imaging.Maps;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes model predictions as full-size virtual stains: a probability TIFF (or, for image-translation models, the predicted
/// fluorescence), a binarized stain and a colour overlay.</para>
/// <para type="description">Lays Invoke-CellModel results back over each micrograph (overlapping tiles blended smoothly) and writes, per
/// micrograph, NAME.probability.tif (float32), NAME.stain.tif (8-bit, 0/255; NAME.labels.tif with class indices for more than two
/// classes) and NAME.overlay.png, keeping the micrograph's physical pixel size. Existing files are kept unless -Force is given.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "VirtualStain", SupportsShouldProcess = true, DefaultParameterSetName = DirectorySet)]
[OutputType(typeof(VirtualStain), typeof(TranslatedStain))]
public sealed class ExportVirtualStainCommand : PSCmdlet
{
    private const string DirectorySet = "OutputDirectory";
    private const string PathSet = "Path";
    private const int ProgressId = 5;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    /// <summary>PredictionResults from Invoke-CellModel (or ProbabilityMaps).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>Folder for the files, named after each micrograph (default: the current location). Created if missing.</summary>
    [Parameter(ParameterSetName = DirectorySet, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? OutputDirectory { get; set; }

    /// <summary>For one micrograph: the path the files are named after (an extension is dropped), e.g. out/well-A1.</summary>
    [Parameter(ParameterSetName = PathSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Two classes: the probability at or above which a pixel is stained (default 0.5).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Threshold { get; set; } = 0.5;

    /// <summary>Strength of the overlay colour, 0 to 1 (default 0.5).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Opacity { get; set; } = 0.5;

    /// <summary>Replace files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit a VirtualStain object per micrograph written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            switch (item is PSObject wrapped ? wrapped.BaseObject : item)
            {
                case ProbabilityMap map:
                    Export(map, 0, 1);
                    break;
                case TranslationResult translation:
                    for (int i = 0; i < translation.Count && !Stopping; i++) Export(translation.Micrographs[i], i, translation.Count);
                    break;
                case PredictedImage image:
                    Export(image, 0, 1);
                    break;
                case IProbabilityMapSource source:
                    ExportAll(source);
                    break;
                case null:
                    break;
                default:
                    WriteError(new ErrorRecord(
                        new ArgumentException($"Export-VirtualStain takes the PredictionResults of Invoke-CellModel (without -PerTile), not {item.GetType().Name}."),
                        "UnsupportedInput", ErrorCategory.InvalidType, item));
                    break;
            }
        }
    }

    private void ExportAll(IProbabilityMapSource source)
    {
        var maps = source.ToProbabilityMaps().ToList();
        for (int i = 0; i < maps.Count && !Stopping; i++) Export(maps[i], i, maps.Count);
    }

    /// <inheritdoc />
    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(ProgressId, "Writing virtual stains", "Done") { RecordType = ProgressRecordType.Completed });

    private void Export(ProbabilityMap map, int index, int count)
    {
        var files = VirtualStainFiles.ForStem(Stem(map), map.ClassCount);
        if (!CanWrite(files.Probability, files.All, map.Micrograph, map.Source)) return;

        WriteProgress(new ProgressRecord(ProgressId, "Writing virtual stains", $"{map.Micrograph} ({index + 1} of {count})")
        {
            PercentComplete = index * 100 / Math.Max(1, count),
        });
        using var claim = Claim(files.All);
        if (claim is null) return;
        try
        {
            var stain = VirtualStainWriter.Write(map, files, new VirtualStainOptions { Threshold = Threshold, Opacity = Opacity });
            claim.Commit();
            WriteVerbose($"{map.Micrograph}: {stain.PositiveArea:P1} stained; wrote {string.Join(", ", files.All)}.");
            if (PassThru) WriteObject(stain);
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            WriteFailed($"the virtual stain of {map.Micrograph}", claim.Pending, ex);
        }
    }

    // Null after writing the error where another process holds a file of the set (or it is a folder).
    private OutputSet? Claim(IReadOnlyList<string> files)
    {
        var claim = OutputFile.Claim(files, Force, OutputParameter, out var problem);
        if (claim is null) WriteError(problem!);
        return claim;
    }

    private void WriteFailed(string what, string file, Exception ex) =>
        WriteError(new ErrorRecord(
            new IOException($"Could not write {what} to {file}: {ex.Message} None of its files were kept.", ex),
            "WriteFailed", ErrorCategory.WriteError, file));

    private void Export(PredictedImage image, int index, int count)
    {
        string name = image.Source.Name;
        var files = TranslatedStainFiles.ForStem(Stem(name));
        if (!CanWrite(files.Prediction, files.All, name, image.Source)) return;
        WriteProgress(new ProgressRecord(ProgressId, "Writing virtual stains", $"{name} ({index + 1} of {count})")
        {
            PercentComplete = index * 100 / Math.Max(1, count),
        });
        using var claim = Claim(files.All);
        if (claim is null) return;
        try
        {
            var found = TranslatedStainWriter.Write(image, files, Opacity);
            claim.Commit();
            var stain = new TranslatedStain(name, files, found.Select(f => f.Channel).ToArray(),
                found.Select(f => f.Threshold).ToArray(), found.Select(f => f.PositiveFraction).ToArray());
            WriteVerbose($"{stain}; wrote {string.Join(", ", files.All)}.");
            if (PassThru) WriteObject(stain);
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            WriteFailed($"the predicted stain of {name}", claim.Pending, ex);
        }
    }

    // The checks every micrograph's files pass before anything is written; false after writing the error.
    private bool CanWrite(string first, IReadOnlyList<string> all, string micrograph, object target)
    {
        if (ParameterSetName == PathSet && _written.Count > 0)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"-Path names the files of one micrograph; {micrograph} is another. Use -OutputDirectory to write several."),
                "PathNamesOneMicrograph", ErrorCategory.InvalidArgument, target));
            return false;
        }
        if (!_written.Add(first))
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"{first} was already written by this command; two inputs share the micrograph name {micrograph}."),
                "DuplicateMicrographName", ErrorCategory.ResourceExists, first));
            return false;
        }
        // Checked before ShouldProcess as well as by the claim, so that -WhatIf reports it too.
        if (all.Select(f => OutputFile.Problem(f, Force, OutputParameter)).FirstOrDefault(p => p is not null) is { } problem)
        {
            WriteError(problem);
            return false;
        }
        return ShouldProcess(string.Join(", ", all), $"Write the virtual stain of {micrograph}");
    }

    private string OutputParameter => ParameterSetName == PathSet ? nameof(Path) : nameof(OutputDirectory);

    private string Stem(ProbabilityMap map) => Stem(map.Micrograph);

    private string Stem(string micrograph)
    {
        if (ParameterSetName == PathSet)
        {
            string full = FileSystemPaths.ToFullPath(this, Path);
            string extension = System.IO.Path.GetExtension(full);
            return extension is ".tif" or ".tiff" or ".png" ? full[..^extension.Length] : full;
        }
        string folder = FileSystemPaths.ToFullPath(this, OutputDirectory ?? ".");
        return System.IO.Path.Combine(folder, System.IO.Path.GetFileNameWithoutExtension(micrograph));
    }
}
