#Requires -Version 7.4
<#
    The module as a user gets it: packed by eng/pack.ps1 (what build.ps1 -Pack runs), published with
    Publish-PSResource to a local folder repository, installed from it with Install-PSResource and run
    from its install folder in a fresh pwsh. Publishing, installing and running happen in child pwsh
    processes whose HOME and XDG folders lie under $TestDrive, so the repository registration,
    PSResourceGet's settings and the CurrentUser installation never touch the user's own.
#>

BeforeAll {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $builtModule = Join-Path $repoRoot 'out/CellOps'
    $platformCheck = Join-Path $builtModule 'CellOps.Platform.ps1'
    # libtorch's Python bindings and test backends, which the build leaves out (UnusedTorchLibraries.targets).
    $unusedTorchLibraries = 'libtorch_python.so', 'libshm.so', 'libtorch_global_deps.so', 'libnnapi_backend.so',
        'libjitbackend_test.so', 'libbackend_with_compiler.so', 'libaoti_custom_ops.so', 'libtorchbind_test.so'

    # Runs a script file in a new pwsh with its own home under $TestDrive and the default module path
    # (no out/CellOps on it): PSResourceGet keeps its repository list and CurrentUser installs there. Returns the exit code, stderr and the objects the script wrote as JSON
    # on its last line of output.
    function Invoke-IsolatedPwsh {
        param([string] $Name, [string] $Script, [string[]] $Arguments = @())
        $isolatedHome = Join-Path $TestDrive 'home'
        $scriptPath = Join-Path $TestDrive "$Name.ps1"
        Set-Content -LiteralPath $scriptPath -Value $Script
        # pwsh installed as a .NET tool runs as `dotnet pwsh.dll`.
        $processPath = [Environment]::ProcessPath
        $start = [System.Diagnostics.ProcessStartInfo]::new($processPath)
        if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
            $start.ArgumentList.Add([System.Reflection.Assembly]::GetEntryAssembly().Location)
        }
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $scriptPath) + $Arguments) { $start.ArgumentList.Add($a) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.WorkingDirectory = $TestDrive
        $start.Environment['HOME'] = $isolatedHome
        # The folders must exist: where XDG_DATA_HOME does not, .NET reports no LocalApplicationData
        # and PSResourceGet keeps its repository list relative to the working directory instead.
        foreach ($xdg in @{ XDG_DATA_HOME = '.local/share'; XDG_CONFIG_HOME = '.config'; XDG_CACHE_HOME = '.cache'; TMPDIR = 'tmp' }.GetEnumerator()) {
            $start.Environment[$xdg.Key] = (New-Item -ItemType Directory -Force -Path (Join-Path $isolatedHome $xdg.Value)).FullName
        }
        $start.Environment.Remove('PSModulePath') | Out-Null
        $process = [System.Diagnostics.Process]::Start($start)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $last = @($stdout -split "`n" | Where-Object { $_.Trim() }) | Select-Object -Last 1
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            Output   = if ($process.ExitCode -eq 0 -and $last) { $last | ConvertFrom-Json } else { $null }
            Log      = "exit code $($process.ExitCode)`n$stdout`n$($stderr.Result)"
        }
    }
}

