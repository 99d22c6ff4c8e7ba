using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Parity;

/// <summary>
/// Runs one fixture case through a CellOps or TorchSharp layer: loads the case's parameters into the
/// layer, applies it to x, backpropagates the case's upstream gradient g (loss = Σ y·g), and compares
/// y, dx and every parameter's gradient with PyTorch's.
/// </summary>
internal static class ModuleParity
{
    private static readonly HashSet<string> Io = ["x", "g", "y", "dx"];

    /// <summary>Copies the fixture's tensors into the parameters of the same names, without recording gradients.</summary>
    public static void LoadParameters(ParityFixture fixture, IEnumerable<(string Name, Parameter Parameter)> parameters)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            using var value = fixture.Float(name);
            parameter.copy_(value);
        }
    }

    public static void Check(ParityAssert check, string caseName, nn.Module<Tensor, Tensor> module, double gradAtol = ParityAssert.Atol, double gradRtol = ParityAssert.Rtol) =>
        Check(check, caseName, module.call, module.named_parameters().ToList(), gradAtol, gradRtol);

    public static void Check(ParityAssert check, string caseName, Func<Tensor, Tensor> forward, IReadOnlyList<(string Name, Parameter Parameter)> parameters,
        double gradAtol = ParityAssert.Atol, double gradRtol = ParityAssert.Rtol)
    {
        using var scope = NewDisposeScope();
        var fixture = ParityFixture.Load(caseName);
        // The layer has exactly the parameters PyTorch's had (a bias where PyTorch had one, none where it had none).
        var expectedNames = fixture.Names.Where(n => !Io.Contains(n) && !n.StartsWith('d')).Order().ToArray();
        Assert.Equal(expectedNames, parameters.Select(p => p.Name).Order().ToArray());
        LoadParameters(fixture, parameters);

        var x = fixture.Float("x").requires_grad_(true);
        var y = forward(x);
        check.Close(y, fixture.Float("y"), $"{caseName} y");
        y.mul(fixture.Float("g")).sum().backward();
        check.Close(x.grad!, fixture.Float("dx"), $"{caseName} dx", gradAtol, gradRtol);
        foreach (var (name, parameter) in parameters)
        {
            check.Close(parameter.grad!, fixture.Float("d" + name), $"{caseName} d{name}", gradAtol, gradRtol);
        }
    }
}
