# CellOps keeps its libraries (TorchSharp, SkiaSharp, OpenCvSharp, ScottPlot, ...) in its own load
# context, so another module that ships a different version of one of them works beside CellOps, loaded
# before it or after it. The other module is tests/modules/SkiaClash, a plain binary module with
# SkiaSharp 2.88 (CellOps uses 3.x), built with the solution into out/testmodules. Each case runs in a
# fresh pwsh, since which module loads first is the point.
BeforeAll {
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $cellops = Join-Path $repo 'out/CellOps/CellOps.psd1'
    $clash = Join-Path $repo 'out/testmodules/SkiaClash/SkiaClash.psd1'
    $smears = Join-Path $repo 'examples/data/bccd'
    # This PowerShell, started afresh (as a dotnet tool its process is dotnet, so not ProcessPath).
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

    # A user's session: both modules, the pipeline import → tile → train (TorchSharp and a plugin) →
    # predict → report (ScottPlot on SkiaSharp), then the other module's own SkiaSharp drawing.
    $session = @'
param([string] $CellOps, [string] $Clash, [string] $Smears, [string] $Out, [switch] $CellOpsFirst)
$ErrorActionPreference = 'Stop'
$result = [ordered]@{}
New-Item -ItemType Directory $Out -Force | Out-Null
if ($CellOpsFirst) { Import-Module $CellOps } else { Import-Module $Clash; $result.SkiaBefore = (New-SkiaClashImage "$Out/before.png").SkiaSharpVersion }
Import-Module $CellOps, $Clash
$fields = Import-Micrograph "$Smears/BloodImage_0000[0-3].jpg" -Channel 1 -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
$tiles = $fields | New-TileSet -Size 64 -Target Label -AreaFraction 0.2
$model = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -Seed 1 -HyperParameter @{ Depth = 2; BaseWidth = 8 } -Threads 1 -ValidationFraction 0.25
$report = $tiles | Invoke-CellModel $model -Threads 1 | Export-CellReport "$Out/report" -PassThru -Force
$result.ReportFiles = @($report.Files | ForEach-Object Name)
$result.IsTrainedModel = $model -is [CellOps.Runtime.Training.TrainedModel]
$result.SkiaAfter = (New-SkiaClashImage "$Out/after.png").SkiaSharpVersion
$result | ConvertTo-Json -Compress
'@
    $sessionFile = Join-Path $TestDrive 'session.ps1'
    Set-Content -LiteralPath $sessionFile -Value $session

    function Invoke-Session([string] $Out, [switch] $CellOpsFirst) {
        $output = & $pwsh -NoProfile -NonInteractive -File $sessionFile `
            -CellOps $cellops -Clash $clash -Smears $smears -Out $Out -CellOpsFirst:$CellOpsFirst 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        ($output.Trim() -split "`n")[-1] | ConvertFrom-Json
    }
}

Describe 'CellOps beside a module with another SkiaSharp' {
    BeforeAll {
        if (-not (Test-Path -LiteralPath $clash)) { throw "The test module is not built: $clash (dotnet build CellOps.sln -c Release)" }
    }

    It 'trains, predicts and writes its report figures when the other module loaded SkiaSharp 2.88 first' {
        $r = Invoke-Session (Join-Path $TestDrive 'other-first')
        $r.SkiaBefore | Should -BeLike '2.88.*'
        $r.ReportFiles | Should -Contain 'roc.png'
        $r.ReportFiles | Should -Contain 'confusion.png'
        $r.IsTrainedModel | Should -BeTrue
        $r.SkiaAfter | Should -BeLike '2.88.*'
        Test-Path (Join-Path $TestDrive 'other-first/report/roc.png') | Should -BeTrue
    }

    It 'leaves the other module its own SkiaSharp when CellOps loaded first' {
        $r = Invoke-Session (Join-Path $TestDrive 'cellops-first') -CellOpsFirst
        $r.ReportFiles | Should -Contain 'roc.png'
        $r.SkiaAfter | Should -BeLike '2.88.*'
        Test-Path (Join-Path $TestDrive 'cellops-first/after.png') | Should -BeTrue
    }
}

Describe 'The module folder' {
    It 'keeps every library but the loader and the cmdlets out of PowerShell''s sight, in lib' {
        $top = Get-ChildItem (Split-Path $cellops) -File -Filter '*.dll' | ForEach-Object Name
        $top | Sort-Object | Should -Be @('CellOps.Loader.dll', 'CellOps.PowerShell.dll')
        Test-Path (Join-Path (Split-Path $cellops) 'lib/TorchSharp.dll') | Should -BeTrue
    }

    It 'has cmdlets that reference only PowerShell, .NET and CellOps (so the default context never asks for a library of ours)' {
        # Read in a load context of its own, so this process's default context is left as it was.
        $context = [Runtime.Loader.AssemblyLoadContext]::new('CellOps.Isolation.Tests', $true)
        try {
            $cmdlets = $context.LoadFromAssemblyPath((Join-Path (Split-Path $cellops) 'CellOps.PowerShell.dll'))
            $foreign = $cmdlets.GetReferencedAssemblies().Name.Where({ $_ -notmatch '^(System(\..+)?|netstandard|CellOps\..+)$' })
        }
        finally { $context.Unload() }
        $foreign | Should -BeNullOrEmpty
    }

    It 'loads CellOps'' libraries into its own load context, not the default one' {
        $script = "Import-Module '$cellops'; `$a = [CellOps.Sdk.Imaging.Micrograph].Assembly; " +
            "[Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$a).Name; " +
            "[Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.Where({ `$_.GetName().Name -in 'TorchSharp', 'SkiaSharp', 'CellOps.Sdk', 'OpenCvSharp' }).Count"
        $output = & $pwsh -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        $output | Should -Be @('CellOps', '0')
    }
}
