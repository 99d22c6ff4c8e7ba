namespace CellOps.Runtime.Packaging;

/// <summary>Reads the SDK version a manifest records.</summary>
public static class SdkVersionText
{
    /// <summary>Parses a version such as <c>0.1.0</c> or <c>1.2.0-beta.1</c> (the pre-release and build parts are ignored).</summary>
    /// <returns>False where the text is not a version.</returns>
    public static bool TryParse(string? text, out Version version)
    {
        version = new Version(0, 0);
        if (string.IsNullOrWhiteSpace(text)) return false;
        var core = text.Split('-', '+')[0];
        if (!Version.TryParse(core, out var parsed)) return false;
        version = parsed;
        return true;
    }
}
