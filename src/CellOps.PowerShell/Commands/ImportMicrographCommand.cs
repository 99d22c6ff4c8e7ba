using System.Collections;
using System.Management.Automation;
using CellOps.Imaging.Formats;
using CellOps.PowerShell.Internal;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Imports micrographs (TIFF, OME-TIFF, PNG, JPEG, BMP) as CellOps.Micrograph objects.</para>
/// <para type="description">Reads each file's header, channels and physical pixel size, and optionally attaches a
/// paired image (fluorescence, mask or label) of the same field. Pixels are read later, one region at a time.
/// With -AsChannels, all the files given become the channels of one micrograph (a z-stack stored one file per plane).</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Micrograph", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Micrograph))]
public sealed class ImportMicrographCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private readonly List<string> _stacked = new();
    private readonly List<string> _unresolved = new();
    private int _imported;

    /// <summary>Files to import; wildcards are expanded. Binds strings and the Path property of piped objects (Import-Csv rows).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
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

    /// <summary>Make every file given (arguments and pipeline input alike) a channel of one micrograph, emitted
    /// when the input ends: in the order given, each wildcard's matches sorted by name.</summary>
    [Parameter]
    public SwitchParameter AsChannels { get; set; }

    /// <summary>The paired image: one or more paths (several become the pair's channels, in order), or a script
    /// block that maps each input file ($_) to its pair's path or paths.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? PairWith { get; set; }

    /// <summary>What the paired image shows (Fluorescence by default).</summary>
    [Parameter]
    public ChannelRole PairRole { get; set; } = ChannelRole.Fluorescence;

    /// <summary>Channel names of the paired image.</summary>
    [Parameter]
    public string[]? PairChannelName { get; set; }

    /// <summary>Entries to add to each micrograph's metadata (e.g. its time point): a hashtable, or a script block that maps each
    /// input file ($_) to one. An entry replaces the file's own of the same name.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Metadata { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (var argument in literal ? LiteralPath : Path)
        {
            var files = FileSystemPaths.Resolve(this, argument, literal);
            if (AsChannels)
            {
                if (files.Count == 0) _unresolved.Add(argument);
                // The provider's order is not promised, and a z-stack's planes must come in a known order.
                _stacked.AddRange(files.Order(StringComparer.Ordinal));
                continue;
            }
            foreach (var file in files)
            {
                if (Stopping) return;
                WriteProgress(new ProgressRecord(1, "Importing micrographs", System.IO.Path.GetFileName(file))
                {
                    CurrentOperation = $"{_imported} imported",
                });
                foreach (var micrograph in ImportOne(file))
                {
                    _imported++;
                    WriteObject(micrograph);
                }
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (AsChannels && _unresolved.Count > 0)
        {
            // A stack without one of its files would put every later plane in the wrong channel.
            WriteError(MicrographErrors.Create(
                $"No micrograph was stacked: {string.Join(", ", _unresolved.Select(u => $"'{u}'"))} gave no file, and the channels would be out of order without it.",
                "ChannelFilesMissing", ErrorCategory.ObjectNotFound, _unresolved.ToArray()));
        }
        else if (AsChannels && _stacked.Count > 0)
        {
            WriteProgress(new ProgressRecord(1, "Importing micrographs", $"{_stacked.Count} files as channels"));
            var micrograph = Annotate(Pair(Load(() => MicrographLoader.LoadChannels(_stacked, Options()), _stacked[0], stack: true), _stacked[0]), _stacked[0]);
            if (micrograph is not null) WriteObject(micrograph);
        }
        WriteProgress(new ProgressRecord(1, "Importing micrographs", "Done") { RecordType = ProgressRecordType.Completed });
    }

    private MicrographLoadOptions Options() => new()
    {
        Read = new ImageReadOptions { PagesAsChannels = PagesAsChannels.IsPresent },
        Channels = Channel ?? Array.Empty<int>(),
        Roles = Role ?? Array.Empty<ChannelRole>(),
        ChannelNames = ChannelName ?? Array.Empty<string>(),
    };

    // A TIFF whose pages change size or type part-way gives one micrograph per series of pages that agree.
    private IEnumerable<Micrograph> ImportOne(string file)
    {
        var series = LoadAll(() => MicrographLoader.LoadSeries(file, Options()), file);
        if (series.Count > 1)
        {
            WriteVerbose($"'{file}' has {series.Count} series of pages that differ in {SeriesDifferences(series)}; importing each as a micrograph.");
        }
        foreach (var micrograph in series)
        {
            WriteVerbose(Describe(micrograph, file));
            var done = Annotate(Pair(micrograph, file), file);
            if (done is not null) yield return done;
        }
    }

    private static string SeriesDifferences(IReadOnlyList<Micrograph> series)
    {
        var first = series[0];
        var what = new List<string>();
        if (series.Any(m => m.Width != first.Width || m.Height != first.Height)) what.Add("size");
        if (series.Any(m => m.ChannelCount != first.ChannelCount)) what.Add("channel count");
        if (series.Any(m => m.PixelType != first.PixelType)) what.Add("pixel type");
        return what.Count switch
        {
            0 => "shape",
            1 => what[0],
            _ => string.Join(", ", what.Take(what.Count - 1)) + " and " + what[^1],
        };
    }

    // Adds the -Metadata entries for the input file (the first file of a stack). A micrograph whose entries cannot be
    // read is not emitted: without them it would be grouped wrongly downstream.
    private Micrograph? Annotate(Micrograph? micrograph, string file)
    {
        if (micrograph is null || Metadata is null) return micrograph;
        try
        {
            return micrograph.WithMetadata(MetadataArgument.Entries(Metadata, file));
        }
        catch (RuntimeException ex)
        {
            WriteError(MicrographErrors.Create($"-Metadata failed for '{file}': {ex.Message}", "MetadataInvalid", ErrorCategory.InvalidOperation, file, ex));
        }
        catch (ArgumentException ex)
        {
            WriteError(MicrographErrors.Create($"-Metadata gave no usable entries for '{file}': {ex.Message}", "MetadataInvalid", ErrorCategory.InvalidArgument, file, ex));
        }
        return null;
    }

    // Attaches the pair -PairWith names for the input file (the first file of a stack).
    private Micrograph? Pair(Micrograph? micrograph, string file)
    {
        if (micrograph is null || PairWith is null) return micrograph;

        var pairPaths = ResolvePairPaths(file);
        if (pairPaths is null) return null;
        var options = new MicrographLoadOptions
        {
            Roles = new[] { PairRole },
            ChannelNames = PairChannelName ?? Array.Empty<string>(),
        };
        var pair = pairPaths.Count == 1
            ? Load(() => MicrographLoader.Load(pairPaths[0], options), pairPaths[0])
            : Load(() => MicrographLoader.LoadChannels(pairPaths, options), pairPaths[0], stack: true);
        if (pair is null) return null;

        if (pair.Width != micrograph.Width || pair.Height != micrograph.Height)
        {
            var pairPath = pairPaths[0];
            var message = $"The pair '{pairPath}' is {pair.Width}×{pair.Height} but '{file}' is {micrograph.Width}×{micrograph.Height}; " +
                          "a pair must have the same size as its micrograph.";
            WriteError(MicrographErrors.From(
                new MicrographReadException(pairPath, MicrographReadFailure.Mismatch, message), file, "PairSizeMismatch"));
            return null;
        }
        WriteVerbose($"Paired '{file}' with {string.Join(", ", pairPaths.Select(p => $"'{p}'"))} ({PairRole}).");
        return micrograph.WithPair(pair);
    }

    // What -Verbose shows of each file read: enough to see why a later cmdlet refuses it.
    private static string Describe(Micrograph micrograph, string file)
    {
        string frames = micrograph.FrameCount > 1 ? $", {micrograph.FrameCount} frames" : "";
        string pixelSize = micrograph.PixelSize is { } size ? $", pixel {size}" : ", no pixel size";
        string series = micrograph.Metadata.TryGetValue(MicrographLoader.SeriesKey, out var which)
            ? $" series {which} as {micrograph.Name} (pages {micrograph.Metadata.GetValueOrDefault(MicrographLoader.SeriesPagesKey)})"
            : "";
        return $"Read '{file}'{series} ({new FileInfo(file).Length:N0} bytes): {micrograph.Width}×{micrograph.Height}, " +
               $"{micrograph.ChannelCount} channel(s) [{string.Join(", ", micrograph.Channels)}], {micrograph.PixelType}{frames}{pixelSize}.";
    }

    private Micrograph? Load(Func<Micrograph> load, string file, bool stack = false)
    {
        var micrograph = LoadAll(() => new[] { load() }, file, stack);
        if (micrograph.Count == 0) return null;
        WriteVerbose(Describe(micrograph[0], file));
        return micrograph[0];
    }

    private IReadOnlyList<Micrograph> LoadAll(Func<IReadOnlyList<Micrograph>> load, string file, bool stack = false)
    {
        try
        {
            return load();
        }
        catch (MicrographReadException ex) when (ex.Failure == MicrographReadFailure.Mismatch)
        {
            // A stack's error names the file that differs; a single file's, the page (pages read as channels must agree).
            WriteError(MicrographErrors.From(ex, ex.Path, stack ? "ChannelFileMismatch" : "PageMismatch"));
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex, ex.Path));
        }
        catch (ArgumentException ex)
        {
            WriteError(MicrographErrors.Create(ex.Message, "InvalidChannelDescription", ErrorCategory.InvalidArgument, file, ex));
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteError(MicrographErrors.Unexpected(file, ex));
        }
        return Array.Empty<Micrograph>();
    }

    private IReadOnlyList<string>? ResolvePairPaths(string file)
    {
        IEnumerable<object?> given;
        if (PairWith is ScriptBlock mapping)
        {
            try
            {
                given = mapping.InvokeWithContext(null, new List<PSVariable> { new("_", new FileInfo(file)) });
            }
            catch (RuntimeException ex)
            {
                WriteError(MicrographErrors.Create(
                    $"-PairWith failed for '{file}': {ex.Message}", "PairPathInvalid", ErrorCategory.InvalidOperation, file, ex));
                return null;
            }
        }
        else
        {
            given = new[] { PairWith };
        }

        var paths = new List<string>();
        foreach (var item in Flatten(given))
        {
            var text = item switch
            {
                FileSystemInfo info => info.FullName,
                var other => other?.ToString(),
            };
            if (string.IsNullOrWhiteSpace(text))
            {
                WriteError(MicrographErrors.Create($"-PairWith gave an empty path for '{file}'.", "PairPathInvalid", ErrorCategory.InvalidResult, file));
                return null;
            }
            paths.Add(FileSystemPaths.ToFullPath(this, text));
        }
        if (paths.Count == 0)
        {
            WriteError(MicrographErrors.Create($"-PairWith gave no path for '{file}'.", "PairPathInvalid", ErrorCategory.InvalidResult, file));
            return null;
        }
        return paths;
    }

    // A path, an array of paths, or a script block's output (which may hold arrays): each path in order.
    private static IEnumerable<object?> Flatten(IEnumerable<object?> items)
    {
        foreach (var item in items)
        {
            var value = item is PSObject wrapped ? wrapped.BaseObject : item;
            if (value is IEnumerable many and not string)
            {
                foreach (var inner in Flatten(many.Cast<object?>())) yield return inner;
            }
            else
            {
                yield return value;
            }
        }
    }
}
