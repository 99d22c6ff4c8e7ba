using CellOps.Benchmarks;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Suites;
using CellOps.Benchmarks.Support;
using CellOps.Runtime.Torch;
using TorchSharp;

// The benchmark harness: every suite, one table, one JSON file. bench/run.sh installs the peers and
// runs this; `--child` is how the harness starts itself for measurements that need a fresh process.
if (args.Length > 0 && args[0] == "--child") return ChildProcess.Run(args.Skip(1).ToArray());

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 2;
}

ISuite[] suites =
{
    new MatmulSuite(),
    new NetworkSuite(),
    new TranslationNetworkSuite(),
    new ResNetSuite(),
    new PipelineSuite(),
    new TiffDecodeSuite(),
    new LargeImageSuite(),
    new TranslationImageSuite(),
    new WholeSlideSuite(),
    new ScalarLifetimeSuite(),
    new BatchSearchSuite(),
};
if (options.Only is { } only && only.FirstOrDefault(n => suites.All(s => !string.Equals(s.Name, n, StringComparison.OrdinalIgnoreCase))) is { } unknown)
{
    Console.Error.WriteLine($"There is no suite '{unknown}'.");
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 2;
}

TorchBackend.EnsureLoaded();
torch.set_num_threads(options.Threads);
string? repoRoot = HarnessPaths.FindRepoRoot();
string mode = options.Quick ? "quick" : "full";
string json = options.JsonPath ?? Path.Combine(repoRoot ?? Directory.GetCurrentDirectory(), "bench", "results", options.Quick ? "quick.json" : "latest.json");
var report = new BenchReport(mode, MachineFacts.Collect(options.Threads));

int failures = 0;
using (var context = new HarnessContext(options, report, repoRoot, Console.Out))
{
    foreach (var suite in suites)
    {
        if (options.Only is { } selected && !selected.Contains(suite.Name)) continue;
        Console.WriteLine($"== {suite.Name} (load average {MachineFacts.LoadAverage()})");
        try
        {
            suite.Run(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One suite's failure is a row of the table, not the end of the run.
            failures++;
            Console.WriteLine($"  {suite.Name} failed: {e}");
            report.Add(new BenchRow { Id = $"{suite.Name}.failed", Benchmark = $"{suite.Name} (failed)", Unit = "", Note = e.Message });
        }
    }
}

report.Finished = DateTimeOffset.UtcNow;
report.Machine.LoadAverageAtEnd = MachineFacts.LoadAverage();
Console.WriteLine();
report.WriteTable(Console.Out);
report.WriteJson(json);
Console.WriteLine($"results: {Path.GetFullPath(json)}");
return failures == 0 ? 0 : 1;
