using System.Reflection;
using System.Runtime.Loader;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Sdk.Torch;
using CellOps.Tests.TestSupport;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Torch;

/// <summary>
/// No CellOps or built-in plugin code lets a Scalar be freed while libtorch reads it (the cause of
/// the random "Unknown scalar type" / "Expected false to be true" failures under load).
/// </summary>
public class ScalarLifetimeAuditTests
{
    private static readonly ScalarLifetimeAudit Audit = ScalarLifetimeAudit.ForTorchSharp;

    // Tests that make TorchSharp's unsafe layers and optimisers to show they are found (never running them).
    private static readonly string[] MadeUnsafeOnPurpose =
    {
        nameof(Examples) + ".", nameof(ScalarLifetimeAuditTests) + ".", nameof(NetworkCheckTests) + ".<" + nameof(NetworkCheckTests.A_TorchSharp_layer_that_frees_Scalars_under_libtorch_is_reported_as_a_warning),
    };

    public static TheoryData<string> CellOpsAssemblies => new()
    {
        "CellOps.Sdk", "CellOps.Runtime", "CellOps.Imaging", "CellOps.Reporting", "CellOps.PluginHost",
        "CellOps.PowerShell", "CellOps.Plugins.Cardiomyocyte", "CellOps.Plugins.Leukocyte", "CellOps.Plugins.IpsColony",
        "CellOps.Plugins.CancerStemCell", "CellOps.Plugins.NeuralFate",
    };

    [Fact]
    public void The_audit_marks_TorchSharps_own_unsafe_members_and_not_the_safe_overloads()
    {
        // add_(Tensor) passes an alpha of 1 made on the fly; add_(Tensor, Scalar) takes the caller's.
        Assert.True(Audit.IsUnsafe(typeof(Tensor).GetMethod(nameof(Tensor.add_), new[] { typeof(Tensor) })!));
        Assert.False(Audit.IsUnsafe(typeof(Tensor).GetMethod(nameof(Tensor.add_), new[] { typeof(Tensor), typeof(Scalar) })!));
        Assert.True(Audit.IsUnsafe(typeof(Tensor).GetMethod("op_Multiply", new[] { typeof(Tensor), typeof(double) })!));
        Assert.True(Audit.IsUnsafe(typeof(TorchSharp.Modules.BatchNorm).GetMethod("forward")!));
        Assert.True(Audit.IsUnsafe(typeof(TorchSharp.Modules.Adam).GetMethod("step")!));
        Assert.False(Audit.IsUnsafe(typeof(TorchSharp.Modules.Conv2d).GetMethod("forward", new[] { typeof(Tensor) })!));
    }

    [Fact]
    public void The_audit_finds_an_implicit_Scalar_and_accepts_a_held_one()
    {
        var findings = Audit.Scan(typeof(ScalarLifetimeAuditTests).Assembly);
        var sites = findings.Select(f => f.Location).ToList();
        Assert.Contains(sites, s => s.Contains(nameof(Examples.Implicit)));
        Assert.Contains(sites, s => s.Contains(nameof(Examples.UnsafeOverload)));
        Assert.Contains(sites, s => s.Contains(nameof(Examples.UnsafeLayer)));
        Assert.Contains(sites, s => s.Contains(nameof(Examples.UnsafeOptimizer)));
        Assert.DoesNotContain(sites, s => s.Contains(nameof(Examples.HeldInUsing)));
        Assert.DoesNotContain(sites, s => s.Contains(nameof(Examples.HeldForever)));
    }

    [Theory]
    [MemberData(nameof(CellOpsAssemblies))]
    public void CellOps_code_holds_every_Scalar_it_hands_to_libtorch(string assemblyName)
    {
        var assembly = Load(assemblyName);
        var findings = Audit.Scan(assembly, "CellOps.Sdk.Torch.Scalars");
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void The_tests_hold_their_Scalars_too_apart_from_the_audits_own_counter_examples()
    {
        var findings = Audit.Scan(typeof(ScalarLifetimeAuditTests).Assembly, "CellOps.Sdk.Torch.Scalars")
            .Where(f => !MadeUnsafeOnPurpose.Any(p => f.Location.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void Every_built_in_network_and_optimizer_uses_layers_that_hold_their_Scalars()
    {
        foreach (var model in BuiltInModels())
        {
            var values = HyperParameterValues.Resolve(model.HyperParameters, new Dictionary<string, double>());
            using var network = model.CreateNetwork(values);
            var findings = Audit.ScanLayers(network);
            Assert.True(findings.Count == 0, $"{model.Name}: " + string.Join(Environment.NewLine, findings));
        }
        using var linear = nn.Linear(2, 2);
        using var adam = Optimizers.Adam(linear.parameters());
        Assert.Null(Audit.ScanOptimizer(adam));
        using var torchAdam = optim.Adam(linear.parameters());
        Assert.NotNull(Audit.ScanOptimizer(torchAdam));
    }

    [Fact]
    public void The_layer_scan_names_an_unsafe_TorchSharp_layer()
    {
        using var network = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("norm", nn.BatchNorm2d(2)), ("act", nn.LeakyReLU(0.2)));
        var findings = Audit.ScanLayers(network);
        Assert.Equal(new[] { "norm", "act" }, findings.Select(f => f.Location.Split(' ')[0]));
        using var safe = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("norm", Layers.BatchNorm2d(2)), ("act", Layers.LeakyReLU(0.2)));
        Assert.Empty(Audit.ScanLayers(safe));
    }

    private static IEnumerable<ICellModel> BuiltInModels() =>
        new ICellPlugin[]
        {
            new CellOps.Plugins.Cardiomyocyte.CardiomyocytePlugin(), new CellOps.Plugins.Leukocyte.LeukocytePlugin(),
            new CellOps.Plugins.IpsColony.IpsColonyPlugin(), new CellOps.Plugins.CancerStemCell.CancerStemCellPlugin(),
            new CellOps.Plugins.NeuralFate.NeuralFatePlugin(),
        }
            .SelectMany(p => p.Models);

    private static Assembly Load(string name)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
        if (loaded is not null) return loaded;
        var beside = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        var path = File.Exists(beside) ? beside : Path.Combine(RepoPaths.Root, "out", "CellOps", name + ".dll");
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }

    /// <summary>Code the audit must judge: two unsafe shapes and two safe ones.</summary>
    private static class Examples
    {
        public static Tensor Implicit(Tensor t) => t.mul(2.0);

        public static Tensor UnsafeOverload(Tensor a, Tensor b) => a.add(b);

        public static Tensor HeldInUsing(Tensor t, double factor)
        {
            using var s = factor.ToScalar();
            return t.mul(s);
        }

        public static Tensor HeldForever(Tensor a, Tensor b) => a.add(b, Scalars.One);

        public static nn.Module<Tensor, Tensor> UnsafeLayer() => nn.BatchNorm2d(4);

        public static optim.Optimizer UnsafeOptimizer(nn.Module network) => optim.Adam(network.parameters());
    }
}
