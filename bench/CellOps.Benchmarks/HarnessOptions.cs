using System.Globalization;

namespace CellOps.Benchmarks;

/// <summary>The harness's command line.</summary>
internal sealed record HarnessOptions
{
    public const string Usage =
        """
        usage: CellOps.Benchmarks [--quick] [--json PATH] [--only SUITE[,SUITE...]] [--threads N]
                                  [--python PATH] [--tiffdecode PATH] [--no-peers]
          --quick       tiny sizes and single runs: checks that every benchmark works (seconds, not figures)
          --json        where to write the results (default bench/results/latest.json, or quick.json with --quick)
          --only        run only these suites: matmul, network, translation-network, resnet, pipeline, tiff, large-image,
                        translation-image, scalar-lifetime, batch-search
          --threads     torch threads on both sides (default: all CPUs)
          --python      the Python that has torch (default /usr/bin/python3, Debian's)
          --tiffdecode  a prebuilt bench/libtiff/tiffdecode (default: compiled with cc against libtiff)
          --no-peers    measure CellOps only
        """;

    public bool Quick { get; init; }

    public string? JsonPath { get; init; }

    public IReadOnlySet<string>? Only { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    public string Python { get; init; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public string? TiffDecoder { get; init; }

    public bool NoPeers { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with the reason for a bad one.</summary>
    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        var options = new HarnessOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--json" => options with { JsonPath = Value() },
                "--only" => options with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase) },
                "--threads" => options with { Threads = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ArgumentException("--threads takes a positive whole number.") },
                "--python" => options with { Python = Value() },
                "--tiffdecode" => options with { TiffDecoder = Path.GetFullPath(Value()) },
                "--no-peers" => options with { NoPeers = true },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }
        return options;
    }
}
