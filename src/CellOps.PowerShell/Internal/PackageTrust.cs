using System.Management.Automation;
using CellOps.Runtime.Signing;

namespace CellOps.PowerShell.Internal;

/// <summary>The package trust policy (CELLOPS_PACKAGE_POLICY) as cmdlets apply it, and its refusals as ErrorRecords.</summary>
internal static class PackageTrust
{
    /// <summary>The current policy, read afresh so a changed file or variable takes effect at once; null when none is set; a terminating PackagePolicyInvalid error where it cannot be read.</summary>
    public static PackageTrustPolicy? Policy(PSCmdlet cmdlet)
    {
        try
        {
            return PackageTrustPolicy.FromEnvironment();
        }
        catch (PackageTrustException ex)
        {
            cmdlet.ThrowTerminatingError(Error(ex));
            throw;
        }
    }

    /// <summary>The ErrorRecord for a refusal: a stable id per reason, SecurityError, the package (or policy) path as target.</summary>
    public static ErrorRecord Error(PackageTrustException ex) =>
        new(ex, Id(ex.Failure), ErrorCategory.SecurityError, ex.Path);

    private static string Id(PackageTrustFailure failure) => failure switch
    {
        PackageTrustFailure.Unsigned => "PackageUnsigned",
        PackageTrustFailure.SignatureInvalid => "PackageSignatureInvalid",
        PackageTrustFailure.SignerUntrusted => "PackageSignerUntrusted",
        PackageTrustFailure.SignerExpired => "PackageSignerExpired",
        PackageTrustFailure.PolicyExpired => "PackagePolicyExpired",
        PackageTrustFailure.PolicyInvalid => "PackagePolicyInvalid",
        _ => "PackageUntrusted",
    };
}
