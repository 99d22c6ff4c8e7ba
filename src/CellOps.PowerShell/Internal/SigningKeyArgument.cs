using System.Management.Automation;
using CellOps.Runtime.Signing;

namespace CellOps.PowerShell.Internal;

/// <summary>Reads a -KeyPath / -SigningKeyPath private key for a cmdlet.</summary>
internal static class SigningKeyArgument
{
    /// <summary>The key; a terminating SigningKeyInvalid error where it cannot be read, a warning where other users can read it.</summary>
    public static SigningKey Load(PSCmdlet cmdlet, string path, string parameter)
    {
        string full = FileSystemPaths.ToFullPath(cmdlet, path);
        SigningKey key;
        try
        {
            key = SigningKey.Load(full);
        }
        catch (SigningKeyException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "SigningKeyInvalid", ErrorCategory.InvalidArgument, full));
            throw;
        }
        if (!OperatingSystem.IsWindows())
        {
            var others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
            if ((File.GetUnixFileMode(full) & others) != 0)
                cmdlet.WriteWarning($"-{parameter}: other users can read or change the private key {full}; anyone who reads it can sign as you. Run: chmod 600 '{full}'");
        }
        return key;
    }
}
