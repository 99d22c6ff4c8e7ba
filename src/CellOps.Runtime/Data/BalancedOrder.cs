using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Data;

/// <summary>
/// The tile order of one balanced epoch: as many draws as tiles, each class present getting an equal
/// share (the remainder going to classes picked at random), the classes interleaved at random, and
/// each class's tiles dealt from a shuffled deck that is reshuffled when it runs out, so that within
/// a class every tile is drawn as evenly as the share allows.
/// </summary>
internal static class BalancedOrder
{
    /// <summary>The epoch's tiles, in order.</summary>
    /// <param name="tiles">Labelled tiles.</param>
    /// <param name="random">The epoch's generator.</param>
    public static Tile[] Draw(IReadOnlyList<Tile> tiles, Random random)
    {
        var decks = tiles.GroupBy(t => t.Label).OrderBy(g => g.Key).Select(g => new Deck(g.ToArray(), random)).ToArray();
        int classes = decks.Length;
        var quota = new int[classes];
        for (int k = 0; k < classes; k++) quota[k] = tiles.Count / classes;
        var extra = Enumerable.Range(0, classes).ToArray();
        random.Shuffle(extra);
        for (int i = 0; i < tiles.Count % classes; i++) quota[extra[i]]++;

        var sequence = new int[tiles.Count];
        int position = 0;
        for (int k = 0; k < classes; k++)
        {
            for (int i = 0; i < quota[k]; i++) sequence[position++] = k;
        }
        random.Shuffle(sequence);
        return sequence.Select(k => decks[k].Next()).ToArray();
    }

    private sealed class Deck
    {
        private readonly Tile[] _cards;
        private readonly Random _random;
        private int _next;

        public Deck(Tile[] cards, Random random)
        {
            _cards = cards;
            _random = random;
            _random.Shuffle(_cards);
        }

        public Tile Next()
        {
            if (_next == _cards.Length)
            {
                _random.Shuffle(_cards);
                _next = 0;
            }
            return _cards[_next++];
        }
    }
}
