using System.Runtime.CompilerServices;

// Tests draw the figures directly (size, decodable PNG, series drawn) without writing whole reports.
[assembly: InternalsVisibleTo("CellOps.Tests")]
