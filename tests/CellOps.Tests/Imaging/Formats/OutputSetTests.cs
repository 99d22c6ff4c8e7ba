using CellOps.Imaging.Formats;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Formats;

/// <summary>
/// An export's files are claimed together: the second claimant of a name is refused, and a write that
/// fails part-way leaves none of its files.
/// </summary>
public sealed class OutputSetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string[] Set(string stem) => [_folder.File($"{stem}.probability.tif"), _folder.File($"{stem}.stain.tif"), _folder.File($"{stem}.overlay.png")];

    [Fact]
    public void A_second_claim_of_the_same_files_is_refused_and_the_first_keeps_them()
    {
        var files = Set("a");
        using var first = OutputSet.Claim(files, overwrite: false);
        var refused = Assert.Throws<OutputExistsException>(() => OutputSet.Claim(files, overwrite: false));
        Assert.Equal(files[0], refused.Path);

        foreach (var file in files) AtomicFile.WriteText(file, "first");
        first.Commit();
        first.Dispose();
        Assert.All(files, f => Assert.Equal("first", File.ReadAllText(f)));
    }

    [Fact]
    public void A_claim_that_meets_a_taken_file_later_in_the_set_keeps_nothing_of_its_own()
    {
        var files = Set("b");
        File.WriteAllText(files[2], "an earlier run's overlay");
        Assert.Throws<OutputExistsException>(() => OutputSet.Claim(files, overwrite: false));
        Assert.False(File.Exists(files[0]));
        Assert.False(File.Exists(files[1]));
        Assert.Equal("an earlier run's overlay", File.ReadAllText(files[2]));
    }

    [Fact]
    public void A_write_that_fails_on_the_third_file_leaves_none_and_names_the_third()
    {
        var files = Set("c");
        using (var set = OutputSet.Claim(files, overwrite: false))
        {
            AtomicFile.WriteText(files[0], "written");
            AtomicFile.WriteText(files[1], "written");
            Assert.Equal(files[2], set.Pending);
        }
        Assert.All(files, f => Assert.False(File.Exists(f), f));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void With_overwrite_a_failure_removes_what_it_replaced_and_keeps_what_it_had_not_reached()
    {
        var files = Set("d");
        foreach (var file in files) File.WriteAllText(file, "old");
        File.SetLastWriteTimeUtc(files[0], DateTime.UtcNow.AddMinutes(-5));
        File.SetLastWriteTimeUtc(files[2], DateTime.UtcNow.AddMinutes(-5));
        using (var set = OutputSet.Claim(files, overwrite: true))
        {
            AtomicFile.WriteText(files[0], "new");
            Assert.Equal(files[1], set.Pending);
        }
        Assert.False(File.Exists(files[0]));
        Assert.Equal("old", File.ReadAllText(files[1]));
        Assert.Equal("old", File.ReadAllText(files[2]));
    }
}
