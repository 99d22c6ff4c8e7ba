using System.Management.Automation;
using CellOps.Runtime.Torch;

namespace CellOps.PowerShell.Internal;

/// <summary>Creates the compute context for a cmdlet, turning every way it can fail into a terminating ErrorRecord.</summary>
internal static class ComputeSetup
{
    public static ComputeContext Create(PSCmdlet cmdlet, DevicePreference? device, int? threads)
    {
        try
        {
            return ComputeContext.Create(device, threads, cmdlet.WriteVerbose);
        }
        catch (TorchUnavailableException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "TorchUnavailable", ErrorCategory.ResourceUnavailable, null));
        }
        catch (InvalidOperationException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "DeviceUnavailable", ErrorCategory.ResourceUnavailable, device));
        }
        catch (ArgumentException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "InvalidComputeSetting", ErrorCategory.InvalidArgument, null));
        }
        throw new InvalidOperationException("unreachable");
    }
}
