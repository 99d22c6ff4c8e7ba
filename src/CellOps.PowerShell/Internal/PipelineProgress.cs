namespace CellOps.PowerShell.Internal;

/// <summary>
/// An IProgress that reports on the calling thread. Cmdlets may only write progress from the pipeline
/// thread, which System.Progress (posting to the thread pool when there is no synchronisation
/// context) would not guarantee.
/// </summary>
internal sealed class PipelineProgress<T> : IProgress<T>
{
    private readonly Action<T> _report;

    public PipelineProgress(Action<T> report) => _report = report;

    public void Report(T value) => _report(value);
}
