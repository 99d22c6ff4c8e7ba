using System.Security.Cryptography;

namespace CellOps.Runtime.Signing;

/// <summary>The one signature algorithm CellOps writes and accepts; a package naming another is not signed validly.</summary>
public static class PackageSignatureAlgorithm
{
    /// <summary>The name recorded in the signature: ECDSA on NIST P-256 over SHA-256, signature as r‖s (IEEE P1363, 64 bytes).</summary>
    public const string Name = "ECDSA-P256-SHA256";

    /// <summary>Whether <paramref name="key"/> is a P-256 key.</summary>
    public static bool IsP256(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var curve = key.ExportParameters(false).Curve;
        return curve.IsNamed && curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value;
    }

    internal static byte[] Sign(ECDsa key, byte[] message) =>
        key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    internal static bool Verify(ECDsa key, byte[] message, byte[] signature) =>
        key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
