using CellOps.Imaging.Formats;
using CellOps.Runtime.Inference;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Tests.Runtime;

/// <summary>
/// A generated differentiation time course, predicted by hand rather than by a network: fields of 2×2 tiles
/// of 32 pixels, each with a fluorescence pair, on days 2, 7 and 10, where the true and the predicted share of
/// positive tiles and the measured efficiency rise from day to day. Every field of a day has the same name as
/// the fields of the other days (as files in one folder per day would), and one field carries no day.
/// </summary>
internal sealed class TimeCourse
{
    public const int Side = 64;
    public const int TileSize = 32;

    private TimeCourse(PredictionResult result, IReadOnlyList<Field> fields)
    {
        Result = result;
        Fields = fields;
    }

    /// <summary>What the generator made of one field: its day as written, its tiles' labels and P(positive), its measured efficiency.</summary>
    public sealed record Field(Micrograph Micrograph, string? Day, int[] Labels, float[] Positive, double Measured);

    public PredictionResult Result { get; }

    public IReadOnlyList<Field> Fields { get; }

    /// <summary>Generates the course. <paramref name="days"/> are the days as the metadata spells them; each gets <paramref name="perDay"/> fields.</summary>
    public static TimeCourse Create(string[]? days = null, int perDay = 3, int seed = 5)
    {
        days ??= ["2", "7", "10"];
        var random = new Random(seed);
        var fields = new List<Field>();
        for (int d = 0; d <= days.Length; d++)
        {
            // The extra last "day" is one field with no time point at all.
            string? day = d < days.Length ? days[d] : null;
            for (int f = 0; f < (day is null ? 1 : perDay); f++)
            {
                var pixels = new byte[Side * Side];
                random.NextBytes(pixels);
                var phase = new ArrayPixelSource(pixels, Side, Side).ToMicrograph($"field{f}.png", ChannelRole.PhaseContrast);
                var gfp = new ArrayPixelSource(new byte[Side * Side], Side, Side).ToMicrograph($"field{f}_gfp.png", ChannelRole.Fluorescence);
                var micrograph = (day is null ? phase : phase.WithMetadata([new(TimePointMetadata.DefaultKey, day)])).WithPair(gfp);
                // Later days hold more positive tiles; a fifth of the calls are wrong, so the metrics are not all 1.
                var labels = new int[4];
                var positive = new float[4];
                for (int t = 0; t < 4; t++)
                {
                    labels[t] = random.NextDouble() < 0.2 + 0.2 * d ? 1 : 0;
                    bool right = random.NextDouble() >= 0.2;
                    bool called = right ? labels[t] == 1 : labels[t] == 0;
                    positive[t] = called ? 0.55f + 0.4f * (float)random.NextDouble() : 0.05f + 0.4f * (float)random.NextDouble();
                }
                double measured = 0.1 + 0.15 * d + 0.05 * random.NextDouble();
                fields.Add(new Field(micrograph, day, labels, positive, measured));
            }
        }

        var tiles = new List<Tile>();
        var probabilities = new List<float>();
        var tileLabels = new List<int>();
        foreach (var field in fields)
        {
            for (int t = 0; t < 4; t++)
            {
                tiles.Add(new Tile(tiles.Count, field.Micrograph, 0, new PixelRect(t % 2 * TileSize, t / 2 * TileSize, TileSize, TileSize), field.Labels[t]));
                probabilities.AddRange([1 - field.Positive[t], field.Positive[t]]);
                tileLabels.Add(field.Labels[t]);
            }
        }
        var output = new PredictionOutput(probabilities.ToArray(), 2, tileLabels.ToArray(), null, tiles.Count);
        var measuredOf = fields.ToDictionary(f => f.Micrograph, f => f.Measured, ReferenceEqualityComparer.Instance);
        var result = PredictionResult.Create("Tiny.Blob", tiles, output, ["negative", "positive"], m => measuredOf[m]);
        return new TimeCourse(result, fields);
    }
}
