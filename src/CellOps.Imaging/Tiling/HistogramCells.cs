namespace CellOps.Imaging.Tiling;

/// <summary>Per-cell class counts of one tile for each grid size, reused from tile to tile.</summary>
internal sealed class HistogramCells
{
    private readonly int[] _grids;
    private readonly int[][] _cellOf;
    private readonly int[][] _counts;

    public HistogramCells(int size, IReadOnlyList<int> grids, int classCount)
    {
        ClassCount = classCount;
        _grids = grids.ToArray();
        _cellOf = new int[_grids.Length][];
        _counts = new int[_grids.Length][];
        for (int g = 0; g < _grids.Length; g++)
        {
            int r = _grids[g];
            // Cell i covers floor(i·size/r) .. floor((i+1)·size/r) − 1 along each axis.
            var cellOf = new int[size];
            for (int i = 0; i < r; i++)
            {
                int start = (int)((long)i * size / r), end = (int)((long)(i + 1) * size / r);
                for (int p = start; p < end; p++) cellOf[p] = i;
            }
            _cellOf[g] = cellOf;
            _counts[g] = new int[r * r * classCount];
        }
    }

    public int ClassCount { get; }

    public int GridCount => _grids.Length;

    public void Clear()
    {
        foreach (var counts in _counts) Array.Clear(counts);
    }

    public void Count(int grid, int y, int x, int label)
    {
        var cellOf = _cellOf[grid];
        int cell = cellOf[y] * _grids[grid] + cellOf[x];
        _counts[grid][cell * ClassCount + label]++;
    }

    public float[][] Normalised()
    {
        var result = new float[_grids.Length][];
        int k = ClassCount;
        for (int g = 0; g < _grids.Length; g++)
        {
            var counts = _counts[g];
            var fractions = new float[counts.Length];
            for (int cell = 0; cell < counts.Length / k; cell++)
            {
                long total = 0;
                for (int c = 0; c < k; c++) total += counts[cell * k + c];
                if (total == 0) continue;
                for (int c = 0; c < k; c++) fractions[cell * k + c] = (float)((double)counts[cell * k + c] / total);
            }
            result[g] = fractions;
        }
        return result;
    }
}
