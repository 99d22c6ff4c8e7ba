namespace CellOps.Benchmarks;

/// <summary>One benchmark the program can run by name.</summary>
internal interface IBenchmark
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark, printing its results; returns the process exit code.</summary>
    /// <param name="quick">Small sizes, so that CI can check the benchmark works in seconds.</param>
    int Run(bool quick);
}
