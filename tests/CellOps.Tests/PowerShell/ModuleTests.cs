using System.Management.Automation;
using Xunit;

namespace CellOps.Tests.PowerShell;

public sealed class ModuleTests : IClassFixture<PowerShellSessionFixture>
{
    private static readonly string[] Cmdlets = { "Get-CellModel", "Import-Micrograph", "Split-Micrograph", "New-TileSet", "Start-CellTraining", "Invoke-CellModel", "Export-VirtualStain", "Export-CellReport", "Export-SegmentationFigure", "Export-Micrograph", "Export-ContactSheet", "Export-AttentionMap", "ConvertTo-CellModel", "New-CellSigningKey", "Set-CellModelSignature", "Get-CellModelSignature", "Submit-CellJob", "Get-CellJob", "Wait-CellJob", "Receive-CellJob", "Stop-CellJob" };
    private static readonly HashSet<string> CommonParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    private readonly PowerShellSession _ps;

    public ModuleTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    [Fact]
    public void The_module_exports_exactly_its_cmdlets_with_a_version()
    {
        var result = _ps.Run("Get-Module CellOps");
        result.AssertNoErrors();
        var module = Assert.IsType<PSModuleInfo>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(new Version(0, 1, 0), module.Version);
        Assert.Equal(Cmdlets.OrderBy(c => c), module.ExportedCmdlets.Keys.OrderBy(c => c));
    }

    [Theory]
    [InlineData("Get-CellModel")]
    [InlineData("Import-Micrograph")]
    [InlineData("Split-Micrograph")]
    [InlineData("New-TileSet")]
    [InlineData("Start-CellTraining")]
    [InlineData("Invoke-CellModel")]
    [InlineData("Export-VirtualStain")]
    [InlineData("Export-CellReport")]
    [InlineData("Export-SegmentationFigure")]
    [InlineData("Export-Micrograph")]
    [InlineData("Export-ContactSheet")]
    [InlineData("Export-AttentionMap")]
    [InlineData("ConvertTo-CellModel")]
    [InlineData("New-CellSigningKey")]
    [InlineData("Set-CellModelSignature")]
    [InlineData("Get-CellModelSignature")]
    [InlineData("Submit-CellJob")]
    [InlineData("Get-CellJob")]
    [InlineData("Wait-CellJob")]
    [InlineData("Receive-CellJob")]
    [InlineData("Stop-CellJob")]
    public void Every_cmdlet_has_help_with_a_synopsis_examples_and_every_parameter(string cmdlet)
    {
        var help = _ps.Run($"Get-Help {cmdlet} -Full");
        help.AssertNoErrors();
        var info = Assert.Single(help.Output);
        var synopsis = info.Properties["Synopsis"].Value?.ToString() ?? "";
        Assert.False(synopsis.StartsWith(cmdlet, StringComparison.OrdinalIgnoreCase), "the synopsis is only the syntax: no MAML help was found");

        var examples = _ps.Run($"@((Get-Help {cmdlet} -Examples).examples.example).Count");
        Assert.True((int)examples.Output[0].BaseObject >= 2, "expected at least two examples");

        var documented = _ps.Run($"(Get-Help {cmdlet} -Parameter *) | ForEach-Object {{ $_.name }}").Output.Select(o => o.ToString()).ToHashSet();
        var actual = _ps.Run($"(Get-Command {cmdlet}).Parameters.Keys").Output.Select(o => o.ToString()).Where(p => !CommonParameters.Contains(p));
        Assert.Empty(actual.Where(p => !documented.Contains(p)));
    }
}
