using System.Management.Automation;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Signing;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Creates a key pair for signing model packages: a private key only you can read, and its public key beside it.</para>
/// <para type="description">Writes an ECDSA P-256 private key (PKCS#8 PEM, mode 0600) to -Path and the public key (SubjectPublicKeyInfo PEM)
/// to -PublicKeyPath (by default lab.pem → lab.pub.pem), and emits their paths and the key id.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "CellSigningKey", SupportsShouldProcess = true)]
[OutputType(typeof(SigningKeyFile))]
public sealed class NewCellSigningKeyCommand : PSCmdlet
{
    /// <summary>The private key file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The public key file to write; by default beside the private key, named NAME.pub.pem.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PublicKeyPath { get; set; }

    /// <summary>Replace key files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        string privatePath = FileSystemPaths.ToFullPath(this, Path);
        string publicPath = PublicKeyPath is null ? SigningKeyFile.PublicPathFor(privatePath) : FileSystemPaths.ToFullPath(this, PublicKeyPath);
        if (string.Equals(privatePath, publicPath, StringComparison.Ordinal))
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-PublicKeyPath is the private key's path, {privatePath}; give another file."),
                "PublicKeyPathSameAsPath", ErrorCategory.InvalidArgument, publicPath));
        }
        foreach (var (file, parameter) in new[] { (privatePath, nameof(Path)), (publicPath, nameof(PublicKeyPath)) })
        {
            if (OutputFile.Problem(file, Force, parameter) is { } problem) ThrowTerminatingError(problem);
            if (!Directory.Exists(System.IO.Path.GetDirectoryName(file)))
            {
                ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"-{parameter}: the folder of {file} does not exist."),
                    "OutputFolderNotFound", ErrorCategory.ObjectNotFound, file));
            }
        }
        if (!ShouldProcess(privatePath, $"Create a package signing key (public key: {publicPath})")) return;

        using var key = SigningKey.Create();
        try
        {
            key.Save(privatePath, publicPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "SigningKeyWriteFailed", ErrorCategory.WriteError, privatePath));
        }
        WriteObject(new SigningKeyFile(privatePath, publicPath, key.KeyId));
    }
}
