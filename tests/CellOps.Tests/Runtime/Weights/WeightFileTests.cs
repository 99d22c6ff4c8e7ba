using System.IO.Compression;
using System.Security.Cryptography;
using CellOps.Runtime.Weights;
using CellOps.Tests.TestSupport;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Weights;

/// <summary>WeightFile reads torch.save zip files and safetensors written by PyTorch, value for value.</summary>
[Collection(TorchCollection.Name)]
public sealed class WeightFileTests
{
    [Theory]
    [InlineData("tiny.pth", WeightFormat.PyTorchZip)]
    [InlineData("tiny-fp16.pth", WeightFormat.PyTorchZip)]
    [InlineData("wrapped.pth", WeightFormat.PyTorchZip)]
    [InlineData("views.pth", WeightFormat.PyTorchZip)]
    [InlineData("dtypes.pth", WeightFormat.PyTorchZip)]
    [InlineData("tiny.safetensors", WeightFormat.Safetensors)]
    [InlineData("tiny-fp16.safetensors", WeightFormat.Safetensors)]
    [InlineData("dtypes.safetensors", WeightFormat.Safetensors)]
    public void Every_tensor_has_PyTorchs_name_type_shape_and_exact_values(string file, WeightFormat format)
    {
        using var weights = WeightFile.Read(WeightFixtures.File(file));
        Assert.Equal(format, weights.Format);
        Assert.Equal(file, weights.FileName);
        var expected = WeightFixtures.TensorsOf(file).ToList();
        Assert.Equal(expected.Select(e => e.GetProperty("name").GetString()), weights.Tensors.Select(t => t.Name));
        foreach (var (want, got) in expected.Zip(weights.Tensors))
        {
            string dtype = want.GetProperty("dtype").GetString()!;
            Assert.Equal(WeightFixtures.Longs(want.GetProperty("shape")), got.Shape);
            Assert.Equal(dtype, DTypeName(got.SourceType));
            Assert.True(got.Tensor.is_contiguous(), got.Name);
            if (dtype == "int64")
            {
                Assert.Equal(ScalarType.Int64, got.Tensor.dtype);
                Assert.Equal(WeightFixtures.Longs(want.GetProperty("values")), got.Tensor.data<long>().ToArray());
            }
            else
            {
                // float16, bfloat16 and float64 values written as float32 by PyTorch: widening is exact, narrowing rounds the same way.
                Assert.Equal(ScalarType.Float32, got.Tensor.dtype);
                Assert.Equal(WeightFixtures.Floats(want.GetProperty("values")), got.Tensor.data<float>().ToArray());
            }
        }
    }

    [Fact]
    public void Views_of_one_storage_come_out_as_PyTorch_shows_them()
    {
        using var weights = WeightFile.Read(WeightFixtures.File("views.pth"));
        var base_ = weights.Find("base")!.Tensor.data<float>().ToArray(); // 3×4
        var transposed = weights.Find("transposed")!;
        Assert.Equal(new long[] { 4, 3 }, transposed.Shape);
        Assert.Equal(base_[1 * 4 + 2], transposed.Tensor[2, 1].item<float>());
        Assert.Equal(base_.AsSpan(4, 4).ToArray(), weights.Find("row")!.Tensor.data<float>().ToArray());
        Assert.Equal(new[] { base_[0], base_[2], base_[4], base_[6], base_[8], base_[10] }, weights.Find("every_other")!.Tensor.data<float>().ToArray());
        // Each imported tensor owns its memory: changing one view leaves the others alone.
        weights.Find("row")!.Tensor.zero_();
        Assert.Equal(base_[5], weights.Find("base")!.Tensor[1, 1].item<float>());
    }

    [Fact]
    public void A_training_checkpoint_is_unwrapped_to_its_state_dict()
    {
        using var weights = WeightFile.Read(WeightFixtures.File("wrapped.pth"));
        Assert.Equal("state_dict", weights.Container);
        Assert.Equal(9, weights.Tensors.Count);
        Assert.NotNull(weights.Find("bn.num_batches_tracked"));
        Assert.Equal(5L, weights.Find("bn.num_batches_tracked")!.Tensor.item<long>());

        using var plain = WeightFile.Read(WeightFixtures.File("tiny.pth"));
        Assert.Null(plain.Container);
    }

