using Xunit;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>Tests that redirect the console run alone, so that no other test's output is mistaken for LibTiff's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TiffConsoleCollection
{
    public const string Name = "TIFF console capture";
}
