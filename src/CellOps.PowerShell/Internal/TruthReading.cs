using System.Management.Automation;
using CellOps.Imaging.Measurement;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Reads a micrograph's true classes for scoring or figures; a label image that cannot be read or
/// holds values that are no class becomes a non-terminating error and costs only that micrograph.
/// </summary>
internal static class TruthReading
{
    public static byte[]? Read(Cmdlet cmdlet, SegmentationTruth truth, Micrograph micrograph, CancellationToken cancellationToken)
    {
        try
        {
            return truth.Read(micrograph, 0, cancellationToken);
        }
        catch (MicrographReadException ex)
        {
            cmdlet.WriteError(MicrographErrors.From(ex));
        }
        catch (ArgumentException ex)
        {
            cmdlet.WriteError(new ErrorRecord(ex, "LabelImageInvalid", ErrorCategory.InvalidData, micrograph.Pair?.Path ?? micrograph.Name));
        }
        catch (OperationCanceledException)
        {
        }
        return null;
    }
}
