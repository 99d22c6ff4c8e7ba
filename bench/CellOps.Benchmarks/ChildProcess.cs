using CellOps.Benchmarks.Suites;

namespace CellOps.Benchmarks;

/// <summary>Measurements that need a process of their own (a clean memory baseline), started by the harness.</summary>
internal static class ChildProcess
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == LargeImageChild.Name) return LargeImageChild.Run(args[1..]);
        if (args.Length > 0 && args[0] == InferenceChild.Name) return InferenceChild.Run(args[1..]);
        if (args.Length > 0 && args[0] == TranslationImageChild.Name) return TranslationImageChild.Run(args[1..]);
        if (args.Length > 0 && args[0] == WholeSlideChild.Name) return WholeSlideChild.Run(args[1..]);
        Console.Error.WriteLine($"There is no child benchmark '{string.Join(' ', args)}'.");
        return 2;
    }
}
