using static TorchSharp.torch;

namespace CellOps.Runtime.Attention;

/// <summary>
/// Every module's training flag, to put back after an evaluation-mode pass: a network being trained
/// with a frozen backbone has modules in both modes, which one <c>train(bool)</c> would not restore.
/// </summary>
internal sealed class TrainingModes
{
    private readonly List<(nn.Module Module, bool Training)> _modes;

    private TrainingModes(List<(nn.Module, bool)> modes) => _modes = modes;

    public static TrainingModes Of(nn.Module network)
    {
        var modes = new List<(nn.Module, bool)> { (network, network.training) };
        foreach (var module in network.modules()) modes.Add((module, module.training));
        return new TrainingModes(modes);
    }

    public void Restore()
    {
        // Parents first: a parent's train() sets its children, whose own flags then follow.
        foreach (var (module, training) in _modes)
        {
            if (module.training != training) module.train(training);
        }
    }
}
