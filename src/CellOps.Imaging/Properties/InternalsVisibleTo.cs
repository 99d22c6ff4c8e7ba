using System.Runtime.CompilerServices;

// Tests check internal invariants (decode counts, cache bounds) that users should not depend on.
[assembly: InternalsVisibleTo("CellOps.Tests")]

// The benchmarks measure the direct TIFF decoder against LibTiff.NET's own decoding (TiffImageFile.Open's
// directDecoding switch), before and after in one run.
[assembly: InternalsVisibleTo("CellOps.Benchmarks")]
