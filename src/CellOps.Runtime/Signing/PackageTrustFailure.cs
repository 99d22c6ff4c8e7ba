namespace CellOps.Runtime.Signing;

/// <summary>Why a trust policy refuses a package.</summary>
public enum PackageTrustFailure
{
    /// <summary>The policy requires a signature and the package has none.</summary>
    Unsigned,

    /// <summary>The package's signature does not verify: it changed since signing, or the signature is damaged.</summary>
    SignatureInvalid,

    /// <summary>The package is signed by a key the policy does not list.</summary>
    SignerUntrusted,

    /// <summary>The package is signed by a listed key that is past its notAfter.</summary>
    SignerExpired,

    /// <summary>The policy itself is past its expires date.</summary>
    PolicyExpired,

    /// <summary>The policy file cannot be read or is not a valid policy; nothing is accepted under it.</summary>
    PolicyInvalid,
}
