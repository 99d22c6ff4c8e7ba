using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// How piped objects bind to -Path and -LiteralPath: strings and Path columns (Import-Csv rows) as paths with
/// wildcards, files (Get-ChildItem output) literally by their full name.
/// </summary>
public sealed class PipelineBindingTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public PipelineBindingTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        foreach (var name in new[] { "a_phase.png", "b_phase.png", "well[1].png" })
        {
            using var image = new Mat(16, 16, MatType.CV_8UC1, Scalar.All(90));
            Cv2.ImWrite(_data.File(name), image);
        }
    }

    public void Dispose() => _data.Dispose();

    private PipelineResult Run(string script) => _ps.Run(script, new Dictionary<string, object?> { ["data"] = _data.Path });

    [Fact]
    public void Rows_with_a_Path_column_bind_to_Path_and_their_other_columns_do_not_get_in_the_way()
    {
        // As Import-Csv gives them: the Path column is a path with wildcards, the other columns are ignored.
        var result = Run("[pscustomobject]@{ Path = \"$data/a_*.png\"; Day = '1' }, [pscustomobject]@{ Path = \"$data/b_phase.png\"; Day = '3' } | " +
                         "Import-Micrograph -Metadata @{ Batch = 'B7' }");
        result.AssertNoErrors();
        var micrographs = result.Objects<Micrograph>();
        Assert.Equal(["a_phase.png", "b_phase.png"], micrographs.Select(m => m.Name));
        Assert.All(micrographs, m => Assert.Equal("B7", m.Metadata["Batch"]));
    }

    [Fact]
    public void Strings_bind_to_Path_and_files_bind_to_LiteralPath_in_the_same_session()
    {
        var strings = Run("\"$data/a_phase.png\", \"$data/b_*.png\" | Import-Micrograph");
        strings.AssertNoErrors();
        Assert.Equal(["a_phase.png", "b_phase.png"], strings.Objects<Micrograph>().Select(m => m.Name));

        // Brackets would be a wildcard class under -Path: only -LiteralPath finds this file.
        var files = Run("[System.IO.FileInfo]::new(\"$data/well[1].png\") | Import-Micrograph");
        files.AssertNoErrors();
        Assert.Equal("well[1].png", Assert.Single(files.Objects<Micrograph>()).Name);
    }

    [Fact]
    public void ConvertTo_CellModel_binds_a_Path_column_too()
    {
        // A missing file is enough to show the binding: the error names the path the row gave.
        var result = Run("[pscustomobject]@{ Path = \"$data/nowhere.pth\"; Note = 'x' } | ConvertTo-CellModel -Model NeuralFate.ResNet18 -WhatIf");
        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("WeightFileNotFound,", error.FullyQualifiedErrorId);
        // Bound by value, the row would be its text, "@{Path=...; Note=x}".
        Assert.Equal($"{_data.Path}/nowhere.pth", error.TargetObject);
    }
}
