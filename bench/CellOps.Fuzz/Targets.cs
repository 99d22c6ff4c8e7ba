using CellOps.Imaging.Formats;
using CellOps.Runtime.Packaging;
using CellOps.Sdk;
using CellOps.Sdk.Imaging;

namespace CellOps.Fuzz;

/// <summary>What one execution does with a mutated file, and which exceptions count as a clear refusal.</summary>
internal static class Targets
{
    // A region read covers what tiling reads first, not the whole claimed image: a file that claims
    // 200000² pixels may be refused or read in parts, but reading all of it is work nobody asked for.
    private const int MaxRegionSide = 1024;
    private const int MaxFrames = 4;

    /// <summary>
    /// Runs the target; returns the refusal's kind, or "accepted", and the pixel bytes the accepted file
    /// claims (whole images: PNG and JPEG decoders decode all of an image to give any region of it).
    /// </summary>
    /// <exception cref="Exception">Anything else: a finding.</exception>
    public static (string Outcome, long ClaimedBytes) Run(string target, string path) => target switch
    {
        "image" => Image(path),
        "package" => (Package(path), 0),
        _ => throw new ArgumentException($"Unknown target '{target}' (image, package)."),
    };

    public static string Extension(string target, string seedPath) =>
        target == "package" ? ".cellmodel" : System.IO.Path.GetExtension(seedPath);

    private static (string, long) Image(string path)
    {
        try
        {
            using var file = ImageFiles.Open(path);
            long claimed = (long)file.Width * file.Height * file.ChannelCount * Math.Max(1, file.PixelType.BytesPerSample());
            int width = Math.Min(file.Width, MaxRegionSide), height = Math.Min(file.Height, MaxRegionSide);
            int bytes = checked(width * height * file.ChannelCount * Math.Max(1, file.PixelType.BytesPerSample()));
            var buffer = new byte[bytes];
            for (int frame = 0; frame < Math.Min(file.FrameCount, MaxFrames); frame++)
            {
                file.ReadRegion(frame, new PixelRect(0, 0, width, height), buffer);
            }
            return ("accepted", claimed);
        }
        catch (MicrographReadException ex)
        {
            return ("refused:" + ex.Failure, 0);
        }
    }

    private static string Package(string path)
    {
        try
        {
            using var package = ModelPackage.Open(path, SdkVersion.Current);
            foreach (var name in package.Manifest.Entries.Keys) package.ReadEntry(name);
            return "accepted";
        }
        catch (ModelPackageException ex)
        {
            return "refused:" + ex.Failure;
        }
    }
}
