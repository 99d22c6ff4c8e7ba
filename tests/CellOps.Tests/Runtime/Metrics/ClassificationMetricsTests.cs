using CellOps.Runtime.Metrics;
using Xunit;

namespace CellOps.Tests.Runtime.Metrics;

public class ClassificationMetricsTests
{
    /// <summary>Two-class rows [1 − p, p] from P(class 1).</summary>
    private static float[] Binary(params float[] p) => p.SelectMany(x => new[] { 1 - x, x }).ToArray();

    [Fact]
    public void Binary_metrics_of_a_hand_counted_case()
    {
        // TP 0.9, 0.8; FP 0.7; FN 0.4, 0.3; TN 0.2, 0.1, 0.45.
        var probabilities = Binary(0.9f, 0.8f, 0.7f, 0.4f, 0.3f, 0.2f, 0.1f, 0.45f);
        int[] labels = [1, 1, 0, 1, 1, 0, 0, 0];

        var report = ClassificationMetrics.Compute(probabilities, labels, 2, ["healthy", "diseased"]);

        Assert.Equal(8, report.Count);
        Assert.Equal(2, report.ClassCount);
        Assert.Equal([[3, 1], [2, 2]], report.ConfusionMatrix);
        Assert.Equal(5.0 / 8, report.Accuracy, 12);
        Assert.Equal(2.0 / 3, report.Precision, 12);
        Assert.Equal(1.0 / 2, report.Recall, 12);
        Assert.Equal(4.0 / 7, report.F1, 12);
        // Positives 0.9, 0.8 beat all four negatives; 0.4, 0.3 beat 0.2 and 0.1: 12 of 16 pairs.
        Assert.Equal(0.75, report.RocAuc!.Value, 12);
        Assert.Equal(new ClassMetrics(0, "healthy", 3.0 / 5, 3.0 / 4, 6.0 / 9, 4), report.PerClass[0]);
        Assert.Equal("diseased", report.PerClass[1].Name);
        Assert.Equal(4, report.PerClass[1].Support);
        Assert.Equal("accuracy 0.625, precision 0.667, recall 0.500, F1 0.571, AUC 0.750", report.ToString());
    }

    [Fact]
    public void A_perfect_classifier_scores_one_and_an_inverted_one_zero()
    {
        int[] labels = [0, 0, 1, 1, 1];
        var perfect = ClassificationMetrics.Compute(Binary(0.1f, 0.3f, 0.6f, 0.8f, 0.99f), labels, 2);
        var inverted = ClassificationMetrics.Compute(Binary(0.9f, 0.7f, 0.4f, 0.2f, 0.01f), labels, 2);

        Assert.Equal((1.0, 1.0, 1.0, 1.0, 1.0), (perfect.Accuracy, perfect.Precision, perfect.Recall, perfect.F1, perfect.RocAuc!.Value));
        Assert.Equal((0.0, 0.0, 0.0, 0.0, 0.0), (inverted.Accuracy, inverted.Precision, inverted.Recall, inverted.F1, inverted.RocAuc!.Value));
    }

    [Fact]
    public void All_equal_scores_give_auc_one_half_and_ties_predict_the_lowest_class()
    {
        var report = ClassificationMetrics.Compute(Binary(0.5f, 0.5f, 0.5f, 0.5f), [0, 1, 0, 1], 2);

        Assert.Equal(0.5, report.RocAuc);
        Assert.Equal([[2, 0], [2, 0]], report.ConfusionMatrix);
        // Class 1 is never predicted: precision 0/0 and F1 count as 0, not NaN.
        Assert.Equal((0.0, 0.0, 0.0), (report.Precision, report.Recall, report.F1));
    }

    [Fact]
    public void Binary_auc_matches_a_hand_worked_mann_whitney_count_with_ties()
    {
        // Positives 0.5, 0.5, 0.8 against negatives 0.5, 0.2, 0.8: U = 1.5 + 1.5 + 2.5 = 5.5 of 9 pairs.
        var report = ClassificationMetrics.Compute(Binary(0.5f, 0.5f, 0.8f, 0.5f, 0.2f, 0.8f), [1, 1, 1, 0, 0, 0], 2);
        Assert.Equal(5.5 / 9, report.RocAuc!.Value, 12);
    }

    private static readonly float[] ThreeClassProbabilities =
    [
        0.7f, 0.2f, 0.1f, // true 0, predicted 0
        0.3f, 0.6f, 0.1f, // true 0, predicted 1
        0.1f, 0.8f, 0.1f, // true 1, predicted 1
        0.2f, 0.5f, 0.3f, // true 1, predicted 1
        0.1f, 0.2f, 0.7f, // true 2, predicted 2
        0.5f, 0.1f, 0.4f, // true 2, predicted 0
    ];

    private static readonly int[] ThreeClassLabels = [0, 0, 1, 1, 2, 2];

    [Fact]
    public void Multiclass_metrics_are_hand_computed_macro_averages()
    {
        var report = ClassificationMetrics.Compute(ThreeClassProbabilities, ThreeClassLabels, 3);

        Assert.Equal([[1, 1, 0], [0, 2, 0], [1, 0, 1]], report.ConfusionMatrix);
        Assert.Equal(4.0 / 6, report.Accuracy, 12);
        // Per class (P, R, F1): (1/2, 1/2, 1/2), (2/3, 1, 4/5), (1, 1/2, 2/3).
        Assert.Equal(13.0 / 18, report.Precision, 12);
        Assert.Equal(2.0 / 3, report.Recall, 12);
        Assert.Equal(59.0 / 90, report.F1, 12);
        Assert.Equal(0.8, report.PerClass[1].F1, 12);
        Assert.Equal(["0", "1", "2"], report.ClassNames);
        // One-vs-rest AUCs 7/8, 7/8 and 1.
        Assert.Equal(11.0 / 12, report.RocAuc!.Value, 12);
    }

