using System.Management.Automation;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>A small file that claims a huge image gets clear, non-terminating errors with ids, never an OverflowException.</summary>
public sealed class HugeClaimCmdletTests : IClassFixture<PowerShellSessionFixture>
{
    private readonly PowerShellSession _ps;

    public HugeClaimCmdletTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    [Fact]
    public void New_TileSet_and_Export_Micrograph_refuse_a_200000_square_TIFF_with_TileSetTooLarge_and_ImageTooLarge()
    {
        using var temp = new TempFolder();
        string tif = temp.File("huge.tif");
        File.WriteAllBytes(tif, HandMadeTiff.HugeZeros(200_000, 200_000));
        var vars = new Dictionary<string, object?> { ["f"] = tif, ["out"] = temp.File("out") };

        var tiling = _ps.Run("Import-Micrograph $f | New-TileSet -Size 64", vars);
        Assert.Null(tiling.Terminating);
        var tooMany = Assert.Single(tiling.Errors);
        Assert.Equal("TileSetTooLarge,CellOps.PowerShell.Commands.NewTileSetCommand", tooMany.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, tooMany.CategoryInfo.Category);
        Assert.Equal(tif, tooMany.TargetObject);
        Assert.Contains("9,765,625 tiles", tooMany.Exception.Message);

        var export = _ps.Run("Import-Micrograph $f | Export-Micrograph -OutputDirectory $out", vars);
        Assert.Null(export.Terminating);
        var tooLarge = Assert.Single(export.Errors);
        Assert.Equal("ImageTooLarge,CellOps.PowerShell.Commands.ExportMicrographCommand", tooLarge.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, tooLarge.CategoryInfo.Category);
        Assert.Contains("200000×200000", tooLarge.Exception.Message);
    }
}
