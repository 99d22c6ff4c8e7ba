using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>Reading what the virtual-stain examples print and write.</summary>
internal static class ExampleOutput
{
    /// <summary>The number an example prints after <paramref name="label"/> (a regular expression), with three decimals.</summary>
    public static double Printed(string output, string label)
    {
        var match = Regex.Match(output, label + @"(-?\d\.\d{3})");
        Assert.True(match.Success, $"no line '{label}' in:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>A column of the report's efficiency.csv, one value per micrograph.</summary>
    public static double[] EfficiencyColumn(string reportFolder, string name)
    {
        var rows = File.ReadAllLines(Path.Combine(reportFolder, "efficiency.csv"));
        int column = Array.IndexOf(rows[0].Split(','), name);
        Assert.True(column >= 0, $"efficiency.csv has no column {name}");
        return rows.Skip(1).Select(r => double.Parse(r.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();
    }
}
