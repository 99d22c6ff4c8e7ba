using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.Runtime.Generation;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Invoke-CellModel -Count: loads a generator package and emits the synthetic micrographs it makes,
/// with a progress bar and Ctrl+C between batches.
/// </summary>
internal static class GenerationInvocation
{
    private const int ProgressId = 4;

    /// <summary>Loads the generator; a terminating error where the package is not one or does not fit.</summary>
    public static LoadedGenerator Load(PSCmdlet cmdlet, ModelPackage package, ModelHandle handle, ComputeContext compute)
    {
        try
        {
            return LoadedGenerator.Load(package, handle.Model, compute);
        }
        catch (InvalidNetworkException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "InvalidNetwork", ErrorCategory.InvalidResult, package.Path));
            throw;
        }
        catch (ArgumentException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "NotAGenerator", ErrorCategory.InvalidArgument, package.Path));
            throw;
        }
    }

    /// <summary>Makes <paramref name="count"/> micrographs and writes each to the pipeline.</summary>
    public static void Run(PSCmdlet cmdlet, LoadedGenerator generator, int count, long seed, int batchSize, CancellationToken stop)
    {
        string activity = $"Generating with {generator.ModelName}";
        cmdlet.WriteVerbose($"Making {count} micrograph(s) with {generator.ModelName} ({Path.GetFileName(generator.Path)}, SHA-256 {generator.Sha256[..12]}…), seed {seed}.");
        IReadOnlyList<Micrograph> made;
        try
        {
            made = MicrographGenerator.Generate(generator, count, seed, batchSize, stop, (done, all) =>
                cmdlet.WriteProgress(new ProgressRecord(ProgressId, activity, $"{done} of {all} micrographs") { PercentComplete = done * 100 / all }));
        }
        catch (InvalidOperationException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "GeneratorOutputInvalid", ErrorCategory.InvalidResult, generator.Path));
            return;
        }
        catch (LibTorchException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "LibTorchFailed", ErrorCategory.InvalidOperation, generator.Path));
            return;
        }
        finally
        {
            cmdlet.WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        foreach (var micrograph in made) cmdlet.WriteObject(micrograph);
    }
}
