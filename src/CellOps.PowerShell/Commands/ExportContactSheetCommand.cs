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

    /// <summary>
    /// What groups the images into bands: the name of a metadata entry (micrographs without it form the last band), or a
    /// script block given the micrograph as $_ (e.g. its folder for imported crops).
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public object GroupBy { get; set; } = "CellOps.Class";

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
        if (OutputFile.Problem(path, Force, nameof(Path)) is { } problem)
        {
            WriteError(problem);
            return;
        }
        Func<Micrograph, string> keyOf;
        switch (GroupBy is PSObject wrapped ? wrapped.BaseObject : GroupBy)
        {
            case ScriptBlock script:
                keyOf = m => script.InvokeWithContext(null, new List<PSVariable> { new("_", m) }).FirstOrDefault()?.ToString() ?? NoGroup;
                break;
            case var key:
                string name = key?.ToString() ?? "";
                keyOf = m => m.Metadata.TryGetValue(name, out var v) ? v : NoGroup;
                break;
        }
        IGrouping<string, Micrograph>[] groups;
        try
        {
            groups = _micrographs.GroupBy(keyOf, StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key == NoGroup ? 1 : 0)
                .ToArray();
        }
        catch (RuntimeException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "GroupByFailed", ErrorCategory.InvalidOperation, GroupBy));
            return;
        }
        string bands = string.Join(", ", groups.Select(g => $"{(g.Key == NoGroup ? "no group" : g.Key)}: {g.Count()}"));
        if (!ShouldProcess(path, $"Write a contact sheet of {_micrographs.Count} micrographs ({bands})")) return;
        WriteProgress(new ProgressRecord(6, "Writing a contact sheet", $"{_micrographs.Count} micrographs"));
        try
        {
            var (pixels, width, height) = ContactSheet.Compose(groups.Select(g => (IReadOnlyList<Micrograph>)g.ToList()).ToArray(), Columns, CellSize,
                captions: groups.Select(g => g.Key == NoGroup ? "no group" : g.Key).ToArray());
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            PngWriter.Write(path, width, height, 3, pixels);
            WriteVerbose($"Wrote {path} ({width}×{height}): {bands}.");
            if (PassThru) WriteObject(FileItems.Get(this, path));
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
