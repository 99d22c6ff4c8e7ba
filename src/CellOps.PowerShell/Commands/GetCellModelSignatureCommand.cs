using System.Management.Automation;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Signing;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Tells whether model packages are signed, by which key and signer, and whether the trust policy accepts them.</para>
/// <para type="description">Checks each package's signature against its bytes and emits its status: Signed, Unsigned or Invalid, with
/// the key id, signer, signing time, and whether CELLOPS_PACKAGE_POLICY trusts the key.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CellModelSignature")]
[OutputType(typeof(PackageSignatureStatus))]
public sealed class GetCellModelSignatureCommand : PSCmdlet
{
    private PackageTrustPolicy? _policy;

    /// <summary>The packages: .cellmodel paths, FileInfo, TrainedModel or ImportedModel.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("FullName", "Model")]
    [ValidateNotNull]
    public object[] Path { get; set; } = Array.Empty<object>();

    /// <inheritdoc />
    protected override void BeginProcessing() => _policy = PackageTrust.Policy(this);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var item in Path)
        {
            if (Stopping) return;
            string path = PackageArgument.ToPath(this, item, nameof(Path));
            try
            {
                WriteObject(PackageSignatureVerifier.Inspect(path, _policy, DateTimeOffset.UtcNow));
            }
            catch (ModelPackageException ex)
            {
                WriteError(new ErrorRecord(ex, "ModelPackageInvalid", ErrorCategory.InvalidData, path));
            }
        }
    }
}
