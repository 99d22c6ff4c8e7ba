using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using CellOps.Runtime.Packaging;

namespace CellOps.Runtime.Signing;

/// <summary>Reads and checks a package's signature entry against the package's bytes and a trust policy.</summary>
public static class PackageSignatureVerifier
{
    /// <summary>The signature status of the package file at <paramref name="path"/>.</summary>
    /// <param name="path">The <c>.cellmodel</c> file.</param>
    /// <param name="policy">The trust policy that decides <see cref="PackageSignatureStatus.Trusted"/>; null for none.</param>
    /// <param name="now">The time keys and policies are checked at.</param>
    /// <exception cref="ModelPackageException">The file does not exist, cannot be opened, or is not a zip.</exception>
    public static PackageSignatureStatus Inspect(string path, PackageTrustPolicy? policy, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(full);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelPackageException(ModelPackageFailure.NotFound, full, $"Model package '{full}' does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelPackageException(ModelPackageFailure.NotFound, full, $"{Path.GetFileName(full)} cannot be opened: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new ModelPackageException(ModelPackageFailure.NotAPackage, full, $"{Path.GetFileName(full)} is not a model package: it is not a zip file.", e);
        }
        using (zip) return Inspect(zip, full, policy, now);
    }

    /// <summary>The signature status of an open package zip.</summary>
    /// <param name="zip">The package, open for reading.</param>
    /// <param name="path">The package file, for the status and messages.</param>
    /// <param name="policy">The trust policy that decides <see cref="PackageSignatureStatus.Trusted"/>; null for none.</param>
    /// <param name="now">The time keys are checked at.</param>
    public static PackageSignatureStatus Inspect(ZipArchive zip, string path, PackageTrustPolicy? policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var policyPath = policy?.Path;
        ZipArchiveEntry? entry;
        try
        {
            entry = zip.GetEntry(PackageEntryNames.Signature);
        }
        catch (InvalidDataException e)
        {
            return Invalid(path, policyPath, null, $"its table of contents cannot be read ({e.Message.TrimEnd('.')})");
        }
        if (entry is null) return new PackageSignatureStatus { Path = path, Status = SignatureState.Unsigned, Reason = "it has no signature", PolicyPath = policyPath };

        SignatureRecord record;
        try
        {
            if (entry.Length > SignatureRecord.MaxBytes) return Invalid(path, policyPath, null, "its signature entry is implausibly large");
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            record = SignatureRecord.FromJson(buffer.ToArray());
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            return Invalid(path, policyPath, null, $"its signature entry cannot be read ({e.Message.TrimEnd('.')})");
        }

        if (record.Format != SignatureRecord.CurrentFormat)
            return Invalid(path, policyPath, record, $"its signature has format {record.Format}; this CellOps reads format {SignatureRecord.CurrentFormat}");
        if (record.Algorithm != PackageSignatureAlgorithm.Name)
            return Invalid(path, policyPath, record, $"its signature uses '{record.Algorithm}'; CellOps accepts only {PackageSignatureAlgorithm.Name}");

        using var key = ECDsa.Create();
        byte[] signature;
        try
        {
            var publicKey = Convert.FromBase64String(record.PublicKey);
            if (KeyFingerprint.Of(publicKey) != record.KeyId) return Invalid(path, policyPath, record, "its signature names a key id that is not its public key's");
            key.ImportSubjectPublicKeyInfo(publicKey, out int read);
            if (read != publicKey.Length || !PackageSignatureAlgorithm.IsP256(key)) return Invalid(path, policyPath, record, "its signature's public key is not a P-256 key");
            signature = Convert.FromBase64String(record.Signature);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return Invalid(path, policyPath, record, $"its signature's key or value is not readable ({e.Message.TrimEnd('.')})");
        }

        byte[] message;
        try
        {
            message = PackageDigest.Message(record, PackageDigest.Entries(zip));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return Invalid(path, policyPath, record, e.Message);
        }
        if (!PackageSignatureAlgorithm.Verify(key, message, signature))
            return Invalid(path, policyPath, record, "its contents are not what was signed: an entry was changed, added, removed or renamed after signing");

        var trusted = policy?.Find(record.KeyId);
        string? reason = policy is null ? "no trust policy is set (CELLOPS_PACKAGE_POLICY)"
            : trusted is null ? $"the key {record.KeyId} is not in the trust policy {policy.Path}"
            : trusted.IsExpired(now) ? $"the key {record.KeyId} was trusted only until {trusted.NotAfter:u} ({trusted.Source})"
            : policy.IsExpired(now) ? $"the trust policy {policy.Path} expired on {policy.Expires:u}"
            : null;
        return new PackageSignatureStatus
        {
            Path = path,
            Status = SignatureState.Signed,
            KeyId = record.KeyId,
            Signer = record.Signer,
            SignedAt = record.SignedUtc,
            Trusted = reason is null,
            Reason = reason,
            PolicyPath = policyPath,
        };
    }

    private static PackageSignatureStatus Invalid(string path, string? policyPath, SignatureRecord? record, string reason) => new()
    {
        Path = path,
        Status = SignatureState.Invalid,
        KeyId = record?.KeyId,
        Signer = record?.Signer,
        SignedAt = record?.SignedUtc,
        Reason = reason,
        PolicyPath = policyPath,
    };
}
