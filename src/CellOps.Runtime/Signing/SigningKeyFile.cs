namespace CellOps.Runtime.Signing;

/// <summary>A signing key pair written by New-CellSigningKey: where each half is and the key id a trust policy knows it by.</summary>
public sealed class SigningKeyFile
{
    /// <summary>Creates the description.</summary>
    public SigningKeyFile(string path, string publicKeyPath, string keyId)
    {
        Path = path;
        PublicKeyPath = publicKeyPath;
        KeyId = keyId;
    }

    /// <summary>The private key (PKCS#8 PEM, readable by its owner only): keep it secret.</summary>
    public string Path { get; }

    /// <summary>The public key (SubjectPublicKeyInfo PEM): list it in the trust policy of each machine that should accept the packages.</summary>
    public string PublicKeyPath { get; }

    /// <summary>SHA-256 of the public key's SubjectPublicKeyInfo, lowercase hex.</summary>
    public string KeyId { get; }

    /// <summary>The public key file path beside a private key file: <c>lab.pem</c> → <c>lab.pub.pem</c>.</summary>
    public static string PublicPathFor(string privatePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(privatePath);
        var name = System.IO.Path.GetFileName(privatePath);
        var stem = name.EndsWith(".key.pem", StringComparison.OrdinalIgnoreCase) ? name[..^".key.pem".Length]
            : System.IO.Path.GetFileNameWithoutExtension(name);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(privatePath) ?? "", stem + ".pub.pem");
    }
}
