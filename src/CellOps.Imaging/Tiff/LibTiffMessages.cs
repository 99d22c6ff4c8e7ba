using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Routes LibTiff's errors and warnings to the operation that caused them instead of the console.
/// LibTiff has one process-wide handler, so messages are collected per thread: an operation opens a
/// <see cref="Scope"/>, calls LibTiff, and reads what LibTiff said. Messages outside any scope are dropped,
/// because printing from a library pollutes pipelines and PowerShell output.
/// </summary>
internal static class LibTiffMessages
{
    private static readonly object InstallLock = new();
    private static bool _installed;

    [ThreadStatic]
    private static Scope? _current;

    /// <summary>Installs the capturing handler (once) and starts collecting messages on this thread.</summary>
    public static Scope Capture()
    {
        EnsureInstalled();
        var scope = new Scope(_current);
        _current = scope;
        return scope;
    }

    private static void EnsureInstalled()
    {
        if (Volatile.Read(ref _installed)) return;
        lock (InstallLock)
        {
            if (_installed) return;
            BitMiracle.LibTiff.Classic.Tiff.SetErrorHandler(new CapturingHandler());
            Volatile.Write(ref _installed, true);
        }
    }

    private static string Format(string? method, string? format, object[]? args)
    {
        string text;
        try
        {
            text = args is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, format ?? "", args) : format ?? "";
        }
        catch (FormatException)
        {
            text = format ?? "";
        }
        return string.IsNullOrEmpty(method) ? text : $"{method}: {text}";
    }

    /// <summary>Messages LibTiff reported on this thread while the scope was open.</summary>
    internal sealed class Scope : IDisposable
    {
        private readonly Scope? _outer;
        private bool _disposed;

        internal Scope(Scope? outer) => _outer = outer;

        /// <summary>Errors, in the order LibTiff reported them.</summary>
        public List<string> Errors { get; } = new();

        /// <summary>Warnings, in the order LibTiff reported them.</summary>
        public List<string> Warnings { get; } = new();

        /// <summary>The errors joined for a message, with the file path LibTiff repeats stripped out.</summary>
        public string Describe(string path, string fallback)
        {
            var list = Errors.Count > 0 ? Errors : Warnings;
            if (list.Count == 0) return fallback;
            var distinct = list.Select(m => m.Replace(path + ": ", "", StringComparison.Ordinal).Replace(path, "the file", StringComparison.Ordinal))
                .Distinct().Take(4);
            return string.Join("; ", distinct);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (ReferenceEquals(_current, this)) _current = _outer;
        }
    }

    private sealed class CapturingHandler : TiffErrorHandler
    {
        public override void ErrorHandler(BitMiracle.LibTiff.Classic.Tiff tif, string method, string format, params object[] args) =>
            _current?.Errors.Add(Format(method, format, args));

        public override void ErrorHandlerExt(BitMiracle.LibTiff.Classic.Tiff tif, object clientData, string method, string format, params object[] args) =>
            _current?.Errors.Add(Format(method, format, args));

        public override void WarningHandler(BitMiracle.LibTiff.Classic.Tiff tif, string method, string format, params object[] args) =>
            _current?.Warnings.Add(Format(method, format, args));

        public override void WarningHandlerExt(BitMiracle.LibTiff.Classic.Tiff tif, object clientData, string method, string format, params object[] args) =>
            _current?.Warnings.Add(Format(method, format, args));
    }
}