Describe 'Publishing and installing CellOps' {
    BeforeAll {
        $links = @{ ProjectUri = 'https://cellops.test/project'; LicenseUri = 'https://cellops.test/license'; HelpInfoUri = 'https://cellops.test/help/'; OnlineHelpUri = 'https://cellops.test/help/{0}' }
        # PSResourceGet writes its repository list on first use; the user's must stay as it was.
        $userRepositories = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
        $userRepositoriesBefore = if (Test-Path -LiteralPath $userRepositories) { Get-Content -LiteralPath $userRepositories -Raw }
        $repository = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'repository')

        $published = Invoke-IsolatedPwsh -Name 'publish' -Script @'
param([string] $Pack, [string] $Module, [string] $Artifacts, [string] $Repository, [string] $ProjectUri, [string] $LicenseUri, [string] $HelpInfoUri, [string] $OnlineHelpUri)
$ErrorActionPreference = 'Stop'
$packTime = Measure-Command {
    $nupkg = & $Pack -ModulePath $Module -DestinationPath $Artifacts -Format Nupkg -ProjectUri $ProjectUri -LicenseUri $LicenseUri -HelpInfoUri $HelpInfoUri -OnlineHelpUri $OnlineHelpUri
}
Register-PSResourceRepository -Name CellOpsTest -Uri $Repository -Trusted
$publishTime = Measure-Command { Publish-PSResource -NupkgPath $nupkg.FullName -Repository CellOpsTest }
$installTime = Measure-Command { Install-PSResource -Name CellOps -Repository CellOpsTest -Scope CurrentUser -TrustRepository }
$installed = Get-InstalledPSResource -Name CellOps -Scope CurrentUser
[pscustomobject]@{
    Package        = $nupkg.Name
    MB             = $nupkg.Length / 1MB
    PackSeconds    = $packTime.TotalSeconds
    PublishSeconds = $publishTime.TotalSeconds
    InstallSeconds = $installTime.TotalSeconds
    Version        = $installed.Version.ToString()
    Location       = Join-Path $installed.InstalledLocation "CellOps/$($installed.Version)"
    Repositories   = @(Get-PSResourceRepository | ForEach-Object Name)
} | ConvertTo-Json -Compress
'@ -Arguments @(
            '-Pack', (Join-Path $repoRoot 'eng/pack.ps1'), '-Module', $builtModule, '-Artifacts', (Join-Path $TestDrive 'artifacts'),
            '-Repository', $repository.FullName, '-ProjectUri', $links.ProjectUri, '-LicenseUri', $links.LicenseUri, '-HelpInfoUri', $links.HelpInfoUri, '-OnlineHelpUri', $links.OnlineHelpUri)
        $published.ExitCode | Should -Be 0 -Because $published.Log
        $installedModule = $published.Output.Location
        Write-Host ("    pack {0:n1} s, publish {1:n1} s, install {2:n1} s ({3:n0} MB package)" -f
            $published.Output.PackSeconds, $published.Output.PublishSeconds, $published.Output.InstallSeconds, $published.Output.MB)
    }

    It 'packs a manifest that Test-ModuleManifest accepts, with the publisher''s links in the packed copy only' {
        $published.Output.Package | Should -Be 'CellOps.0.1.0.nupkg'
        $manifest = Test-ModuleManifest -Path (Join-Path $installedModule 'CellOps.psd1')
        $manifest.Version | Should -Be '0.1.0'
        $manifest.ProjectUri | Should -Be $links.ProjectUri
        $manifest.LicenseUri | Should -Be $links.LicenseUri
        $manifest.HelpInfoUri | Should -Be $links.HelpInfoUri
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.Tags | Should -Contain 'PSEdition_Core'
        $manifest.Tags | Should -Contain 'Linux'
        $manifest.Description | Should -BeLike '*Linux x64 only*'
        $source = Test-ModuleManifest -Path (Join-Path $builtModule 'CellOps.psd1')
        $source.ProjectUri | Should -BeNullOrEmpty
        $source.LicenseUri | Should -BeNullOrEmpty
        $source.HelpInfoUri | Should -BeNullOrEmpty
    }

    It 'publishes to a local folder repository and installs from it under the isolated home only' {
        Join-Path $repository 'CellOps.0.1.0.nupkg' | Should -Exist
        $published.Output.Version | Should -Be '0.1.0'
        $published.Output.Repositories | Should -Contain 'CellOpsTest'
        $installedModule | Should -BeLike "$(Join-Path $TestDrive 'home')/*"
        Join-Path $TestDrive 'home/.local/share/PSResourceGet/PSResourceRepository.xml' | Should -FileContentMatch 'CellOpsTest'
        Join-Path $installedModule 'LICENSE' | Should -FileContentMatch 'MIT License'
        $userRepositoriesAfter = if (Test-Path -LiteralPath $userRepositories) { Get-Content -LiteralPath $userRepositories -Raw }
        $userRepositoriesAfter | Should -Be $userRepositoriesBefore
    }

    It 'ships without libtorch''s Python bindings and test backends, and with the libraries it loads' {
        # The module's libraries are in its lib folder (CellOps' own load context; see module/CellOps.psd1).
        $files = (Get-ChildItem -LiteralPath (Join-Path $installedModule 'lib') -File).Name
        $files | Where-Object { $_ -in $unusedTorchLibraries } | Should -BeNullOrEmpty
        $files | Should -Contain 'libtorch_cpu.so'
        $files | Should -Contain 'libLibTorchSharp.so'
    }

    It 'imports by name in a fresh pwsh and lists models, imports a micrograph, trains and predicts' {
        $run = Invoke-IsolatedPwsh -Name 'use' -Arguments (Join-Path $repoRoot 'examples/data/bccd'), (Join-Path $TestDrive 'tiny.cellmodel') -Script @'
param([string] $Smears, [string] $ModelFile)
$ErrorActionPreference = 'Stop'
Import-Module CellOps
$models = Get-CellModel
$micrographs = Import-Micrograph (Join-Path $Smears 'BloodImage_0000[01].jpg')
$tiles = $micrographs | New-TileSet -Size 64 -WholeImage -ClassFrom { $_.Name }
$trained = $tiles | Start-CellTraining Leukocyte.WNet -HyperParameter @{ Depth = 1; BaseWidth = 4; HiddenUnits = 8 } -Threads 1 -Epochs 1 -ValidationFraction 0 -OutFile $ModelFile
$prediction = $micrographs | Invoke-CellModel $ModelFile -Threads 1
[pscustomobject]@{
    ModuleBase    = (Get-Module CellOps).ModuleBase
    Models        = @($models.Name)
    ModelFolders  = @($models.Folder)
    Sizes         = @($micrographs | ForEach-Object { "$($_.Width)x$($_.Height)x$($_.ChannelCount)" })
    Loss          = $trained.Loss
    Predicted     = $prediction.Count
    # The libtorch this process mapped: it must be the installed copy's.
    OnlineHelp    = $(
        # Get-Help -Online hands the address to xdg-open; this one only writes it down.
        $bin = New-Item -ItemType Directory -Force -Path (Join-Path ([System.IO.Path]::GetTempPath()) 'bin')
        $opened = Join-Path $bin 'opened.txt'
        Set-Content -LiteralPath (Join-Path $bin 'xdg-open') -Value "#!/bin/sh`nprintf '%s' `"`$1`" > '$opened'"
        chmod +x (Join-Path $bin 'xdg-open')
        $env:PATH = "$bin$([System.IO.Path]::PathSeparator)$env:PATH"
        Get-Help Get-CellModel -Online
        for ($i = 0; $i -lt 50 -and -not (Test-Path -LiteralPath $opened); $i++) { Start-Sleep -Milliseconds 100 }
        Get-Content -LiteralPath $opened -Raw
    )
    Synopsis      = (Get-Help Get-CellModel).Synopsis
    Torch         = @(Get-Content /proc/self/maps | Where-Object { $_ -match 'libtorch_cpu\.so' } | ForEach-Object { ($_ -split '\s+')[-1] } | Select-Object -Unique)
} | ConvertTo-Json -Compress
'@
        $run.ExitCode | Should -Be 0 -Because $run.Log
        $used = $run.Output
        $used.ModuleBase | Should -Be $installedModule
        $used.Models | Should -Contain 'Leukocyte.WNet'
        $used.Models | Should -Contain 'NeuralFate.ResNet18'
        $used.ModelFolders | ForEach-Object { $_ | Should -BeLike "$installedModule/plugins/*" }
        $used.Sizes | Should -Be @('640x480x3', '640x480x3')
        $used.Loss | Should -BeGreaterThan 0
        $used.Predicted | Should -Be 2
        $used.OnlineHelp | Should -Be 'https://cellops.test/help/Get-CellModel'
        $used.Synopsis | Should -Not -BeLike 'Get-CellModel*'
        $used.Torch | Should -Be @((Join-Path $installedModule 'lib/libtorch_cpu.so'))
        Join-Path $TestDrive 'tiny.cellmodel' | Should -Exist
    }
}

Describe 'The platform check that runs before the module loads' {
    It 'is in the manifest''s ScriptsToProcess' {
        (Test-ModuleManifest -Path (Join-Path $builtModule 'CellOps.psd1')).Scripts | Should -Contain $platformCheck
    }

    It 'lets Linux x64 through' {
        { & $platformCheck } | Should -Not -Throw
    }

    It 'stops the import on <OperatingSystem> <Architecture> with a message that names it' -TestCases @(
        @{ OperatingSystem = 'Windows'; Architecture = 'X64' }
        @{ OperatingSystem = 'macOS'; Architecture = 'Arm64' }
        @{ OperatingSystem = 'Linux'; Architecture = 'Arm64' }
    ) {
        { & $platformCheck -OperatingSystem $OperatingSystem -Architecture $Architecture } |
            Should -Throw -ExceptionType ([System.PlatformNotSupportedException]) -ExpectedMessage "CellOps runs only on Linux x64, and this is $OperatingSystem $Architecture.*"
    }
}
