using System.Management.Automation;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Sheets;
using CellOps.PowerShell.Internal;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes micrographs (imported, cut from boxes, or synthetic ones from Invoke-CellModel -Count) as 8-bit PNG files.</para>
/// <para type="description">Each micrograph becomes OUTPUTDIRECTORY/NAME.png: RGB from its first three channels (grey for one), integer samples
/// scaled by their type's range, the physical pixel size kept. Files are written atomically; existing ones are kept unless -Force is given.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "Micrograph", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMicrographCommand : PSCmdlet
{
    private const int ProgressId = 6;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private string? _folder;

    /// <summary>Micrographs to write.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Micrograph[] InputObject { get; set; } = Array.Empty<Micrograph>();

    /// <summary>Folder for the files, each named after its micrograph (default: the current location). Created if missing.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string OutputDirectory { get; set; } = ".";

    /// <summary>The frame of multi-frame micrographs to write.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Frame { get; set; }

    /// <summary>Replace files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit a FileInfo per file written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => _folder = FileSystemPaths.ToFullPath(this, OutputDirectory);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var micrograph in InputObject)
        {
            if (micrograph is not null) Export(micrograph);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(ProgressId, "Writing micrographs", "Done") { RecordType = ProgressRecordType.Completed });

    private void Export(Micrograph micrograph)
    {
        string path = System.IO.Path.Combine(_folder!, System.IO.Path.GetFileNameWithoutExtension(micrograph.Name) + ".png");
        if (!_written.Add(path))
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"{path} was already written by this command; two micrographs share the name {micrograph.Name}."),
                "DuplicateMicrographName", ErrorCategory.ResourceExists, micrograph));
            return;
        }
        if (OutputFile.Problem(path, Force, nameof(OutputDirectory)) is { } taken)
        {
            WriteError(taken);
            return;
        }
        if (Frame >= micrograph.FrameCount)
        {
            WriteError(new ErrorRecord(new ArgumentException($"{micrograph.Name} has {micrograph.FrameCount} frame(s); frame {Frame} does not exist."),
                "FrameNotFound", ErrorCategory.InvalidArgument, micrograph));
            return;
        }
        if (!ShouldProcess(path, $"Write {micrograph.Name} as PNG")) return;
        WriteProgress(new ProgressRecord(ProgressId, "Writing micrographs", $"{micrograph.Name} ({_written.Count} so far)"));
        using var claim = OutputFile.Claim([path], Force, nameof(OutputDirectory), out var problem);
        if (claim is null)
        {
            WriteError(problem!);
            return;
        }
        try
        {
            var (pixels, channels) = DisplayPixels.Read(micrograph, Frame);
            PngWriter.Write(path, micrograph.Width, micrograph.Height, channels, pixels, micrograph.PixelSize);
            claim.Commit();
            if (PassThru) WriteObject(FileItems.Get(this, path));
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex, micrograph.Path ?? micrograph.Name));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            WriteError(new ErrorRecord(new IOException($"Could not write {micrograph.Name} to {path}: {ex.Message}", ex), "WriteFailed", ErrorCategory.WriteError, path));
        }
    }
}
