using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CellOps.Runtime.Weights;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Weights;

/// <summary>
/// Weight files that are hostile, damaged or not state dicts are refused with a message that says
/// what is wrong, and nothing in them runs.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class HostileWeightFileTests
{
    [Theory]
    [InlineData("hostile-os-system.pth", "os.system", 0)]
    [InlineData("hostile-eval.pth", "builtins.eval", 1)]
    public void A_pickle_that_calls_a_function_is_refused_before_it_runs(string file, string global, int marker)
    {
        string markerPath = WeightFixtures.Expected.GetProperty("markers")[marker].GetString()!;
        File.Delete(markerPath);
        var e = Assert.Throws<UnsafeWeightFileException>(() => WeightFile.Read(WeightFixtures.File(file)));
        Assert.Equal(global, e.Global);
        Assert.Contains($"refers to {global}, which is not a tensor", e.Message);
        Assert.Contains(file, e.Message);
        Assert.False(File.Exists(markerPath), "the payload ran");
    }

    [Fact]
    public void A_whole_pickled_model_is_refused_with_advice_to_save_its_state_dict()
    {
        var e = Assert.Throws<UnsafeWeightFileException>(() => WeightFile.Read(WeightFixtures.File("whole-model.pth")));
        Assert.Equal("torch.nn.modules.container.Sequential", e.Global);
        Assert.Contains("whole pickled model", e.Message);
        Assert.Contains("torch.save(model.state_dict(), path)", e.Message);
    }

    [Theory]
    [InlineData("legacy.pth", "PyTorch's legacy format")]
    [InlineData("truncated.pth", "not a complete zip archive (truncated or damaged")]
    [InlineData("int32.pth", "tensor 'conv.weight' is int32; CellOps reads float32, float16, bfloat16, float64 and int64 tensors only")]
    [InlineData("hostile-oversized.pth", "tensor 'fc.bias' of shape [1000] reaches element 1000 of a storage that holds 2")]
    [InlineData("hostile-numel.pth", "should hold 1000 float32 elements (4000 bytes) but its entry has 8 bytes")]
    [InlineData("hostile-negative.pth", "negative size or stride")]
    [InlineData("bad-offset.safetensors", "tensor 'b' lies at bytes 16–28 of a data section of 24 bytes")]
    [InlineData("overlap.safetensors", "tensors 'a' and 'b' overlap")]
    [InlineData("huge-header.safetensors", "its header claims 4611686018427387904 bytes")]
    public void A_damaged_or_unsupported_file_is_refused_saying_why(string file, string why)
    {
        var e = Assert.Throws<WeightFileException>(() => WeightFile.Read(WeightFixtures.File(file)));
        Assert.IsNotType<UnsafeWeightFileException>(e);
        Assert.StartsWith($"{file} cannot be read as network weights: ", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void A_huge_safetensors_header_length_is_refused_without_reading()
    {
        var clock = Stopwatch.StartNew();
        Assert.Throws<WeightFileException>(() => WeightFile.Read(WeightFixtures.File("huge-header.safetensors")));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
    }

    [Fact]
    public void A_global_named_through_STACK_GLOBAL_is_refused_too()
    {
        // PROTO 4, 'subprocess' 'Popen' STACK_GLOBAL, ('touch x',) REDUCE, STOP
        var pickle = Concat([0x80, 4], ShortString("subprocess"), ShortString("Popen"), [0x93], ShortString("touch x"), [0x85, (byte)'R', (byte)'.']);
        using var folder = new TempFolder();
        var e = Assert.Throws<UnsafeWeightFileException>(() => WeightFile.Read(Zip(folder, pickle)));
        Assert.Equal("subprocess.Popen", e.Global);
    }

    [Fact]
    public void An_opcode_torch_save_does_not_write_is_refused_by_name()
    {
        // PROTO 2, EMPTY_TUPLE, EMPTY_TUPLE, NEWOBJ: object construction that a state dict never needs.
        using var folder = new TempFolder();
        var e = Assert.Throws<WeightFileException>(() => WeightFile.Read(Zip(folder, [0x80, 2, (byte)')', (byte)')', 0x81, (byte)'.'])));
        Assert.Contains("the opcode NEWOBJ (0x81)", e.Message);
    }

    [Fact]
    public void A_checkpoint_without_one_state_dict_lists_its_keys()
    {
        // {'epoch': 3, 'note': 'x'}
        var pickle = Concat([0x80, 2, (byte)'}', (byte)'('], BinString("epoch"), [(byte)'K', 3], BinString("note"), BinString("x"), [(byte)'u', (byte)'.']);
        using var folder = new TempFolder();
        var e = Assert.Throws<WeightFileException>(() => WeightFile.Read(Zip(folder, pickle)));
        Assert.Contains("no tensors at its top level and no dict of tensors under 'state_dict', 'model_state_dict', 'model'", e.Message);
        Assert.Contains("its top-level keys are 'epoch', 'note'", e.Message);
    }

    [Fact]
    public void A_file_of_another_kind_is_refused()
    {
        using var folder = new TempFolder();
        string path = folder.File("notes.pth");
        File.WriteAllText(path, "these are not weights");
        var e = Assert.Throws<WeightFileException>(() => WeightFile.Read(path));
        Assert.Contains("neither a PyTorch zip file (torch.save) nor a safetensors file", e.Message);
    }

    private static string Zip(TempFolder folder, byte[] pickle)
    {
        string path = folder.File("crafted.pth");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var stream = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open();
            stream.Write(pickle);
        }
        return path;
    }

    private static byte[] ShortString(string s) => Concat([0x8c, (byte)s.Length], Encoding.UTF8.GetBytes(s));

    private static byte[] BinString(string s) => Concat([(byte)'X'], BitConverter.GetBytes(s.Length), Encoding.UTF8.GetBytes(s));

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
