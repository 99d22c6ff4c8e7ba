using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>
/// Ctrl+C (SIGINT) in real pwsh during a training with a checkpoint: training stops after the current
/// batch, the user is told which epoch the checkpoint holds and how to continue, and no package is
/// written. The notice must get past the stopping pipeline, which takes no more records.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class InterruptTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Ctrl_C_during_training_says_which_epoch_the_checkpoint_holds_and_writes_no_package()
    {
        string checkpoint = _folder.File("run.ckpt");
        string package = _folder.File("run.cellmodel");
        string script =
            "$t = Import-Micrograph examples/data/bccd/BloodImage_0000[0-3].jpg -PairWith { $_.FullName -replace '\\.jpg$', '_wbc.png' } -PairRole Mask | " +
            "New-TileSet -Size 64 -Target Label -AreaFraction 0.2; 'ready'; " +
            $"$t | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 500 -HyperParameter @{{ Depth = 2; BaseWidth = 8 }} -Threads 1 -OutFile '{package}' -CheckpointPath '{checkpoint}'";
        using var pwsh = PwshProcess.Start(new PwshStart { Arguments = ["-Command", script], TakeInterrupts = true });

        Assert.True(pwsh.WaitForOutput("ready", TimeSpan.FromMinutes(2)), "the tiles were never made");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(checkpoint) && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(100);
        Assert.True(File.Exists(checkpoint), "no epoch finished");
        pwsh.SendSignal(2);
        var result = pwsh.WaitForExit(TimeSpan.FromMinutes(1));

        Assert.Matches($@"WARNING: Training stopped; {System.Text.RegularExpressions.Regex.Escape(checkpoint)} holds epoch \d+\. Run again with -Resume to continue\.", result.Output);
        Assert.False(File.Exists(package));
        Assert.Empty(Directory.GetFiles(_folder.Path, ".*"));
    }
}
