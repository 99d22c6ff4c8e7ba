using CellOps.Benchmarks;

// Benchmarks are chosen by name so that new ones only need a class and a line here.
IBenchmark[] benchmarks =
{
    new TiffBenchmark(),
    new CardiomyocyteBenchmark(),
};

string? name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
bool quick = args.Contains("--quick");
var chosen = benchmarks.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));
if (chosen is null)
{
    Console.Error.WriteLine("usage: CellOps.Benchmarks <benchmark> [--quick]");
    foreach (var b in benchmarks) Console.Error.WriteLine($"  {b.Name,-10} {b.Description}");
    return 2;
}
return chosen.Run(quick);
