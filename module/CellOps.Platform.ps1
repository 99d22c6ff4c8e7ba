<#
    Runs when CellOps is imported, before its assemblies and native libraries load (the manifest's
    ScriptsToProcess). CellOps ships libtorch, OpenCV and Skia built for Linux x64 only; on any other
    platform they would fail later, in whichever cmdlet first needs them, with a bare
    DllNotFoundException or BadImageFormatException. The parameters exist so that tests can ask about
    other platforms; the import gives none. The script sets no variables: it runs in the caller's scope.
#>
param(
    [string] $OperatingSystem = $(if ($IsLinux) { 'Linux' } elseif ($IsMacOS) { 'macOS' } else { 'Windows' }),
    [string] $Architecture = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture
)
if ($OperatingSystem -ne 'Linux' -or $Architecture -ne 'X64') {
    throw [System.PlatformNotSupportedException]::new(
        "CellOps runs only on Linux x64, and this is $OperatingSystem $Architecture. Its native libraries " +
        '(libtorch, OpenCV, Skia) are built for linux-x64; use a Linux x64 machine, WSL 2 or a Linux x64 container.')
}
