using System.Management.Automation;
using System.Reflection;

namespace CellOps.Cli;

internal static class HostVersion
{
    public static Version Current { get; } = typeof(HostVersion).Assembly.GetName().Version ?? new Version(0, 0);

    public static string Describe()
    {
        var informational = typeof(HostVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? Current.ToString();
        // Drop the "+commit" suffix the SDK appends.
        var plus = informational.IndexOf('+');
        if (plus >= 0)
        {
            informational = informational[..plus];
        }

        return $"cellops {informational} (PowerShell engine {PSVersionInfo.PSVersion})";
    }
}
