using CellOps.Runtime.Signing;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Signing;

/// <summary>A trust policy file that cannot be read is an error that names it, never "no policy".</summary>
public sealed class PackageTrustPolicyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PackageTrustException Invalid(string json)
    {
        var path = _folder.File("policy.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<PackageTrustException>(() => PackageTrustPolicy.Load(path));
        Assert.Equal(PackageTrustFailure.PolicyInvalid, error.Failure);
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message);
        return error;
    }

    [Fact]
    public void Unreadable_or_invalid_policies_are_errors()
    {
        Invalid("{ not json");
        Assert.Contains("requireSignatures", Invalid("""{ "requireSignatures": true }""").Message);
        Assert.Contains("missing.pub.pem", Invalid("""{ "requireSignature": true, "trustedKeys": [ { "path": "missing.pub.pem" } ] }""").Message);
        Invalid("""{ "requireSignature": true, "trustedKeys": [ { "pem": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----" } ] }""");
        Invalid("""{ "requireSignature": true, "trustedKeys": [ {} ] }""");
        Invalid("""{ "requireSignature": true, "trustedKeys": [] }""");
        var missing = Assert.Throws<PackageTrustException>(() => PackageTrustPolicy.Load(_folder.File("nowhere.json")));
        Assert.Equal(PackageTrustFailure.PolicyInvalid, missing.Failure);
    }

    [Fact]
    public void Keys_are_read_from_files_beside_the_policy_or_inline()
    {
        using var fileKey = SigningKey.Create();
        using var inlineKey = SigningKey.Create();
        File.WriteAllText(_folder.File("lab.pub.pem"), fileKey.PublicKeyPem);
        var path = _folder.File("policy.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["requireSignature"] = true,
            ["expires"] = "2100-01-01T00:00:00Z",
            ["comment"] = "stem cell lab",
            ["trustedKeys"] = new object[]
            {
                new Dictionary<string, object> { ["path"] = "lab.pub.pem", ["notAfter"] = "2099-01-01T00:00:00Z" },
                new Dictionary<string, object> { ["pem"] = inlineKey.PublicKeyPem, ["comment"] = "core facility" },
            },
        }));

        var policy = PackageTrustPolicy.Load(path);
        Assert.True(policy.RequireSignature);
        Assert.Equal(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), policy.Expires);
        Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), policy.Find(fileKey.KeyId)!.NotAfter);
        Assert.Null(policy.Find(inlineKey.KeyId)!.NotAfter);
        Assert.Equal(2, policy.Keys.Count);
    }

    [Fact]
    public void A_policy_or_key_file_that_every_user_can_write_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        using var key = SigningKey.Create();
        File.WriteAllText(_folder.File("lab.pub.pem"), key.PublicKeyPem);
        var path = _folder.File("policy.json");
        File.WriteAllText(path, """{ "requireSignature": true, "trustedKeys": [ { "path": "lab.pub.pem" } ] }""");
        Assert.NotNull(PackageTrustPolicy.Load(path).Find(key.KeyId));

        File.SetUnixFileMode(_folder.File("lab.pub.pem"), File.GetUnixFileMode(_folder.File("lab.pub.pem")) | UnixFileMode.OtherWrite);
        Assert.Contains("lab.pub.pem", Assert.Throws<PackageTrustException>(() => PackageTrustPolicy.Load(path)).Message);

        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherWrite);
        var error = Assert.Throws<PackageTrustException>(() => PackageTrustPolicy.Load(path));
        Assert.Equal(PackageTrustFailure.PolicyInvalid, error.Failure);
        Assert.Contains("chmod o-w", error.Message);
    }
}
