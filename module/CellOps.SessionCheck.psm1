# Runs on Import-Module CellOps before any CellOps assembly loads. A .NET process cannot unload an assembly, nor load a
# second CellOps.PowerShell.dll beside the first: in a session that already loaded one CellOps build,
# importing another (an upgrade, or a second copy) would keep running the old code while reporting the
# new version, or fail halfway with "member already present". Say so instead, naming both builds.
# Re-importing the same build (Import-Module CellOps -Force) is fine and passes through.

$versionOf = {
    param([string] $folder)
    $manifest = [IO.Path]::Combine($folder, 'CellOps.psd1')
    if ([IO.File]::Exists($manifest)) {
        $match = [regex]::Match([IO.File]::ReadAllText($manifest), "ModuleVersion\s*=\s*['""]([^'""]+)['""]")
        if ($match.Success) { return $match.Groups[1].Value }
    }
    'of unknown version'
}

# CellOps.Loader records the folder of the build it loaded (a process-wide value: one call, where
# walking the loaded assemblies from script takes a tenth of a second).
$loadedFolder = [AppDomain]::CurrentDomain.GetData('CellOps.ModuleFolder')
$comparison = if ($IsWindows) { [StringComparison]::OrdinalIgnoreCase } else { [StringComparison]::Ordinal }
if ($loadedFolder -and -not [string]::Equals($loadedFolder, $PSScriptRoot, $comparison)) {
    $message = "Cannot import CellOps $(& $versionOf $PSScriptRoot) from '$PSScriptRoot': this PowerShell session " +
        "already loaded CellOps $(& $versionOf $loadedFolder) from '$loadedFolder', and a process cannot unload " +
        "it or run two CellOps builds side by side. Start a new PowerShell session (pwsh) and import CellOps there. " +
        "(Import-Module CellOps -Force reloads the build that is already loaded.)"
    throw [InvalidOperationException]::new($message)
}
