using System.Management.Automation;
using CellOps.Imaging.Boxes;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// New-TileSet -Box / -BoxFrom: one tile per annotated box, the box cut from its micrograph and
/// resized whole to the tile size, labelled with the box's class (target ImageClass). Boxes are
/// matched to the micrographs from the pipeline by file name; each smear is decoded once for all its
/// boxes. A box that names no given micrograph, is empty or reaches outside its image is an error
/// naming its row, and the others still make tiles.
/// </summary>
internal static class BoxTiling
{
    /// <summary>The tile set, or null where no box gave a tile (the errors say why).</summary>
    public static TileSet? Build(PSCmdlet cmdlet, IReadOnlyList<Micrograph> micrographs, IReadOnlyList<CellBox> boxes,
        int size, int frame, string[]? classNames, CancellationToken cancellation, Action<int, int, string> progress)
    {
        var byFile = new Dictionary<string, Micrograph>(StringComparer.OrdinalIgnoreCase);
        foreach (var micrograph in micrographs)
        {
            foreach (var key in Keys(micrograph)) byFile.TryAdd(key, micrograph);
        }
        var groups = new Dictionary<Micrograph, List<CellBox>>(ReferenceEqualityComparer.Instance);
        var unknown = new Dictionary<string, List<CellBox>>(StringComparer.OrdinalIgnoreCase);
        foreach (var box in boxes)
        {
            if (!byFile.TryGetValue(box.File, out var micrograph) && !byFile.TryGetValue(Path.GetFileNameWithoutExtension(box.File), out micrograph))
            {
                if (!unknown.TryGetValue(box.File, out var missing)) unknown[box.File] = missing = new List<CellBox>();
                missing.Add(box);
                continue;
            }
            if (!groups.TryGetValue(micrograph, out var list)) groups[micrograph] = list = new List<CellBox>();
            list.Add(box);
        }
        // One error per file, not per box: a table of a whole data set given a few of its images
        // would otherwise bury the one error that matters.
        foreach (var (file, missing) in unknown)
        {
            var first = missing[0];
            string rows = missing.Count == 1 ? $"row {first.Row}" : $"rows {string.Join(", ", missing.Take(5).Select(b => b.Row))}{(missing.Count > 5 ? ", ..." : "")} ({missing.Count} boxes)";
            cmdlet.WriteError(BoxArgument.Error(new CellBoxException(first.Origin, first.Row,
                $"{first.Origin} {rows}: no micrograph from the pipeline is '{file}'. Import it (Import-Micrograph) with the others, or leave its rows out.",
                CellBoxProblem.ImageNotFound, first)));
        }
        var names = classNames ?? groups.Values.SelectMany(b => b).Select(b => b.Class)
            .GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
            .OrderBy(c => c, StringComparer.OrdinalIgnoreCase).ToArray();
        if (names.Length == 0) return null;
        cmdlet.WriteVerbose($"Classes: {string.Join(", ", names.Select((n, k) => $"{k} = {n}"))}.");

        // Each crop is a one-frame micrograph of its own, so the builder reads frame 0 of it.
        var builder = new TileSetBuilder(new TilingOptions(size) { Target = TileTarget.ImageClass, WholeImage = true, ClassNames = names });
        int done = 0;
        foreach (var micrograph in micrographs)
        {
            if (!groups.TryGetValue(micrograph, out var own)) continue;
            progress(done++, groups.Count, micrograph.Name);
            Cut(cmdlet, builder, micrograph, own, frame, cancellation);
        }
        return builder.TileCount == 0 ? null : builder.Build();
    }

    private static void Cut(PSCmdlet cmdlet, TileSetBuilder builder, Micrograph micrograph, List<CellBox> boxes, int frame, CancellationToken cancellation)
    {
        if (frame >= micrograph.FrameCount)
        {
            cmdlet.WriteError(MicrographErrors.Create($"'{micrograph.Path ?? micrograph.Name}' has {micrograph.FrameCount} frame(s); frame {frame} does not exist.",
                "TileTargetFailed", ErrorCategory.InvalidArgument, micrograph.Path ?? micrograph.Name));
            return;
        }
        IPixelSource pixels;
        try
        {
            pixels = micrograph.OpenPixels();
        }
        catch (MicrographReadException ex)
        {
            cmdlet.WriteError(MicrographErrors.From(ex, micrograph.Path ?? micrograph.Name));
            return;
        }
        using (pixels)
        {
            foreach (var box in boxes)
            {
                cancellation.ThrowIfCancellationRequested();
                Micrograph crop;
                try
                {
                    crop = BoxCrop.Cut(micrograph, pixels, frame, box);
                }
                catch (CellBoxException ex)
                {
                    cmdlet.WriteError(BoxArgument.Error(ex));
                    continue;
                }
                catch (MicrographReadException ex)
                {
                    cmdlet.WriteError(MicrographErrors.From(ex, micrograph.Path ?? micrograph.Name));
                    return;
                }
                MicrographTiling.Add(cmdlet, builder, crop, cancellation, box.Class);
            }
        }
        cmdlet.WriteVerbose($"{micrograph.Name}: {boxes.Count} box(es).");
    }

    // A box table names a file by its name (BCCD: BloodImage_00000.jpg); some tables leave the extension off or give a path.
    private static IEnumerable<string> Keys(Micrograph micrograph)
    {
        yield return micrograph.Name;
        yield return Path.GetFileNameWithoutExtension(micrograph.Name);
        if (micrograph.Path is { } path) yield return path;
    }
}
