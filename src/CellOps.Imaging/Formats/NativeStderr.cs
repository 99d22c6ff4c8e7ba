using System.Runtime.InteropServices;

namespace CellOps.Imaging.Formats;

/// <summary>
/// Captures what native code prints to the process's stderr while an action runs. The codec
/// libraries inside OpenCV (libjpeg, libpng) report recoverable damage only that way: captured, the
/// text stays out of the user's PowerShell session and tells the reader what went wrong.
/// </summary>
/// <remarks>
/// Swaps file descriptor 2 for the duration, under a lock, on Linux and macOS only; elsewhere the
/// action runs as it is. Anything another thread writes to stderr in that window is captured too,
/// which is why the window is kept to one decode.
/// </remarks>
internal static class NativeStderr
{
    private static readonly object Gate = new();

    public static T Capture<T>(Func<T> action, out string captured)
    {
        captured = "";
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return action();
        lock (Gate)
        {
            string temp = Path.GetTempFileName();
            try
            {
                int saved;
                using (var file = new FileStream(temp, FileMode.Open, FileAccess.Write))
                {
                    saved = Dup(2);
                    if (saved < 0) return action();
                    if (Dup2((int)file.SafeFileHandle.DangerousGetHandle(), 2) < 0)
                    {
                        Close(saved);
                        return action();
                    }
                }
                T result;
                try
                {
                    result = action();
                }
                finally
                {
                    Dup2(saved, 2);
                    Close(saved);
                }
                captured = File.ReadAllText(temp).Trim();
                return result;
            }
            catch (DllNotFoundException)
            {
                return action();
            }
            catch (EntryPointNotFoundException)
            {
                return action();
            }
            finally
            {
                try
                {
                    File.Delete(temp);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static extern int Dup2(int fd, int fd2);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
