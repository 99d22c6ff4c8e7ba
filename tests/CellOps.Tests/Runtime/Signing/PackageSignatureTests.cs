using System.IO.Compression;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Signing;
using CellOps.Tests.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Signing;

/// <summary>
/// A signature covers every entry of a package; a trust policy that requires one refuses packages
/// that are unsigned, changed since signing (even with a recomputed SHA-256 list), or signed by a key
/// it does not trust (now).
/// </summary>
public sealed class PackageSignatureTests : IDisposable
{
    private static readonly DateTimeOffset Future = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Past = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly SigningKey _key;
    private readonly string _publicPath;

    public PackageSignatureTests()
    {
        (_key, _, _publicPath) = SigningSamples.NewKey(_folder.Path);
    }

    public void Dispose()
    {
        _key.Dispose();
        _folder.Dispose();
    }

    private PackageTrustPolicy RequiringLabKey(DateTimeOffset? notAfter = null, DateTimeOffset? expires = null) =>
        PackageTrustPolicy.Load(SigningSamples.Policy(_folder.Path, requireSignature: true, expires, (_publicPath, notAfter)));

    private PackageTrustException Refused(string path, PackageTrustPolicy policy) =>
        Assert.Throws<PackageTrustException>(() => SigningSamples.OpenUnder(path, policy).Dispose());

    [Fact]
    public void A_package_signed_by_a_trusted_key_opens_under_a_policy_that_requires_signatures()
    {
        var path = SigningSamples.SignedPackage(_folder.Path, _key);
        var policy = RequiringLabKey(notAfter: Future, expires: Future);

        using var package = SigningSamples.OpenUnder(path, policy);
        Assert.Equal(PackageSamples.Entries()["weights/network.bin"], package.ReadEntry("weights/network.bin"));

        var status = PackageSignatureVerifier.Inspect(path, policy, DateTimeOffset.UtcNow);
        Assert.Equal(SignatureState.Signed, status.Status);
        Assert.True(status.Trusted, status.Reason);
        Assert.Equal(_key.KeyId, status.KeyId);
        Assert.Equal("Stem cell lab", status.Signer);
        Assert.Equal(SigningSamples.Now, status.SignedAt);
        Assert.Equal(policy.Path, status.PolicyPath);
    }

