using CellOps.Runtime.Metrics;
using Xunit;

namespace CellOps.Tests.Runtime.Metrics;

public class RocAucTests
{
    [Fact]
    public void A_perfect_ranking_scores_one_and_an_inverted_one_zero()
    {
        float[] scores = [0.1f, 0.2f, 0.3f, 0.8f, 0.9f];
        bool[] positive = [false, false, false, true, true];
        Assert.Equal(1.0, RocAuc.Compute(scores, positive));
        Assert.Equal(0.0, RocAuc.Compute(scores, positive.Select(p => !p).ToArray()));
    }

    [Fact]
    public void All_equal_scores_give_one_half()
    {
        Assert.Equal(0.5, RocAuc.Compute([0.4f, 0.4f, 0.4f, 0.4f, 0.4f], [true, false, false, true, false]));
    }

    [Fact]
    public void Ties_between_positives_and_negatives_count_one_half_as_in_a_hand_worked_mann_whitney_count()
    {
        // Positives 0.5, 0.5, 0.8 against negatives 0.5, 0.2, 0.8:
        // each 0.5 beats 0.2 and ties 0.5 (1.5 each); 0.8 beats 0.5 and 0.2 and ties 0.8 (2.5). U = 5.5 of 9.
        float[] scores = [0.5f, 0.5f, 0.8f, 0.5f, 0.2f, 0.8f];
        bool[] positive = [true, true, true, false, false, false];
        Assert.Equal(5.5 / 9, RocAuc.Compute(scores, positive)!.Value, 12);
    }

    [Fact]
    public void The_rank_count_equals_the_pairwise_count_on_random_tied_scores()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 20; trial++)
        {
            var n = random.Next(2, 200);
            // Scores on a coarse grid so that ties are common.
            var scores = Enumerable.Range(0, n).Select(_ => random.Next(0, 8) / 8f).ToArray();
            var positive = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.4).ToArray();
            positive[0] = true;
            positive[1] = false;

            double wins = 0, pairs = 0;
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                if (!positive[i] || positive[j]) continue;
                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
            Assert.Equal(wins / pairs, RocAuc.Compute(scores, positive)!.Value, 12);
        }
    }

    [Fact]
    public void Without_both_positives_and_negatives_there_is_no_auc()
    {
        Assert.Null(RocAuc.Compute([0.1f, 0.9f], [true, true]));
        Assert.Null(RocAuc.Compute([0.1f, 0.9f], [false, false]));
        Assert.Null(RocAuc.Compute([], []));
    }

    [Fact]
    public void Mismatched_lengths_and_nan_scores_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1f, 0.2f], [true]));
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1f, float.NaN], [true, false]));
    }
}
