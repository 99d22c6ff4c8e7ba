using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>
/// examples/signed-packages.ps1 in real pwsh: the signed package is used under the policy, the forged
/// copy (one weight byte changed, its SHA-256 re-listed) is refused, and both statuses come back.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SignedPackagesExampleTests : IDisposable
{
    private readonly TempFolder _out = new();

    public void Dispose() => _out.Dispose();

    [Fact]
    public void The_signed_package_is_used_under_the_policy_and_the_forged_copy_is_refused()
    {
        string script = Path.Combine(RepoPaths.Examples, "signed-packages.ps1");
        using var pwsh = PwshProcess.Start(new PwshStart { Arguments = ["-Command",
            $"$s = & '{script}' -OutputDirectory '{_out.Path}' 6>$null; $s | ForEach-Object {{ $_.Name + '=' + $_.Status + '/' + $_.Trusted }}"] });
        var result = pwsh.WaitForExit(TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("wbc.cellmodel=Signed/True", lines);
        Assert.Contains("forged.cellmodel=Invalid/False", lines);
        Assert.True(File.Exists(Path.Combine(_out.Path, "lab.pub.pem")));
    }
}
