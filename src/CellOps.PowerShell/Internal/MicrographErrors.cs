using System.Management.Automation;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Internal;

/// <summary>Turns the imaging layer's failures into ErrorRecords with stable ids and categories.</summary>
internal static class MicrographErrors
{
    public static ErrorRecord From(MicrographReadException ex, object? target = null, string? id = null)
    {
        var (defaultId, category) = ex.Failure switch
        {
            MicrographReadFailure.NotFound => ("MicrographNotFound", ErrorCategory.ObjectNotFound),
            MicrographReadFailure.Unsupported => ("UnsupportedImage", ErrorCategory.InvalidData),
            MicrographReadFailure.Corrupt => ("CorruptImage", ErrorCategory.InvalidData),
            MicrographReadFailure.Unreadable => ("ImageUnreadable", ErrorCategory.ReadError),
            MicrographReadFailure.Mismatch => ("ImageMismatch", ErrorCategory.InvalidData),
            MicrographReadFailure.TooLarge => ("ImageTooLarge", ErrorCategory.LimitsExceeded),
            _ => ("ImageReadFailed", ErrorCategory.ReadError),
        };
        return new ErrorRecord(ex, id ?? defaultId, category, target ?? ex.Path);
    }

    /// <summary>A failure the readers did not foresee: still an error about one file, never a crash.</summary>
    public static ErrorRecord Unexpected(string path, Exception ex) =>
        new(new MicrographReadException(path, MicrographReadFailure.Unreadable, $"'{path}' could not be read: {ex.Message}", ex),
            "ImageReadFailed", ErrorCategory.ReadError, path);

    public static ErrorRecord Create(string message, string id, ErrorCategory category, object? target, Exception? inner = null) =>
        new(new InvalidOperationException(message, inner), id, category, target);
}
