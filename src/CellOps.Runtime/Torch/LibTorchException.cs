using System.Runtime.InteropServices;

namespace CellOps.Runtime.Torch;

/// <summary>
/// An error libtorch raised, told as one sentence: what CellOps was doing and libtorch's own first
/// line, without the C++ frames TorchSharp appends (kept in <see cref="Exception.InnerException"/>).
/// </summary>
public sealed class LibTorchException : Exception
{
    private LibTorchException(string operation, string reason, ExternalException inner)
        : base($"libtorch failed while {operation}: {reason}", inner)
    {
        Operation = operation;
        Reason = reason;
    }

    /// <summary>What CellOps was doing, e.g. "training Cardiomyocyte.TileClassifier".</summary>
    public string Operation { get; }

    /// <summary>libtorch's message, first line only.</summary>
    public string Reason { get; }

    /// <summary>Wraps a libtorch error raised while doing <paramref name="operation"/>.</summary>
    public static LibTorchException From(ExternalException error, string operation)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new LibTorchException(operation, FirstLine(error.Message), error);
    }

    /// <summary>The part of a libtorch message before "Exception raised from" and the frame list.</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int cut = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        string head = (cut >= 0 ? message[..cut] : message).Trim();
        int newline = head.IndexOf('\n');
        head = (newline >= 0 ? head[..newline] : head).Trim();
        // libtorch appends an invitation to report the wording upstream; it is noise to a user.
        int invitation = head.IndexOf("(Could this error message be improved?", StringComparison.Ordinal);
        if (invitation > 0) head = head[..invitation].Trim();
        return head.Length == 0 ? "(no message)" : head;
    }
}
