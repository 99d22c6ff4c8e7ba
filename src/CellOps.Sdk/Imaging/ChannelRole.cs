namespace CellOps.Sdk.Imaging;

/// <summary>What a channel of a micrograph shows; models declare which roles they expect.</summary>
public enum ChannelRole
{
    /// <summary>Not stated.</summary>
    Unknown,
    /// <summary>Phase-contrast image.</summary>
    PhaseContrast,
    /// <summary>Bright-field (transmitted light) image, including stained smears.</summary>
    BrightField,
    /// <summary>Fluorescence image of a marker.</summary>
    Fluorescence,
    /// <summary>Binary mask (foreground non-zero).</summary>
    Mask,
    /// <summary>Integer class label per pixel.</summary>
    Label,
}
