using System.Diagnostics;
using CellOps.Imaging.Formats;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Formats;

/// <summary>Atomic writes leave nothing behind, including what a killed writer left.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_first_write_into_a_folder_removes_temporaries_left_by_killed_processes_and_no_others()
    {
        if (!OperatingSystem.IsLinux()) return;
        int dead = DeadProcessId();
        string abandoned = _folder.File($".stain.tif.{dead}.{Guid.NewGuid():N}.tmp");
        string live = _folder.File($".stain.tif.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string otherTarget = _folder.File($".overlay.png.{dead}.{Guid.NewGuid():N}.tmp");
        string notOurs = _folder.File(".notes.tmp");
        foreach (var file in new[] { abandoned, live, otherTarget, notOurs }) File.WriteAllText(file, "half a file");

        AtomicFile.WriteText(_folder.File("stain.tif"), "whole");

        Assert.Equal("whole", File.ReadAllText(_folder.File("stain.tif")));
        Assert.False(File.Exists(abandoned));
        Assert.False(File.Exists(otherTarget));
        Assert.True(File.Exists(live), "a running process's temporary was removed");
        Assert.True(File.Exists(notOurs), "a file CellOps did not name was removed");
    }

    [Fact]
    public void The_temporary_name_is_hidden_beside_the_target_and_names_the_writing_process()
    {
        string temp = AtomicFile.TemporaryPathFor(_folder.File("a.png"));
        Assert.Equal(_folder.Path, Path.GetDirectoryName(temp));
        Assert.Matches($@"^\.a\.png\.{Environment.ProcessId}\.[0-9a-f]{{32}}\.tmp$", Path.GetFileName(temp));
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.False(Directory.Exists($"/proc/{process.Id}"));
        return process.Id;
    }
}
