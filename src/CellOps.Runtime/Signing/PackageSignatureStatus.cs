namespace CellOps.Runtime.Signing;

/// <summary>A package's signature as Get-CellModelSignature reports it: whether it verifies, by whom, and whether the trust policy accepts the key.</summary>
public sealed class PackageSignatureStatus
{
    /// <summary>The package file.</summary>
    public required string Path { get; init; }

    /// <summary>File name of the package.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Signed, Unsigned or Invalid.</summary>
    public required SignatureState Status { get; init; }

    /// <summary>SHA-256 of the signing key's SubjectPublicKeyInfo (lowercase hex); null when unsigned or unreadable.</summary>
    public string? KeyId { get; init; }

    /// <summary>The signer name recorded when signing.</summary>
    public string? Signer { get; init; }

    /// <summary>When the package was signed (UTC), as the signer's clock recorded it.</summary>
    public DateTimeOffset? SignedAt { get; init; }

    /// <summary>Whether the signature verifies with a key the current trust policy lists, unexpired.</summary>
    public bool Trusted { get; init; }

    /// <summary>Why the signature is invalid or not trusted, in a sentence; null when signed and trusted.</summary>
    public string? Reason { get; init; }

    /// <summary>The trust policy file consulted; null when CELLOPS_PACKAGE_POLICY is not set.</summary>
    public string? PolicyPath { get; init; }
}
