using System.Management.Automation;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.PowerShell.Internal;

/// <summary>Adds one micrograph to a tile set under construction, turning its failures into non-terminating errors.</summary>
internal static class MicrographTiling
{
    /// <summary>The micrograph's tiles, or null where it failed (the error is written and the pipeline goes on).</summary>
    /// <param name="cmdlet">Writes the errors.</param>
    /// <param name="builder">The tile set under construction.</param>
    /// <param name="micrograph">The micrograph.</param>
    /// <param name="cancellation">The pipeline's stop signal.</param>
    /// <param name="imageClass">The micrograph's class, for an ImageClass target.</param>
    /// <exception cref="OperationCanceledException">The pipeline is stopping.</exception>
    public static IReadOnlyList<Tile>? Add(PSCmdlet cmdlet, TileSetBuilder builder, Micrograph micrograph, CancellationToken cancellation,
        string? imageClass = null)
    {
        try
        {
            return builder.Add(micrograph, imageClass, cancellation);
        }
        catch (TilingException ex)
        {
            cmdlet.WriteError(new ErrorRecord(ex, "TileTargetFailed", ErrorCategory.InvalidData, micrograph.Path ?? micrograph.Name));
        }
        catch (TooManyTilesException ex)
        {
            cmdlet.WriteError(new ErrorRecord(ex, "TileSetTooLarge", ErrorCategory.LimitsExceeded, micrograph.Path ?? micrograph.Name));
        }
        catch (MicrographReadException ex)
        {
            cmdlet.WriteError(MicrographErrors.From(ex, micrograph.Path ?? micrograph.Name));
        }
        return null;
    }
}
