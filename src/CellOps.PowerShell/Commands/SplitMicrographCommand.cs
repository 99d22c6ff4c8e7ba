using System.Management.Automation;
using CellOps.Imaging.Fields;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Cuts micrographs (and their pairs, identically) into square fields.</para>
/// <para type="description">Each field is a micrograph that views its region of the original without copying pixels,
/// named NAME rRcC, in row-major order, with its row, column and position in its metadata and as the FieldRow,
/// FieldColumn, FieldX and FieldY properties. Partial fields at the right and bottom edges are left out unless
/// -IncludePartial is given.</para>
/// </summary>
[Cmdlet(VerbsCommon.Split, "Micrograph")]
[OutputType(typeof(Micrograph))]
public sealed class SplitMicrographCommand : PSCmdlet
{
    /// <summary>Micrographs to split (from Import-Micrograph).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Micrograph[] InputObject { get; set; } = Array.Empty<Micrograph>();

    /// <summary>Width and height of a field, in pixels.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, int.MaxValue)]
    public int Size { get; set; }

    /// <summary>Also emit the narrower fields of the right edge and the shorter ones of the bottom edge.</summary>
    [Parameter]
    public SwitchParameter IncludePartial { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var micrograph in InputObject)
        {
            if (micrograph is null) continue;
            var fields = MicrographFields.Split(micrograph, Size, IncludePartial);
            if (fields.Count == 0)
            {
                WriteWarning($"{micrograph.Name} ({micrograph.Width}×{micrograph.Height}) is smaller than one {Size}-pixel field; " +
                             "it gives no fields (use -IncludePartial to keep it as one smaller field).");
            }
            else if (!IncludePartial && (micrograph.Width % Size != 0 || micrograph.Height % Size != 0))
            {
                WriteVerbose($"{micrograph.Name}: the last {micrograph.Width % Size} column(s) and {micrograph.Height % Size} row(s) of pixels " +
                             "lie in partial fields, left out.");
            }
            if (fields.Count > 0)
            {
                int round = IncludePartial ? Size - 1 : 0;
                int columns = (micrograph.Width + round) / Size, rows = (micrograph.Height + round) / Size;
                WriteVerbose($"{micrograph.Name} ({micrograph.Width}×{micrograph.Height}): {fields.Count} field(s) of {Size}×{Size}, {rows} row(s) × {columns} column(s).");
            }
            WriteObject(fields, enumerateCollection: true);
        }
    }
}
