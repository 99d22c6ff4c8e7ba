using CellOps.Sdk.Imaging;

namespace CellOps.Tests.TestSupport;

/// <summary>A micrograph of any claimed size whose pixels must never be read: opening them fails the test.</summary>
internal static class ClaimedMicrograph
{
    public static Micrograph Of(int width, int height) =>
        new("claimed", "/claimed.tif", width, height, PixelType.UInt8, 1, [new ChannelInfo(0, "grey", ChannelRole.Unknown)], null, null,
            () => throw new InvalidOperationException("The pixels were opened."));
}
