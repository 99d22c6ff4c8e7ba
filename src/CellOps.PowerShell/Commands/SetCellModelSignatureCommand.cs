using System.Management.Automation;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Signing;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Signs model packages with a private key, so a trust policy can require that they come from you unchanged.</para>
/// <para type="description">Verifies each package, then adds (or replaces) its signature entry: an ECDSA P-256 signature over every
/// entry's name and bytes. The package is rewritten atomically.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "CellModelSignature", SupportsShouldProcess = true)]
[OutputType(typeof(PackageSignatureStatus))]
public sealed class SetCellModelSignatureCommand : PSCmdlet, IDisposable
{
    private SigningKey? _key;
    private PackageTrustPolicy? _policy;

    /// <summary>The packages to sign: .cellmodel paths, FileInfo, TrainedModel or ImportedModel.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("FullName", "Model")]
    [ValidateNotNull]
    public object[] Path { get; set; } = Array.Empty<object>();

    /// <summary>The private key (PEM) to sign with, from New-CellSigningKey.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string KeyPath { get; set; } = "";

    /// <summary>The name (or comment) recorded as the signer; by default the user name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateLength(1, PackageSigner.MaxSignerLength)]
    public string Signer { get; set; } = Environment.UserName;

    /// <summary>Emit each signed package's signature status.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _key = SigningKeyArgument.Load(this, KeyPath, nameof(KeyPath));
        if (PassThru) _policy = PackageTrust.Policy(this);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var item in Path)
        {
            if (Stopping) return;
            string path = PackageArgument.ToPath(this, item, nameof(Path));
            if (!ShouldProcess(path, $"Sign with key {_key!.KeyId[..16]}… as '{Signer}'")) continue;
            if (PackageSigning.Error(path, _key!, Signer) is { } error)
            {
                WriteError(error);
                continue;
            }
            WriteVerbose($"Signed {path} with key {_key!.KeyId}.");
            if (PassThru) WriteObject(PackageSignatureVerifier.Inspect(path, _policy, DateTimeOffset.UtcNow));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _key?.Dispose();
}
