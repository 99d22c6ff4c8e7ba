using CellOps.Runtime.Torch;
using CellOps.Sdk.Torch;
using TorchSharp;
using Xunit;

namespace CellOps.Tests.Runtime;

public class TorchBackendTests
{
    [Fact]
    public void Backend_loads_and_computes_on_the_cpu()
    {
        TorchBackend.EnsureLoaded();
        using var a = torch.arange(Scalars.Of(0L), Scalars.Of(6L), Scalars.One, dtype: torch.float32).reshape(2, 3);
        using var b = torch.ones(3, 2);
        using var product = a.matmul(b);
        Assert.Equal(new float[] { 3, 3, 12, 12 }, product.data<float>().ToArray());
    }

    [Fact]
    public void Loading_twice_is_harmless()
    {
        TorchBackend.EnsureLoaded();
        TorchBackend.EnsureLoaded();
        Assert.False(TorchBackend.CudaAvailable && !torch.cuda.is_available());
    }
}
