using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace CellOps.Benchmarks.Peers;

/// <summary>
/// libtiff itself decoding the same files as CellOps: bench/libtiff/tiffdecode.c, compiled here against
/// the system's libtiff (Debian's libtiff-dev), run once per timed run.
/// </summary>
internal sealed class LibTiffPeer
{
    private readonly string _program;

    private LibTiffPeer(string program, string version)
    {
        _program = program;
        Version = version;
    }

    /// <summary>libtiff's own version line, e.g. "LIBTIFF, Version 4.5.0".</summary>
    public string Version { get; }

    /// <summary>Compiles the decoder into <paramref name="folder"/>, or uses <paramref name="prebuilt"/> where given.</summary>
    /// <exception cref="PeerUnavailableException">No C compiler or no libtiff headers: the peer is not installed.</exception>
    public static LibTiffPeer Build(string source, string folder, string? prebuilt)
    {
        string program = prebuilt ?? Path.Combine(folder, "tiffdecode");
        if (prebuilt is null)
        {
            if (!File.Exists(source)) throw new PeerUnavailableException($"{source} is missing.", notInstalled: true);
            var (code, _, errors) = Run("cc", "-O2", "-o", program, source, "-ltiff");
            if (code != 0)
            {
                string first = errors.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? errors.Trim();
                throw new PeerUnavailableException($"the libtiff decoder could not be compiled (needs gcc and libtiff-dev; bench/run.sh installs them): {first.Trim()}", notInstalled: true);
            }
        }
        var (status, output, error) = Run(program, "--version");
        if (status != 0) throw new PeerUnavailableException($"{program} --version failed: {error.Trim()}", notInstalled: true);
        return new LibTiffPeer(program, output.Trim());
    }

    /// <summary>Reads <paramref name="file"/>'s image <paramref name="passes"/> times in one process; returns the bytes of one pass and the seconds of all.</summary>
    /// <exception cref="PeerUnavailableException">libtiff could not decode the file.</exception>
    public (long Bytes, double Seconds) Decode(string file, int passes = 1)
    {
        var (code, output, errors) = Run(_program, file, passes.ToString(CultureInfo.InvariantCulture));
        if (code != 0) throw new PeerUnavailableException($"libtiff could not decode {Path.GetFileName(file)}: {errors.Trim()}", notInstalled: false);
        long bytes = 0;
        double seconds = 0;
        int timed = 0;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("bytes ", StringComparison.Ordinal)) bytes = long.Parse(line[6..], CultureInfo.InvariantCulture);
            if (!line.StartsWith("seconds ", StringComparison.Ordinal)) continue;
            seconds += double.Parse(line[8..], CultureInfo.InvariantCulture);
            timed++;
        }
        if (timed != passes) throw new PeerUnavailableException($"The libtiff decoder printed no time: {output.Trim()}", notInstalled: false);
        return (bytes, seconds);
    }

    private static (int Code, string Output, string Errors) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, errors.Result);
        }
        catch (Win32Exception e)
        {
            return (127, "", $"{program}: {e.Message}");
        }
    }
}
