namespace CellOps.Runtime.Jobs;

/// <summary>Splits a job's inputs into its tasks' shards.</summary>
public static class JobSharding
{
    /// <summary>
    /// <paramref name="inputCount"/> inputs in <paramref name="taskCount"/> contiguous shards, in input order, their
    /// sizes differing by one at most (the first shards the larger); never more shards than inputs.
    /// </summary>
    public static int[][] Split(int inputCount, int taskCount)
    {
        if (inputCount < 1) throw new ArgumentOutOfRangeException(nameof(inputCount), inputCount, "A job needs at least one input.");
        if (taskCount < 1) throw new ArgumentOutOfRangeException(nameof(taskCount), taskCount, "A job needs at least one task.");
        int n = Math.Min(taskCount, inputCount);
        var shards = new int[n][];
        int start = 0;
        for (int t = 0; t < n; t++)
        {
            int size = inputCount / n + (t < inputCount % n ? 1 : 0);
            shards[t] = Enumerable.Range(start, size).ToArray();
            start += size;
        }
        return shards;
    }

    /// <summary>Task indices as a Slurm array list: ranges where they run on ("0-3,7,9-10").</summary>
    public static string ArrayList(IEnumerable<int> tasks)
    {
        var sorted = tasks.Distinct().Order().ToArray();
        var parts = new List<string>();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }
}