    [Fact]
    public void The_format_is_recognised_by_content_not_extension()
    {
        using var folder = new TempFolder();
        string disguisedSafetensors = folder.File("weights.pth"), disguisedZip = folder.File("weights.safetensors");
        File.Copy(WeightFixtures.File("tiny.safetensors"), disguisedSafetensors);
        File.Copy(WeightFixtures.File("tiny.pth"), disguisedZip);
        using (var a = WeightFile.Read(disguisedSafetensors)) Assert.Equal(WeightFormat.Safetensors, a.Format);
        using (var b = WeightFile.Read(disguisedZip)) Assert.Equal(WeightFormat.PyTorchZip, b.Format);
    }

    [Fact]
    public void A_safetensors_header_whose_length_looks_like_a_pickle_is_still_safetensors()
    {
        var bytes = File.ReadAllBytes(WeightFixtures.File("tiny.safetensors"));
        int length = (int)BitConverter.ToUInt64(bytes, 0);
        const int padded = 0x380; // the prefix starts 0x80 0x03, a pickle's PROTO 3
        var header = bytes.AsSpan(8, length).ToArray().Concat(Enumerable.Repeat((byte)' ', padded - length));
        using var folder = new TempFolder();
        string path = folder.File("padded.safetensors");
        File.WriteAllBytes(path, BitConverter.GetBytes((ulong)padded).Concat(header).Concat(bytes.Skip(8 + length)).ToArray());
        using var weights = WeightFile.Read(path);
        Assert.Equal(WeightFormat.Safetensors, weights.Format);
        Assert.Equal(9, weights.Tensors.Count);
    }

    [Fact]
    public void A_zip_recompressed_with_deflate_reads_the_same()
    {
        using var folder = new TempFolder();
        string path = folder.File("deflated.pth");
        using (var source = ZipFile.OpenRead(WeightFixtures.File("views.pth")))
        using (var target = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open();
                from.CopyTo(to);
            }
        }
        using var original = WeightFile.Read(WeightFixtures.File("views.pth"));
        using var deflated = WeightFile.Read(path);
        Assert.Equal(original.Tensors.Select(t => t.Name), deflated.Tensors.Select(t => t.Name));
        foreach (var (a, b) in original.Tensors.Zip(deflated.Tensors))
            Assert.Equal(a.Tensor.data<float>().ToArray(), b.Tensor.data<float>().ToArray());
    }

    [Fact]
    public void The_file_hash_and_safetensors_metadata_are_reported()
    {
        string file = WeightFixtures.File("tiny.safetensors");
        using var weights = WeightFile.Read(file);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant(), weights.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", weights.Sha256);
        Assert.Equal("CellOps fixture", weights.Metadata["source"]);
    }

    [Fact]
    public void Disposing_the_weights_frees_every_tensor()
    {
        var weights = WeightFile.Read(WeightFixtures.File("tiny.pth"));
        var tensors = weights.Tensors.Select(t => t.Tensor).ToList();
        weights.Dispose();
        Assert.All(tensors, t => Assert.True(t.IsInvalid));
    }

    [Fact]
    public void The_ResNet18_fixture_reads_as_torchvisions_state_dict()
    {
        using var weights = WeightFile.Read(Path.Combine(WeightFixtures.ResNetFolder, "resnet18-fp16.pth"));
        Assert.Equal(122, weights.Tensors.Count);
        Assert.Equal("conv1.weight", weights.Tensors[0].Name);
        Assert.Equal(new long[] { 64, 3, 7, 7 }, weights.Find("conv1.weight")!.Shape);
        Assert.Equal(new long[] { 128, 64, 1, 1 }, weights.Find("layer2.0.downsample.0.weight")!.Shape);
        Assert.Equal(new long[] { 512 }, weights.Find("layer4.1.bn2.running_var")!.Shape);
        Assert.Equal(new long[] { 1000, 512 }, weights.Find("fc.weight")!.Shape);
        Assert.Equal(ScalarType.Float16, weights.Find("fc.weight")!.SourceType);
        var batches = weights.Find("bn1.num_batches_tracked")!;
        Assert.Equal(ScalarType.Int64, batches.Tensor.dtype);
        Assert.Empty(batches.Shape);
        Assert.True(batches.Tensor.item<long>() > 0);
        // Pruned to the largest 10% per tensor.
        var conv = weights.Find("layer3.0.conv1.weight")!.Tensor.data<float>().ToArray();
        Assert.InRange(conv.Count(v => v != 0) / (double)conv.Length, 0.099, 0.101);
    }

    private static string DTypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float64 => "float64",
        ScalarType.Int64 => "int64",
        _ => type.ToString(),
    };
}
