namespace CellOps.Runtime.Optimization;

/// <summary>The searches' random generator: seeded, so a search is repeatable given its seed.</summary>
internal static class SearchRandom
{
    // System.Random with a seed is the same sequence on every platform and run; it takes an int.
    public static Random Create(long seed) => new(unchecked((int)(seed ^ (seed >> 32))));
}
