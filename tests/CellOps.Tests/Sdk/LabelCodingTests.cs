using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Sdk;

public sealed class LabelCodingTests
{
    [Fact]
    public void Without_values_a_label_is_its_class_and_the_ignore_value_is_no_class()
    {
        var coding = new LabelCoding(3, ignoreValue: 9);
        Assert.Equal(0, coding.ClassOf(0));
        Assert.Equal(2, coding.ClassOf(2));
        Assert.Equal(LabelCoding.Ignored, coding.ClassOf(9));
        Assert.Equal(LabelCoding.Invalid, coding.ClassOf(3));
        Assert.Equal(LabelCoding.Invalid, coding.ClassOf(-1));
        Assert.Equal(LabelCoding.Invalid, coding.ClassOf(1.5f));
        Assert.Equal("whole numbers 0 to 2 or the ignore value 9", coding.DescribeValues());
    }

    [Fact]
    public void Listed_values_name_the_classes_in_order()
    {
        var coding = new LabelCoding(2, ignoreValue: 128, values: new[] { 255, 0 });
        Assert.Equal(1, coding.ClassOf(0));
        Assert.Equal(0, coding.ClassOf(255));
        Assert.Equal(LabelCoding.Ignored, coding.ClassOf(128));
        Assert.Equal(LabelCoding.Invalid, coding.ClassOf(1));
        Assert.Equal("255 or 0 or the ignore value 128", coding.DescribeValues());
    }

    [Fact]
    public void Inconsistent_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new LabelCoding(3, values: new[] { 0, 255 }));
        Assert.Throws<ArgumentException>(() => new LabelCoding(2, values: new[] { 7, 7 }));
        Assert.Throws<ArgumentException>(() => new LabelCoding(2, ignoreValue: 0, values: new[] { 0, 255 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelCoding(0));
    }
}
