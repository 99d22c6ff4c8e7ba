using System.Globalization;
using CellOps.Imaging.Formats;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Generation;

/// <summary>
/// Makes synthetic micrographs with a generator: latent vectors drawn from a standard normal
/// distribution by a generator of their own, seeded with the given seed, through the network, and
/// the images, mapped from the network's output range to 8 bits, held in memory as micrographs
/// marked synthetic (<see cref="SyntheticMetadata"/>).
/// </summary>
/// <remarks>
/// Sample i's latent vector is the i-th drawn under the seed, and the network runs in evaluation mode,
/// so the same seed gives the same images whatever the count or batch size, and the first k images of
/// a larger run are those of a run of k. Torch's global generator is not touched, so generating does
/// not shift a training run's random draws.
/// </remarks>
public static class MicrographGenerator
{
    /// <summary>Makes <paramref name="count"/> micrographs.</summary>
    /// <param name="generator">The loaded generator.</param>
    /// <param name="count">Micrographs to make, at least 1.</param>
    /// <param name="seed">Seed of the latent vectors.</param>
    /// <param name="batchSize">Latent vectors per forward pass.</param>
    /// <param name="cancellation">Stops between batches; what was made so far is returned.</param>
    /// <param name="progress">Told (done, count) after each batch.</param>
    /// <exception cref="InvalidOperationException">The network's output is not the package's image shape.</exception>
    /// <exception cref="LibTorchException">libtorch raised an error.</exception>
    public static IReadOnlyList<Micrograph> Generate(LoadedGenerator generator, int count, long seed, int batchSize = 32,
        CancellationToken cancellation = default, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        try
        {
            return GenerateChecked(generator, count, seed, batchSize, cancellation, progress);
        }
        catch (System.Runtime.InteropServices.ExternalException ex)
        {
            throw LibTorchException.From(ex, $"generating with {generator.ModelName}");
        }
    }

    private static IReadOnlyList<Micrograph> GenerateChecked(LoadedGenerator generator, int count, long seed, int batchSize,
        CancellationToken cancellation, Action<int, int>? progress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var manifest = generator.Manifest;
        int size = manifest.TileSize, channels = manifest.Channels, latentSize = generator.Generator.LatentSize;
        var channelInfo = Channels(channels);
        string label = manifest.ClassNames.Count == 1 ? manifest.ClassNames[0] : manifest.ModelName;
        var made = new List<Micrograph>(count);
        using var latents = new torch.Generator(unchecked((ulong)seed));
        while (made.Count < count && !cancellation.IsCancellationRequested)
        {
            int n = Math.Min(batchSize, count - made.Count);
            float[] pixels;
            using (var scope = torch.NewDisposeScope())
            using (torch.no_grad())
            {
                var rows = new Tensor[n];
                for (int i = 0; i < n; i++) rows[i] = torch.randn(new long[] { 1, latentSize }, generator: latents);
                var latent = torch.cat(rows, 0);
                if (generator.Compute.IsCuda) latent = latent.to(generator.Compute.Device);
                var images = generator.Network.call(latent);
                if (!images.shape.SequenceEqual(new long[] { n, channels, size, size }))
                {
                    throw new InvalidOperationException(
                        $"{generator.ModelName} made images of shape [{string.Join("×", images.shape)}]; its package declares {n}×{channels}×{size}×{size}.");
                }
                pixels = ToUnit(images, generator.Generator.OutputMin, generator.Generator.OutputMax).cpu().data<float>().ToArray();
            }
            int plane = channels * size * size;
            for (int i = 0; i < n; i++)
            {
                int index = made.Count;
                var raw = new byte[plane];
                for (int k = 0; k < plane; k++) raw[k] = (byte)Math.Clamp(MathF.Round(pixels[i * plane + k]), 0f, 255f);
                var array = ArrayPixelSource.FromRaw(raw, PixelType.UInt8, size, size, channels);
                var metadata = new Dictionary<string, string>
                {
                    [SyntheticMetadata.SyntheticKey] = "true",
                    [SyntheticMetadata.GeneratorKey] = generator.ModelName,
                    [SyntheticMetadata.PackageKey] = Path.GetFileName(generator.Path),
                    [SyntheticMetadata.PackageSha256Key] = generator.Sha256,
                    [SyntheticMetadata.SeedKey] = seed.ToString(CultureInfo.InvariantCulture),
                    [SyntheticMetadata.SampleKey] = index.ToString(CultureInfo.InvariantCulture),
                };
                if (manifest.ClassNames.Count == 1) metadata[SyntheticMetadata.ClassKey] = manifest.ClassNames[0];
                string name = string.Create(CultureInfo.InvariantCulture, $"{label}-s{seed}-{index:D4}");
                made.Add(new Micrograph(name, null, size, size, PixelType.UInt8, 1, channelInfo, null, metadata, () => array));
            }
            progress?.Invoke(made.Count, count);
        }
        return made;
    }

    // [min, max] to the 0..255 that 8-bit samples hold; values a network overshoots by rounding are clamped.
    private static Tensor ToUnit(Tensor images, float min, float max)
    {
        // Scalars held until the calls that read them return (see CellOps.Sdk.Torch.Scalars).
        using var low = min.ToScalar();
        using var high = max.ToScalar();
        using var scale = (255f / (max - min)).ToScalar();
        using var clamped = images.clamp(low, high);
        return clamped.sub(low).mul_(scale);
    }

    private static ChannelInfo[] Channels(int channels)
    {
        var names = channels == 3 ? new[] { "R", "G", "B" } : Enumerable.Range(0, channels).Select(c => $"ch{c}").ToArray();
        return names.Select((n, c) => new ChannelInfo(c, n, ChannelRole.BrightField)).ToArray();
    }
}
