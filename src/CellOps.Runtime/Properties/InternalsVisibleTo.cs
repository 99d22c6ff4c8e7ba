using System.Runtime.CompilerServices;

// The benchmarks write model packages with the trainer's own manifest factory, so a benchmarked
// package is described exactly as a trained one.
[assembly: InternalsVisibleTo("CellOps.Benchmarks")]