    [Fact]
    public void Multiclass_averages_skip_classes_absent_from_truth_and_prediction()
    {
        // The same samples with a fourth class that nobody has and nobody predicts.
        var probabilities = ThreeClassProbabilities.Chunk(3).SelectMany(row => row.Append(0f)).ToArray();
        var report = ClassificationMetrics.Compute(probabilities, ThreeClassLabels, 4);

        Assert.Equal(13.0 / 18, report.Precision, 12);
        Assert.Equal(2.0 / 3, report.Recall, 12);
        Assert.Equal(59.0 / 90, report.F1, 12);
        Assert.Equal(11.0 / 12, report.RocAuc!.Value, 12);
        Assert.Equal(new ClassMetrics(3, "3", 0, 0, 0, 0), report.PerClass[3]);
    }

    [Fact]
    public void A_class_that_is_only_predicted_counts_in_the_averages_as_zero()
    {
        float[] probabilities =
        [
            0.8f, 0.1f, 0.1f,
            0.2f, 0.1f, 0.7f, // true 0, predicted 2: class 2 occurs only as a prediction
            0.1f, 0.8f, 0.1f,
            0.2f, 0.6f, 0.2f,
        ];
        var report = ClassificationMetrics.Compute(probabilities, [0, 0, 1, 1], 3);

        Assert.Equal(2.0 / 3, report.Precision, 12);
        Assert.Equal(1.0 / 2, report.Recall, 12);
        Assert.Equal(5.0 / 9, report.F1, 12);
        // Class 2 has no positives, so only classes 0 and 1 enter the AUC.
        // Class 0: positives 0.8, 0.2 against negatives 0.1, 0.2: 0.8 beats both, 0.2 beats 0.1 and ties 0.2, 3.5 of 4.
        // Class 1: positives 0.8, 0.6 against negatives 0.1, 0.1: 4 of 4.
        Assert.Equal((3.5 / 4 + 1.0) / 2, report.RocAuc!.Value, 12);
    }

    [Fact]
    public void With_one_class_among_the_true_labels_auc_is_undefined()
    {
        Assert.Null(ClassificationMetrics.Compute(Binary(0.2f, 0.9f, 0.4f), [0, 0, 0], 2).RocAuc);
        Assert.Null(ClassificationMetrics.Compute(ThreeClassProbabilities, [1, 1, 1, 1, 1, 1], 3).RocAuc);
        Assert.EndsWith("AUC n/a", ClassificationMetrics.Compute(Binary(0.2f), [1], 2).ToString());
    }

    [Fact]
    public void Balanced_accuracy_is_the_mean_recall_of_the_classes_present_and_exposes_a_majority_vote()
    {
        // Eight of class 0, two of class 1, everything called class 0: accuracy 0.8, balanced (1 + 0) / 2.
        var allZero = Enumerable.Repeat(new[] { 0.9f, 0.1f }, 10).SelectMany(r => r).ToArray();
        var majority = ClassificationMetrics.Compute(allZero, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1], 2);
        Assert.Equal(0.8, majority.Accuracy, 12);
        Assert.Equal(0.5, majority.BalancedAccuracy, 12);

        // Three of class 0 (two right, one called class 2) and one of class 1 (right); class 2 never occurs,
        // so it does not enter the mean: (2/3 + 1) / 2.
        float[] probabilities =
        [
            0.8f, 0.1f, 0.1f,
            0.7f, 0.2f, 0.1f,
            0.1f, 0.2f, 0.7f,
            0.1f, 0.8f, 0.1f,
        ];
        var report = ClassificationMetrics.Compute(probabilities, [0, 0, 0, 1], 3);
        Assert.Equal(5.0 / 6, report.BalancedAccuracy, 12);
        Assert.Equal(report.BalancedAccuracy, report.ToDictionary()["balancedAccuracy"]);
    }

    [Fact]
    public void The_headline_numbers_come_as_a_dictionary_for_the_model_package()
    {
        var report = ClassificationMetrics.Compute(ThreeClassProbabilities, ThreeClassLabels, 3);
        var values = report.ToDictionary();
        Assert.Equal(report.F1, values["f1"]);
        Assert.Equal(report.RocAuc, values["rocAuc"]);
        Assert.False(ClassificationMetrics.Compute(Binary(0.2f), [1], 2).ToDictionary().ContainsKey("rocAuc"));
    }

    [Fact]
    public void The_confusion_matrix_cannot_be_changed_through_the_report()
    {
        var report = ClassificationMetrics.Compute(ThreeClassProbabilities, ThreeClassLabels, 3);
        report.ConfusionMatrix[0][0] = 99;
        Assert.Equal(1, report.ConfusionMatrix[0][0]);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute([1f], [0], 1));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([], [], 2));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(Binary(0.2f, 0.3f), [0], 2));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(Binary(0.2f), [0, 1], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute(Binary(0.2f, 0.3f), [0, 2], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute(Binary(0.2f, 0.3f), [-1, 0], 2));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([float.NaN, 0.5f], [0], 2));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(Binary(0.2f), [0], 2, ["only one"]));
    }
}
