namespace CellOps.Benchmarks.Suites;

/// <summary>One group of measurements; it adds its rows to the context's report.</summary>
internal interface ISuite
{
    /// <summary>The name --only selects it by.</summary>
    string Name { get; }

    /// <summary>Measures, adding rows; a suite that fails throws and the harness records the failure.</summary>
    void Run(HarnessContext context);
}
