using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Data;

/// <summary>A micrograph has no group to hold out by (see <see cref="HoldOutGrouping"/>), or finding it failed.</summary>
public sealed class HoldOutGroupException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="micrograph">The micrograph without a group.</param>
    /// <param name="message">What is wrong, naming the micrograph.</param>
    /// <param name="inner">What failed, where something did.</param>
    public HoldOutGroupException(Micrograph micrograph, string message, Exception? inner = null)
        : base(message, inner)
    {
        Micrograph = micrograph ?? throw new ArgumentNullException(nameof(micrograph));
    }

    /// <summary>The micrograph without a group.</summary>
    public Micrograph Micrograph { get; }
}
