using CellOps.Runtime.Jobs;
using Xunit;

namespace CellOps.Tests.Runtime.Jobs;

public sealed class JobShardingTests
{
    [Fact]
    public void Shards_are_contiguous_in_input_order_and_differ_by_one_at_most()
    {
        var shards = JobSharding.Split(10, 4);
        Assert.Equal([[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]], shards);
    }

    [Fact]
    public void There_are_never_more_shards_than_inputs()
    {
        Assert.Equal([[0], [1], [2]], JobSharding.Split(3, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => JobSharding.Split(0, 2));
    }

    [Fact]
    public void Task_indices_become_a_slurm_array_list_of_ranges()
    {
        Assert.Equal("0-3,7,9-10", JobSharding.ArrayList([9, 0, 1, 2, 3, 7, 10, 3]));
        Assert.Equal("4", JobSharding.ArrayList([4]));
    }
}
