using CellOps.Runtime.Torch;
using Xunit;

namespace CellOps.Tests.Parity;

/// <summary>The parity tests hand libtorch only Scalars they hold, so a collection mid-call cannot corrupt a comparison.</summary>
public sealed class ParityScalarAuditTests
{
    [Fact]
    public void The_parity_tests_hold_every_Scalar_they_hand_to_libtorch()
    {
        var assembly = typeof(ParityFixture).Assembly;
        // Findings name the type without its namespace: Type.Method(parameters).
        var parityTypes = assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ParityFixture).Namespace && !t.Name.Contains('<'))
            .Select(t => t.Name + ".")
            .ToList();
        Assert.Contains("LossParityTests.", parityTypes);
        var findings = ScalarLifetimeAudit.ForTorchSharp.Scan(assembly, "CellOps.Sdk.Torch.Scalars")
            .Where(f => parityTypes.Any(t => f.Location.StartsWith(t, StringComparison.Ordinal)))
            .ToList();
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }
}
