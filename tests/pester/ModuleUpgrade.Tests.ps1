# One PowerShell session can hold only one CellOps build: .NET cannot unload the first or load a second
# beside it. Importing another build (an upgrade, another copy) must say so, naming both, instead of
# running the old code under the new version or failing with "member already present". The second
# build is a copy of out/CellOps with another ModuleVersion (libraries and plugins linked, not copied).
# Each case runs in a fresh pwsh.
BeforeAll {
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $built = Join-Path $repo 'out/CellOps'
    $builtVersion = (Import-PowerShellDataFile (Join-Path $built 'CellOps.psd1')).ModuleVersion
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

    $upgrade = Join-Path $TestDrive 'upgrade/CellOps'
    New-Item -ItemType Directory $upgrade | Out-Null
    foreach ($item in Get-ChildItem $built) {
        $target = Join-Path $upgrade $item.Name
        if ($item.PSIsContainer) { New-Item -ItemType SymbolicLink -Path $target -Target $item.FullName | Out-Null }
        else { Copy-Item -LiteralPath $item.FullName -Destination $target }
    }
    $manifest = Join-Path $upgrade 'CellOps.psd1'
    (Get-Content -Raw $manifest) -replace "ModuleVersion(\s*)=(\s*)'[^']+'", "ModuleVersion`$1=`$2'9.8.7'" | Set-Content -NoNewline $manifest

    function Invoke-Fresh([string] $Script) {
        $output = & $pwsh -NoProfile -NonInteractive -Command $Script 2>&1 | Out-String
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
    }
}

Describe 'Importing a second CellOps build into one session' {
    It 'works for the copy on its own (the copy is a sound module)' {
        $r = Invoke-Fresh "Import-Module '$upgrade/CellOps.psd1' -ErrorAction Stop; (Get-Module CellOps).Version.ToString(); (Get-CellModel).Count -gt 0"
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match '9\.8\.7'
        $r.Output | Should -Match 'True'
    }

    It 'is refused with both versions and folders named, and the loaded one keeps working' {
        $r = Invoke-Fresh @"
Import-Module '$built/CellOps.psd1' -ErrorAction Stop
try { Import-Module '$upgrade/CellOps.psd1' -ErrorAction Stop; 'IMPORTED' } catch { "REFUSED: `$(`$_.Exception.Message)" }
"loaded: `$((Get-Module CellOps).Version) models: `$((Get-CellModel).Count -gt 0)"
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $text = $r.Output -replace '\s+', ' '
        $text | Should -Not -Match 'IMPORTED'
        $text | Should -Not -Match 'already present'
        $text | Should -Match "REFUSED: Cannot import CellOps 9\.8\.7 from '$([regex]::Escape($upgrade))'"
        $text | Should -Match "already loaded CellOps $([regex]::Escape($builtVersion)) from '$([regex]::Escape($built))'"
        $text | Should -Match 'Start a new PowerShell session'
        $text | Should -Match "loaded: $([regex]::Escape($builtVersion)) models: True"
    }

    It 'is refused after Remove-Module too (the old assemblies stay loaded)' {
        $r = Invoke-Fresh @"
Import-Module '$built/CellOps.psd1' -ErrorAction Stop
Remove-Module CellOps
try { Import-Module '$upgrade/CellOps.psd1' -ErrorAction Stop; 'IMPORTED' } catch { "REFUSED: `$(`$_.Exception.Message)" }
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        ($r.Output -replace '\s+', ' ') | Should -Match "REFUSED: Cannot import CellOps 9\.8\.7 .* Start a new PowerShell session"
    }

    It 'is not refused for the same build again (Import-Module -Force)' {
        $r = Invoke-Fresh @"
Import-Module '$built/CellOps.psd1' -ErrorAction Stop
Import-Module '$built/CellOps.psd1' -Force -ErrorAction Stop
Import-Module CellOps -ErrorAction Stop
"count: `$(@(Get-Module CellOps).Count) version: `$((Get-Module CellOps).Version) models: `$((Get-CellModel).Count -gt 0)"
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match "count: 1 version: $([regex]::Escape($builtVersion)) models: True"
    }
}
