using System.Management.Automation;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Sheets;
using CellOps.PowerShell.Internal;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes a contact sheet: the micrographs from the pipeline as a grid of small images in one PNG, a band of rows per class.</para>
/// <para type="description">Groups the micrographs by a metadata entry (default CellOps.Class, which box crops and synthetic micrographs carry), in the
/// order first met, each group starting a new row; every image is resized to -CellSize. The file is written atomically; an existing one is kept
/// unless -Force is given.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "ContactSheet", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportContactSheetCommand : PSCmdlet
{
    private const string NoGroup = "";
    private readonly List<Micrograph> _micrographs = new();

    /// <summary>Micrographs to show.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Micrograph[] InputObject { get; set; } = Array.Empty<Micrograph>();

    /// <summary>The PNG file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Images per row.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int Columns { get; set; } = 8;

    /// <summary>Side of each image on the sheet, in pixels.</summary>
    [Parameter]
    [ValidateRange(4, 4096)]
    public int CellSize { get; set; } = 64;

    /// <summary>The metadata entry whose value groups the images into bands (micrographs without it form the last band).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string GroupBy { get; set; } = "CellOps.Class";

    /// <summary>Replace the file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit a FileInfo of the sheet.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => _micrographs.AddRange(InputObject.Where(m => m is not null));

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_micrographs.Count == 0) return;
        string path = FileSystemPaths.ToFullPath(this, Path);
        if (!Force && File.Exists(path))
        {
            WriteError(new ErrorRecord(new IOException($"{path} already exists; use -Force to replace it."), "OutputExists", ErrorCategory.ResourceExists, path));
            return;
        }
        var groups = _micrographs
            .GroupBy(m => m.Metadata.TryGetValue(GroupBy, out var v) ? v : NoGroup, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key == NoGroup ? 1 : 0)
            .ToArray();
        string bands = string.Join(", ", groups.Select(g => $"{(g.Key == NoGroup ? $"no {GroupBy}" : g.Key)}: {g.Count()}"));
        if (!ShouldProcess(path, $"Write a contact sheet of {_micrographs.Count} micrographs ({bands})")) return;
        WriteProgress(new ProgressRecord(6, "Writing a contact sheet", $"{_micrographs.Count} micrographs"));
        try
        {
            var (pixels, width, height) = ContactSheet.Compose(groups.Select(g => (IReadOnlyList<Micrograph>)g.ToList()).ToArray(), Columns, CellSize);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            PngWriter.Write(path, width, height, 3, pixels);
            WriteVerbose($"Wrote {path} ({width}×{height}): {bands}.");
            if (PassThru) WriteObject(new FileInfo(path));
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            WriteError(new ErrorRecord(new IOException($"Could not write the contact sheet {path}: {ex.Message}", ex), "WriteFailed", ErrorCategory.WriteError, path));
        }
        finally
        {
            WriteProgress(new ProgressRecord(6, "Writing a contact sheet", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
