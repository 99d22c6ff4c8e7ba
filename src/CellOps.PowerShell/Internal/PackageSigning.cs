using System.Management.Automation;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Signing;

namespace CellOps.PowerShell.Internal;

/// <summary>Signs a package for a cmdlet, turning failures into ErrorRecords.</summary>
internal static class PackageSigning
{
    /// <summary>Signs <paramref name="path"/>; a terminating ModelPackageInvalid or ModelPackageWriteFailed error where it cannot be.</summary>
    public static void Sign(PSCmdlet cmdlet, string path, SigningKey key, string signer)
    {
        if (Error(path, key, signer) is { } error) cmdlet.ThrowTerminatingError(error);
    }

    /// <summary>Signs <paramref name="path"/>; the error to report where it cannot be, else null.</summary>
    public static ErrorRecord? Error(string path, SigningKey key, string signer)
    {
        try
        {
            PackageSigner.Sign(path, key, signer, DateTimeOffset.UtcNow);
            return null;
        }
        catch (ModelPackageException ex)
        {
            return new ErrorRecord(ex, "ModelPackageInvalid", ErrorCategory.InvalidData, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ErrorRecord(ex, "ModelPackageWriteFailed", ErrorCategory.WriteError, path);
        }
    }
}
