using Xunit;

namespace CellOps.Tests.Runtime;

/// <summary>
/// Tests that seed torch's global generator run one at a time: two of them in parallel would draw
/// from the same generator and make each other's results depend on timing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch";
}
