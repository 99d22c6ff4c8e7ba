namespace CellOps.Fuzz;

/// <summary>
/// Deterministic mutations of a seed file: execution i of a run with seed s always produces the same
/// bytes, so any finding can be reproduced from its number alone.
/// </summary>
internal static class Mutator
{
    private static readonly long[] Interesting = [0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1 << 16, 1 << 20, 1 << 24, 100_000, 20_000];

    public static byte[] Mutate(byte[] seed, int runSeed, long execution)
    {
        // Not HashCode.Combine: its seed differs in every process, and the supervisor must re-create
        // a child's input from the numbers alone.
        var random = new Random(Mix(runSeed, execution));
        var bytes = new List<byte>(seed);
        int steps = 1 + random.Next(8);
        for (int s = 0; s < steps && bytes.Count > 0; s++)
        {
            int at = Position(random, bytes.Count);
            switch (random.Next(7))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)Interesting[random.Next(Interesting.Length)]; break;
                case 2: Overwrite(bytes, at, Interesting[random.Next(Interesting.Length)], random.Next(2) == 0 ? 2 : 4, random.Next(2) == 0); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                case 4: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(64))); break;
                case 5:
                    int length = Math.Min(bytes.Count - at, 1 + random.Next(256));
                    bytes.InsertRange(Position(random, bytes.Count), bytes.GetRange(at, length));
                    break;
                default: bytes[at] = (byte)random.Next(256); break;
            }
        }
        return bytes.ToArray();
    }

    // SplitMix64's finaliser: a fixed, well-spread function of the two numbers.
    private static int Mix(int runSeed, long execution)
    {
        ulong z = unchecked((ulong)runSeed * 0x9E3779B97F4A7C15UL + (ulong)execution);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    // Headers and directories sit near the start of most formats: bias positions there.
    private static int Position(Random random, int count) =>
        random.Next(3) == 0 ? random.Next(count) : random.Next(Math.Min(count, 512));

    private static void Overwrite(List<byte> bytes, int at, long value, int width, bool bigEndian)
    {
        for (int b = 0; b < width && at + b < bytes.Count; b++)
        {
            int shift = 8 * (bigEndian ? width - 1 - b : b);
            bytes[at + b] = (byte)(value >> shift);
        }
    }
}
