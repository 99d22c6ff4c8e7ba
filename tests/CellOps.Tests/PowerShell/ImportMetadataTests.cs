using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>Import-Micrograph -Metadata: entries (a time point, a well) attached to each imported micrograph.</summary>
public sealed class ImportMetadataTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public ImportMetadataTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        foreach (var name in new[] { "well_d1_phase.png", "well_d3_phase.png", "well_d1_gfp.png", "well_d3_gfp.png" })
        {
            using var image = new Mat(16, 16, MatType.CV_8UC1, Scalar.All(90));
            Cv2.ImWrite(_data.File(name), image);
        }
    }

    public void Dispose() => _data.Dispose();

    private PipelineResult Run(string script) => _ps.Run(script, new Dictionary<string, object?> { ["data"] = _data.Path });

    [Fact]
    public void A_hashtable_adds_its_entries_to_every_micrograph_as_invariant_text_and_replaces_the_files_own()
    {
        // A comma decimal culture must not turn 2.5 into "2,5": the entry reads the same on every machine.
        var result = Run("$culture = [cultureinfo]::CurrentCulture; [cultureinfo]::CurrentCulture = 'de-DE'\n" +
                         "try { Import-Micrograph \"$data/*_phase.png\" -PairWith { $_.FullName -replace '_phase', '_gfp' } " +
                         "-Metadata @{ Day = 3; Dose = 2.5; Well = 'B2'; Compression = 'none' } }\n" +
                         "finally { [cultureinfo]::CurrentCulture = $culture }");
        result.AssertNoErrors();
        var micrographs = result.Objects<Micrograph>();
        Assert.Equal(2, micrographs.Count);
        Assert.All(micrographs, m =>
        {
            Assert.Equal(("3", "2.5", "B2"), (m.Metadata["Day"], m.Metadata["dose"], m.Metadata["Well"]));
            Assert.Equal("none", m.Metadata["Compression"]);
            // The file's other entries stay, the pair is kept, and the pair's metadata is its own.
            Assert.Equal("8", m.Metadata["BitsPerSample"]);
            Assert.NotNull(m.Pair);
            Assert.False(m.Pair!.Metadata.ContainsKey("Day"));
        });
    }

    [Fact]
    public void A_script_block_maps_each_file_to_its_own_entries_and_a_stack_takes_its_first_files()
    {
        var result = Run("Import-Micrograph \"$data/*_phase.png\" -Metadata { @{ 'CellOps.TimePoint' = [int](($_.BaseName -split '_d|_')[1]) } }\n" +
                         "Import-Micrograph \"$data/well_d3_phase.png\", \"$data/well_d1_phase.png\" -AsChannels -Metadata { @{ Stack = $_.Name } }");
        result.AssertNoErrors();
        var micrographs = result.Objects<Micrograph>();
        Assert.Equal(3, micrographs.Count);
        Assert.Equal(["1", "3"], micrographs.Take(2).Select(m => m.Metadata["CellOps.TimePoint"]));
        Assert.Equal("well_d3_phase.png", micrographs[2].Metadata["Stack"]);
    }

    [Fact]
    public void Entries_that_cannot_be_read_are_an_error_for_that_file_alone()
    {
        var result = Run("Import-Micrograph \"$data/*_phase.png\" -Metadata { if ($_.Name -like '*d1*') { 'day one' } else { @{ Day = 3 } } }\n" +
                         "Import-Micrograph \"$data/well_d1_phase.png\" -Metadata { throw 'no day in this name' }\n" +
                         "Import-Micrograph \"$data/well_d1_phase.png\" -Metadata @{ Day = 1, 2 }");
        Assert.Null(result.Terminating);
        var micrograph = Assert.Single(result.Objects<Micrograph>());
        Assert.Equal("well_d3_phase.png", micrograph.Name);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("MetadataInvalid,CellOps.PowerShell.Commands.ImportMicrographCommand", e.FullyQualifiedErrorId);
            Assert.EndsWith("well_d1_phase.png", (string)e.TargetObject);
        });
        Assert.Contains("expected a hashtable", result.Errors[0].Exception.Message);
        Assert.Contains("no day in this name", result.Errors[1].Exception.Message);
        Assert.Contains("one value, not a list", result.Errors[2].Exception.Message);
    }
}