    [Fact]
    public void The_key_id_is_the_SHA256_of_the_public_key_info_and_survives_saving()
    {
        using var loaded = SigningKey.Load(Path.Combine(_folder.Path, "lab.pem"));
        Assert.Equal(_key.KeyId, loaded.KeyId);
        Assert.Equal(PackageSamples.Sha256(_key.PublicKeyInfo()), _key.KeyId);
        Assert.Equal(_key.KeyId, TrustedKey.Load(_publicPath).KeyId);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Path.Combine(_folder.Path, "lab.pem")));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(_publicPath));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder.Path, "lab.pem")));
    }

    [Fact]
    public void A_public_key_is_not_accepted_as_a_signing_key()
    {
        var error = Assert.Throws<SigningKeyException>(() => SigningKey.Load(_publicPath));
        Assert.Contains(_publicPath, error.Message);
    }

    [Fact]
    public void One_changed_byte_of_the_weights_is_refused()
    {
        var path = SigningSamples.SignedPackage(_folder.Path, _key);
        PackageSamples.ReplaceEntry(path, "weights/network.bin", bytes => { bytes[100] ^= 0x01; return bytes; });

        // The SHA-256 list already catches this; the signature does too, on its own.
        var error = Assert.Throws<ModelPackageException>(() => SigningSamples.OpenUnder(path, RequiringLabKey()).Dispose());
        Assert.Equal(ModelPackageFailure.Tampered, error.Failure);
        Assert.Equal(SignatureState.Invalid, PackageSignatureVerifier.Inspect(path, null, DateTimeOffset.UtcNow).Status);
    }

    [Fact]
    public void Changed_weights_with_a_recomputed_SHA256_list_are_refused()
    {
        var path = SigningSamples.SignedPackage(_folder.Path, _key);
        SigningSamples.TamperAndRehash(path);
        // Without a policy the package passes every check it had before signing existed.
        using (SigningSamples.OpenUnder(path, null)) { }

        var error = Refused(path, RequiringLabKey());
        Assert.Equal(PackageTrustFailure.SignatureInvalid, error.Failure);
        Assert.Equal(path, error.Path);
        Assert.Contains("model.cellmodel", error.Message);
        Assert.Contains("changed", error.Message);
    }

    [Fact]
    public void A_broken_signature_is_refused_even_where_signatures_are_not_required()
    {
        var path = SigningSamples.SignedPackage(_folder.Path, _key);
        SigningSamples.TamperAndRehash(path);
        var lenient = PackageTrustPolicy.Load(SigningSamples.Policy(_folder.Path, requireSignature: false, null, (_publicPath, null)));
        Assert.Equal(PackageTrustFailure.SignatureInvalid, Refused(path, lenient).Failure);
    }

    [Fact]
    public void An_entry_added_or_renamed_after_signing_breaks_the_signature()
    {
        var added = SigningSamples.SignedPackage(_folder.Path, _key, "added.cellmodel");
        PackageSamples.AddEntry(added, "extra.bin", [1, 2, 3]);
        PackageSamples.EditManifest(added, json => json["entries"]!["extra.bin"] = PackageSamples.Sha256([1, 2, 3]));
        Assert.Equal(SignatureState.Invalid, PackageSignatureVerifier.Inspect(added, null, DateTimeOffset.UtcNow).Status);

        var renamed = SigningSamples.SignedPackage(_folder.Path, _key, "renamed.cellmodel");
        byte[] roc = PackageSamples.Entries()["plots/roc.png"];
        using (var zip = ZipFile.Open(renamed, ZipArchiveMode.Update))
        {
            zip.GetEntry("plots/roc.png")!.Delete();
            using var stream = zip.CreateEntry("plots/roc2.png").Open();
            stream.Write(roc);
        }
        PackageSamples.EditManifest(renamed, json =>
        {
            var entries = json["entries"]!.AsObject();
            entries.Remove("plots/roc.png");
            entries["plots/roc2.png"] = PackageSamples.Sha256(roc);
        });
        using (SigningSamples.OpenUnder(renamed, null)) { }
        Assert.Equal(SignatureState.Invalid, PackageSignatureVerifier.Inspect(renamed, null, DateTimeOffset.UtcNow).Status);
    }

    [Fact]
    public void A_changed_signer_name_breaks_the_signature()
    {
        var path = SigningSamples.SignedPackage(_folder.Path, _key);
        PackageSamples.ReplaceEntry(path, PackageEntryNames.Signature,
            bytes => System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace("Stem cell lab", "Core facility")));
        var status = PackageSignatureVerifier.Inspect(path, null, DateTimeOffset.UtcNow);
        Assert.Equal(SignatureState.Invalid, status.Status);
        Assert.Equal("Core facility", status.Signer);
    }

    [Fact]
    public void An_unsigned_package_is_refused_under_the_policy_and_accepted_without_one()
    {
        var path = PackageSamples.Write(_folder.Path);
        using (SigningSamples.OpenUnder(path, null)) { }
        var lenient = PackageTrustPolicy.Load(SigningSamples.Policy(_folder.Path, requireSignature: false, null, (_publicPath, null)));
        using (SigningSamples.OpenUnder(path, lenient)) { }

        var error = Refused(path, RequiringLabKey());
        Assert.Equal(PackageTrustFailure.Unsigned, error.Failure);
        Assert.Contains("Set-CellModelSignature", error.Message);
        Assert.Equal(SignatureState.Unsigned, PackageSignatureVerifier.Inspect(path, null, DateTimeOffset.UtcNow).Status);
    }

    [Fact]
    public void A_package_whose_signature_entry_was_removed_is_unsigned_and_refused()
    {
        var path = SigningSamples.SignedPackage(_folder.Path, _key);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update)) zip.GetEntry(PackageEntryNames.Signature)!.Delete();
        Assert.Equal(PackageTrustFailure.Unsigned, Refused(path, RequiringLabKey()).Failure);
    }

    [Fact]
    public void A_package_signed_by_a_key_the_policy_does_not_list_is_refused()
    {
        using var stranger = SigningKey.Create();
        var path = SigningSamples.SignedPackage(_folder.Path, stranger);
        Assert.Equal(SignatureState.Signed, PackageSignatureVerifier.Inspect(path, null, DateTimeOffset.UtcNow).Status);

        var error = Refused(path, RequiringLabKey());
        Assert.Equal(PackageTrustFailure.SignerUntrusted, error.Failure);
        Assert.Contains(stranger.KeyId, error.Message);
        Assert.False(PackageSignatureVerifier.Inspect(path, RequiringLabKey(), DateTimeOffset.UtcNow).Trusted);
    }

    [Fact]
    public void A_key_past_its_notAfter_and_an_expired_policy_are_refused()
    {
        var path = SigningSamples.SignedPackage(_folder.Path, _key);
        var keyExpired = Refused(path, RequiringLabKey(notAfter: Past));
        Assert.Equal(PackageTrustFailure.SignerExpired, keyExpired.Failure);
        Assert.Contains("2020-01-01", keyExpired.Message);

        var policyExpired = Refused(path, RequiringLabKey(expires: Past));
        Assert.Equal(PackageTrustFailure.PolicyExpired, policyExpired.Failure);
        Assert.Contains("expired", policyExpired.Message);

        // An expired policy refuses even where it does not require signatures: it fails closed.
        var lenient = PackageTrustPolicy.Load(SigningSamples.Policy(_folder.Path, requireSignature: false, Past, (_publicPath, null)));
        Assert.Equal(PackageTrustFailure.PolicyExpired, Refused(PackageSamples.Write(_folder.Path, name: "u.cellmodel"), lenient).Failure);
    }

    [Fact]
    public void Signing_again_replaces_the_signature_and_keeps_every_entry()
    {
        var path = SigningSamples.SignedPackage(_folder.Path, _key);
        using var second = SigningKey.Create();
        PackageSigner.Sign(path, second, "second", SigningSamples.Now);

        using (var zip = ZipFile.OpenRead(path))
        {
            Assert.Single(zip.Entries, e => e.FullName == PackageEntryNames.Signature);
            Assert.Equal(5, zip.Entries.Count);
        }
        var status = PackageSignatureVerifier.Inspect(path, null, DateTimeOffset.UtcNow);
        Assert.Equal(SignatureState.Signed, status.Status);
        Assert.Equal(second.KeyId, status.KeyId);
        using var package = SigningSamples.OpenUnder(path, null);
        foreach (var (name, bytes) in PackageSamples.Entries()) Assert.Equal(bytes, package.ReadEntry(name));
    }

    [Fact]
    public void A_package_that_fails_its_own_checks_is_not_signed_and_is_left_as_it_was()
    {
        var path = PackageSamples.Write(_folder.Path);
        PackageSamples.ReplaceEntry(path, "weights/network.bin", bytes => { bytes[0] ^= 0xFF; return bytes; });
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<ModelPackageException>(() => PackageSigner.Sign(path, _key, "lab", SigningSamples.Now));
        Assert.Equal(ModelPackageFailure.Tampered, error.Failure);
        Assert.Contains("model.cellmodel", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder.Path, "*.cellmodel*", SearchOption.TopDirectoryOnly));
    }

    [Fact]
    public void The_writer_refuses_the_signature_entry_name()
    {
        var entries = PackageSamples.Entries();
        entries[PackageEntryNames.Signature] = [1];
        Assert.Throws<ArgumentException>(() => ModelPackageWriter.Write(_folder.File("x.cellmodel"), PackageSamples.Manifest(), entries));
    }
}
