using System.Runtime.CompilerServices;

// Tests check internal invariants (decode counts, cache bounds) that users should not depend on.
[assembly: InternalsVisibleTo("CellOps.Tests")]
