using System.Diagnostics;
using CellOps.PluginHost;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Tests.PowerShell;
using CellOps.Tests.TestSupport;
using TorchSharp;
using Xunit;

namespace CellOps.Tests.PluginHost;

public sealed class ExamplePluginTests : IClassFixture<PowerShellSessionFixture>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);
    private readonly PowerShellSession _ps;

    public ExamplePluginTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    private static string Project => Path.Combine(RepoPaths.Examples, "plugins", "Contoso.CellOps.TinyClassifier", "Contoso.CellOps.TinyClassifier.csproj");

    [Fact]
    public void The_example_plugin_builds_alone_ships_no_host_assemblies_and_loads_through_PluginPath()
    {
        using var temp = new TempFolder();
        string output = Path.Combine(temp.Path, "TinyClassifier");
        Build(Project, output);

        var shipped = Directory.GetFiles(output).Select(Path.GetFileName).ToArray();
        Assert.Contains("plugin.json", shipped);
        Assert.Contains("Contoso.CellOps.TinyClassifier.dll", shipped);
        Assert.DoesNotContain("TorchSharp.dll", shipped);
        Assert.DoesNotContain("CellOps.Sdk.dll", shipped);
        Assert.Empty(Directory.GetFiles(output, "libtorch*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(output, "*TorchSharp*", SearchOption.AllDirectories));

        var result = _ps.Run("Get-CellModel -PluginPath $path", new Dictionary<string, object?> { ["path"] = output });
        result.AssertNoErrors();
        var model = Assert.Single(result.Objects<ModelInfo>().Where(m => m.Source == PluginSource.PluginPath));
        Assert.Equal("TinyClassifier.TileCnn", model.Name);
        Assert.Equal(PluginStatus.Available, model.Status);
        Assert.Equal(new[] { "Width", "LearningRate" }, model.HyperParameters.Select(h => h.Name));

        // Its network is a host module: 32×32 tiles in, two logits out; weighted cross-entropy works.
        TorchBackend.EnsureLoaded();
        var handle = TestPlugins.Catalog(output).ResolveModel("TinyClassifier.TileCnn");
        var supervised = Assert.IsAssignableFrom<ISupervisedModel>(handle.Model);
        using var network = supervised.CreateNetwork(HyperParameterValues.Resolve(supervised.HyperParameters, new Dictionary<string, double> { ["Width"] = 4 }));
        using var input = torch.randn(2, 1, 32, 32);
        using var logits = network.call(input);
        Assert.Equal(new long[] { 2, 2 }, logits.shape);
        using var target = torch.tensor(new long[] { 0, 1 });
        using var weights = torch.tensor(new float[] { 0.25f, 0.75f });
        using var loss = supervised.ComputeLoss(logits, target, weights);
        Assert.True(float.IsFinite(loss.item<float>()));
    }

    private static void Build(string project, string output)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (var arg in new[] { "build", project, "-c", "Release", "-o", output, "-nologo", "-v:q", "-nodeReuse:false", "-p:UseSharedCompilation=false" })
        {
            info.ArgumentList.Add(arg);
        }
        // The test host runs under `dotnet test`; its MSBuild settings must not leak into this build.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"dotnet build of {project} took longer than {BuildTimeout}.\n{stdout.Result}\n{stderr.Result}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"dotnet build of {project} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }
    }
}
