namespace CellOps.Runtime.Signing;

/// <summary>What a package's signature entry says about it.</summary>
public enum SignatureState
{
    /// <summary>The package carries a signature that verifies over all its entries.</summary>
    Signed,

    /// <summary>The package has no signature entry.</summary>
    Unsigned,

    /// <summary>The package has a signature entry that does not verify: the package changed since signing, or the entry is damaged.</summary>
    Invalid,
}
