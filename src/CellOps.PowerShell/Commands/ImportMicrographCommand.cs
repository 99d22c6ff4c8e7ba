using System.Management.Automation;
using CellOps.Imaging.Formats;
using CellOps.PowerShell.Internal;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Imports micrographs (TIFF, OME-TIFF, PNG, JPEG, BMP) as CellOps.Micrograph objects.</para>
/// <para type="description">Reads each file's header, channels and physical pixel size, and optionally attaches a
/// paired image (fluorescence, mask or label) of the same field. Pixels are read later, one region at a time.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Micrograph", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Micrograph))]
public sealed class ImportMicrographCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private int _imported;

    /// <summary>Files to import; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Files to import, taken exactly as written; binds Get-ChildItem output by its PSPath.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Zero-based channels to keep, in order (e.g. 1 for the green channel of an RGB image); all by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? Channel { get; set; }

    /// <summary>What the channels show: one role for all channels or one per channel.</summary>
    [Parameter]
    public ChannelRole[]? Role { get; set; }

    /// <summary>Channel names, one per channel.</summary>
    [Parameter]
    public string[]? ChannelName { get; set; }

    /// <summary>Read the pages of a multi-page file as channels instead of frames.</summary>
    [Parameter]
    public SwitchParameter PagesAsChannels { get; set; }

    /// <summary>The paired image: a path, or a script block that maps each input file ($_) to its pair's path.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? PairWith { get; set; }

    /// <summary>What the paired image shows (Fluorescence by default).</summary>
    [Parameter]
    public ChannelRole PairRole { get; set; } = ChannelRole.Fluorescence;

    /// <summary>Channel names of the paired image.</summary>
    [Parameter]
    public string[]? PairChannelName { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (var argument in literal ? LiteralPath : Path)
        {
            foreach (var file in FileSystemPaths.Resolve(this, argument, literal))
            {
                if (Stopping) return;
                WriteProgress(new ProgressRecord(1, "Importing micrographs", System.IO.Path.GetFileName(file))
                {
                    CurrentOperation = $"{_imported} imported",
                });
                var micrograph = ImportOne(file);
                if (micrograph is not null)
                {
                    _imported++;
                    WriteObject(micrograph);
                }
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(1, "Importing micrographs", "Done") { RecordType = ProgressRecordType.Completed });

    private Micrograph? ImportOne(string file)
    {
        var options = new MicrographLoadOptions
        {
            Read = new ImageReadOptions { PagesAsChannels = PagesAsChannels.IsPresent },
            Channels = Channel ?? Array.Empty<int>(),
            Roles = Role ?? Array.Empty<ChannelRole>(),
            ChannelNames = ChannelName ?? Array.Empty<string>(),
        };
        var micrograph = Load(file, options);
        if (micrograph is null || PairWith is null) return micrograph;

        var pairPath = ResolvePairPath(file);
        if (pairPath is null) return null;
        var pair = Load(pairPath, new MicrographLoadOptions
        {
            Roles = new[] { PairRole },
            ChannelNames = PairChannelName ?? Array.Empty<string>(),
        });
        if (pair is null) return null;

        if (pair.Width != micrograph.Width || pair.Height != micrograph.Height)
        {
            var message = $"The pair '{pairPath}' is {pair.Width}×{pair.Height} but '{file}' is {micrograph.Width}×{micrograph.Height}; " +
                          "a pair must have the same size as its micrograph.";
            WriteError(MicrographErrors.From(
                new MicrographReadException(pairPath, MicrographReadFailure.Mismatch, message), file, "PairSizeMismatch"));
            return null;
        }
        return micrograph.WithPair(pair);
    }

    private Micrograph? Load(string file, MicrographLoadOptions options)
    {
        try
        {
            return MicrographLoader.Load(file, options);
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex, file));
        }
        catch (ArgumentException ex)
        {
            WriteError(MicrographErrors.Create(ex.Message, "InvalidChannelDescription", ErrorCategory.InvalidArgument, file, ex));
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteError(MicrographErrors.Unexpected(file, ex));
        }
        return null;
    }

    private string? ResolvePairPath(string file)
    {
        object? result = PairWith;
        if (PairWith is ScriptBlock mapping)
        {
            try
            {
                var output = mapping.InvokeWithContext(null, new List<PSVariable> { new("_", new FileInfo(file)) });
                result = output.Count == 1 ? output[0] : null;
                if (result is null)
                {
                    WriteError(MicrographErrors.Create(
                        $"-PairWith gave {output.Count} values for '{file}'; it must give exactly one path.",
                        "PairPathInvalid", ErrorCategory.InvalidResult, file));
                    return null;
                }
            }
            catch (RuntimeException ex)
            {
                WriteError(MicrographErrors.Create(
                    $"-PairWith failed for '{file}': {ex.Message}", "PairPathInvalid", ErrorCategory.InvalidOperation, file, ex));
                return null;
            }
        }

        var text = (result is PSObject wrapped ? wrapped.BaseObject : result) switch
        {
            FileSystemInfo info => info.FullName,
            var other => other?.ToString(),
        };
        if (string.IsNullOrWhiteSpace(text))
        {
            WriteError(MicrographErrors.Create($"-PairWith gave an empty path for '{file}'.", "PairPathInvalid", ErrorCategory.InvalidResult, file));
            return null;
        }
        return FileSystemPaths.ToFullPath(this, text);
    }
}
