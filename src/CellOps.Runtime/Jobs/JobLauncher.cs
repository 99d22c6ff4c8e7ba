namespace CellOps.Runtime.Jobs;

/// <summary>How a task starts PowerShell and the CellOps module: the same pwsh and module build as the session that submitted it.</summary>
/// <param name="Executable">The program to run: pwsh, or the dotnet host where pwsh runs as <c>dotnet pwsh.dll</c>.</param>
/// <param name="Arguments">Arguments before pwsh's own (the pwsh.dll path where <paramref name="Executable"/> is dotnet).</param>
/// <param name="ModulePath">The CellOps module manifest (or assembly) the task imports.</param>
public sealed record JobLauncher(string Executable, string[] Arguments, string ModulePath)
{
    /// <summary>The launcher of this process's PowerShell: its executable where that is pwsh, else <c>dotnet &lt;PSHOME&gt;/pwsh.dll</c>.</summary>
    /// <param name="psHome">PowerShell's home folder ($PSHOME).</param>
    /// <param name="modulePath">The module the tasks import.</param>
    public static JobLauncher ForThisProcess(string psHome, string modulePath)
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("This process's executable is unknown.");
        string name = Path.GetFileNameWithoutExtension(process);
        if (name.Equals("pwsh", StringComparison.OrdinalIgnoreCase)) return new JobLauncher(process, [], modulePath);
        string assembly = Path.Combine(psHome, "pwsh.dll");
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase) && File.Exists(assembly)) return new JobLauncher(process, [assembly], modulePath);
        string pwsh = Path.Combine(psHome, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        if (File.Exists(pwsh)) return new JobLauncher(pwsh, [], modulePath);
        throw new InvalidOperationException($"No pwsh found in {psHome} to run the tasks with.");
    }
}
