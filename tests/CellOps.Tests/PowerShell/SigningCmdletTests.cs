using System.Management.Automation;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Signing;
using CellOps.Tests.Runtime;
using CellOps.Tests.Runtime.Packaging;
using CellOps.Tests.Runtime.Signing;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// Signing packages and requiring signatures as users do it: New-CellSigningKey, Set-CellModelSignature,
/// Get-CellModelSignature, Start-CellTraining -SigningKeyPath, and a CELLOPS_PACKAGE_POLICY under which
/// Invoke-CellModel and Start-CellTraining -From refuse what the policy does not trust.
/// </summary>
/// <remarks>In the torch collection: the policy is a process environment variable, and the other tests that open packages through the cmdlets run there too, never beside these.</remarks>
[Collection(TorchCollection.Name)]
public sealed class SigningCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private const string Tiny = "-HyperParameter @{ Depth = 2; BaseWidth = 8 } -Threads 1 -Epochs 1 -ValidationFraction 0";
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public SigningCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        TrainingCmdletTests.WriteFields(_data.Path, fields: 3, seed: 5);
    }

    public void Dispose() => _data.Dispose();

    private PipelineResult Run(string script, string? policy = null, params (string Name, object Value)[] variables)
    {
        Environment.SetEnvironmentVariable(PackageTrustPolicy.EnvironmentVariable, policy);
        try
        {
            return _ps.Run("$m = Import-Micrograph \"$data/*_phase.png\" -PairWith { $_.FullName -replace '_phase', '_gfp' }\n" +
                           "$tiles = $m | New-TileSet -Size 64 -Target Label -AreaFraction 0.3\n" + script,
                variables.Append((Name: "data", Value: (object)_data.Path)).ToDictionary(v => v.Name, v => (object?)v.Value));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PackageTrustPolicy.EnvironmentVariable, null);
        }
    }

    private static ErrorRecord Refusal(PipelineResult result, string id, string package)
    {
        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(id, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Equal(package, error.TargetObject);
        return error;
    }

    [Fact]
    public void A_package_signed_by_Start_CellTraining_is_used_under_a_policy_that_requires_signatures()
    {
        string key = _data.File("lab.pem");
        string package = _data.File("signed.cellmodel");
        var made = Run($"New-CellSigningKey $key\n$tiles | Start-CellTraining Cardiomyocyte.TileClassifier {Tiny} -OutFile $out -SigningKeyPath $key",
            null, ("key", key), ("out", package));
        made.AssertNoErrors();
        var keyFile = Assert.Single(made.Objects<SigningKeyFile>());
        string policy = SigningSamples.Policy(_data.Path, requireSignature: true, null, (keyFile.PublicKeyPath, null));

        var used = Run("$tiles | Invoke-CellModel $pkg -Threads 1\nGet-CellModelSignature $pkg", policy, ("pkg", package));
        used.AssertNoErrors();
        Assert.Single(used.Objects<PredictionResult>());
        var status = Assert.Single(used.Objects<PackageSignatureStatus>());
        Assert.Equal(SignatureState.Signed, status.Status);
        Assert.True(status.Trusted, status.Reason);
        Assert.Equal(keyFile.KeyId, status.KeyId);
        Assert.Equal(Environment.UserName, status.Signer);
    }

    [Fact]
    public void Under_the_policy_unsigned_re_hashed_and_untrusted_packages_are_refused_with_security_errors()
    {
        string package = _data.File("plain.cellmodel");
        Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier {Tiny} -OutFile $out", null, ("out", package)).AssertNoErrors();
        var (lab, _, labPublic) = SigningSamples.NewKey(_data.Path);
        using (lab)
        {
            string policy = SigningSamples.Policy(_data.Path, requireSignature: true, null, (labPublic, null));

            // Accepted without a policy, refused under it: by Invoke-CellModel and by Start-CellTraining -From.
            Run("$tiles | Invoke-CellModel $pkg -Threads 1", null, ("pkg", package)).AssertNoErrors();
            var unsigned = Refusal(Run("$tiles | Invoke-CellModel $pkg -Threads 1", policy, ("pkg", package)), "PackageUnsigned", package);
            Assert.Contains("plain.cellmodel", unsigned.Exception.Message);
            Assert.Contains("Set-CellModelSignature", unsigned.Exception.Message);
            Refusal(Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier {Tiny} -From $pkg -OutFile $child", policy,
                ("pkg", package), ("child", _data.File("child.cellmodel"))), "PackageUnsigned", package);
            Assert.False(File.Exists(_data.File("child.cellmodel")));

            using var stranger = SigningKey.Create();
            PackageSigner.Sign(package, stranger, "someone else", DateTimeOffset.UtcNow);
            Refusal(Run("$tiles | Invoke-CellModel $pkg -Threads 1", policy, ("pkg", package)), "PackageSignerUntrusted", package);

            PackageSigner.Sign(package, lab, "lab", DateTimeOffset.UtcNow);
            Run("$tiles | Invoke-CellModel $pkg -Threads 1", policy, ("pkg", package)).AssertNoErrors();
            SigningSamples.TamperAndRehash(package);
            var invalid = Refusal(Run("$tiles | Invoke-CellModel $pkg -Threads 1", policy, ("pkg", package)), "PackageSignatureInvalid", package);
            Assert.Contains("get the package again", invalid.Exception.Message);
        }
    }

    [Fact]
    public void New_Set_and_Get_round_trip_a_signature_through_the_pipeline()
    {
        string key = _data.File("round.pem");
        string package = PackageSamples.Write(_data.Path, name: "round.cellmodel");

        var whatIf = _ps.Run("New-CellSigningKey $key -WhatIf", new Dictionary<string, object?> { ["key"] = key });
        whatIf.AssertNoErrors();
        Assert.False(File.Exists(key));

        var result = _ps.Run(
            "$k = New-CellSigningKey $key\n$k\n" +
            "[IO.FileInfo]::new($pkg) | Set-CellModelSignature -KeyPath $k.Path -WhatIf\n" +
            "Get-CellModelSignature $pkg\n" +
            "$signed = [IO.FileInfo]::new($pkg) | Set-CellModelSignature -KeyPath $k.Path -Signer 'Stem cell lab' -PassThru\n" +
            "$signed\nGet-CellModelSignature $pkg",
            new Dictionary<string, object?> { ["key"] = key, ["pkg"] = package });
        result.AssertNoErrors();
        var keyFile = Assert.Single(result.Objects<SigningKeyFile>());
        Assert.Equal(_data.File("round.pub.pem"), keyFile.PublicKeyPath);
        Assert.True(File.Exists(keyFile.PublicKeyPath));
        var statuses = result.Objects<PackageSignatureStatus>();
        // -WhatIf left the package as it was: the first status is of the unsigned package.
        Assert.Equal(3, statuses.Count);
        Assert.Equal(SignatureState.Unsigned, statuses[0].Status);
        Assert.All(statuses.Skip(1), s =>
        {
            Assert.Equal(SignatureState.Signed, s.Status);
            Assert.Equal(keyFile.KeyId, s.KeyId);
            Assert.Equal("Stem cell lab", s.Signer);
            Assert.False(s.Trusted);
            Assert.Contains("CELLOPS_PACKAGE_POLICY", s.Reason);
        });

        var again = _ps.Run("New-CellSigningKey $key", new Dictionary<string, object?> { ["key"] = key });
        Assert.Equal("OutputExists", Assert.Single(again.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void A_policy_that_cannot_be_read_refuses_every_package()
    {
        string package = PackageSamples.Write(_data.Path, name: "any.cellmodel");
        string broken = _data.File("broken.json");
        File.WriteAllText(broken, "{ \"requireSignature\": tru");

        var result = Run("Get-CellModelSignature $pkg", broken, ("pkg", package));
        var error = Assert.Single(result.Errors);
        Assert.Equal("PackagePolicyInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Contains(broken, error.Exception.Message);
        Assert.Empty(result.Output);

        var relative = Run("Get-CellModelSignature $pkg", "policy.json", ("pkg", package));
        Assert.Equal("PackagePolicyInvalid", Assert.Single(relative.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void A_bad_key_stops_training_before_it_starts_and_a_file_that_is_not_a_package_does_not_stop_the_pipeline()
    {
        string notAKey = _data.File("not-a-key.pem");
        File.WriteAllText(notAKey, "hello");
        string package = _data.File("never.cellmodel");
        var training = Run($"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier {Tiny} -OutFile $out -SigningKeyPath $key", null, ("out", package), ("key", notAKey));
        var error = Assert.Single(training.Errors);
        Assert.Equal("SigningKeyInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains(notAKey, error.Exception.Message);
        Assert.DoesNotContain(training.Progress, p => p.StatusDescription.StartsWith("Epoch", StringComparison.Ordinal));
        Assert.False(File.Exists(package));

        string good = PackageSamples.Write(_data.Path, name: "good.cellmodel");
        var result = _ps.Run("Get-CellModelSignature $notZip, $good", new Dictionary<string, object?> { ["notZip"] = notAKey, ["good"] = good });
        Assert.Equal("ModelPackageInvalid", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(SignatureState.Unsigned, Assert.Single(result.Objects<PackageSignatureStatus>()).Status);
    }
}
