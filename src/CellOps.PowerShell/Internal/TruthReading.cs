using System.Management.Automation;
using CellOps.Imaging.Maps;
using CellOps.Imaging.Measurement;
using CellOps.Runtime.Inference;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Reads a micrograph's true classes for scoring or figures; a label image that cannot be read or
/// holds values that are no class becomes a non-terminating error and costs only that micrograph.
/// </summary>
internal static class TruthReading
{
    /// <summary>
    /// Each micrograph's map scored against its label image a band of rows at a time; a label image found
    /// unreadable or invalid on the way is reported and leaves its micrograph unscored.
    /// </summary>
    public static PredictionResult Score(Cmdlet cmdlet, PredictionResult result, SegmentationTruth truth, CancellationToken cancellationToken) =>
        result.ScoredAgainst(micrograph => truth.Open(micrograph, 0, cancellationToken), (micrograph, ex) => Report(cmdlet, micrograph, ex));

    /// <summary>The true classes at the micrograph's overview (see <see cref="Overview.Sample"/>), for figures; null where unreadable.</summary>
    public static byte[]? ReadOverview(Cmdlet cmdlet, SegmentationTruth truth, Micrograph micrograph, CancellationToken cancellationToken)
    {
        try
        {
            using var rows = truth.Open(micrograph, 0, cancellationToken);
            return rows is null ? null : Overview.For(micrograph.Width, micrograph.Height).Sample(rows);
        }
        catch (Exception ex) when (ex is MicrographReadException or ArgumentException or OperationCanceledException)
        {
            Report(cmdlet, micrograph, ex);
            return null;
        }
    }

    private static void Report(Cmdlet cmdlet, Micrograph micrograph, Exception exception)
    {
        switch (exception)
        {
            case MicrographReadException unreadable:
                cmdlet.WriteError(MicrographErrors.From(unreadable));
                break;
            case ArgumentException invalid:
                cmdlet.WriteError(new ErrorRecord(invalid, "LabelImageInvalid", ErrorCategory.InvalidData, micrograph.Pair?.Path ?? micrograph.Name));
                break;
            default:
                // Cancelled: the micrograph is simply left out.
                break;
        }
    }
}
