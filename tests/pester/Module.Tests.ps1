# The module as pwsh loads it: what it exports, its help through the real Get-Help, and paths relative to
# the current location (which in pwsh is not the process's working folder).
BeforeDiscovery {
    # One help test per cmdlet the manifest exports.
    $exported = foreach ($name in (Import-PowerShellDataFile -LiteralPath (Join-Path $PSScriptRoot '../../out/CellOps/CellOps.psd1')).CmdletsToExport) {
        @{ Name = $name }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $manifest = Import-PowerShellDataFile -LiteralPath $ModuleManifest
    $commands = @(Get-Command -Module CellOps)
}

Describe 'The CellOps module' {
    It 'exports exactly the cmdlets its manifest lists, all binary cmdlets with approved verbs' {
        ($commands.Name | Sort-Object) -join ',' | Should -Be (($manifest.CmdletsToExport | Sort-Object) -join ',')
        $commands.Count | Should -Be 21
        $approved = (Get-Verb).Verb
        $commands | ForEach-Object {
            $_.CommandType | Should -Be 'Cmdlet'
            $approved | Should -Contain $_.Verb
        }
    }

    It 'gives <Name> help with a synopsis, a description, examples and every parameter described' -ForEach $exported {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeLike "$Name *" -Because 'a synopsis that is only the syntax means the help file is missing'
        $help.Synopsis.Length | Should -BeGreaterThan 40
        ($help.description.Text -join ' ').Length | Should -BeGreaterThan 100
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $declared = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($parameter in $declared) {
            $described = $help.parameters.parameter | Where-Object Name -eq $parameter
            ($described.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
        (Get-Command $Name).OutputType | Should -Not -BeNullOrEmpty -Because "$Name declares what it emits"
    }

    It 'has an about_CellOps topic whose see-also names every cmdlet' {
        $about = Get-Help about_CellOps | Out-String
        $about | Should -BeLike '*about_CellOps*'
        $seeAlso = ($about -split 'SEE ALSO')[-1]
        foreach ($name in $commands.Name) { $seeAlso | Should -Match "\b$([regex]::Escape($name))\b" }
    }
}

Describe 'Paths relative to the current location' {
    It 'resolves input, packages and every output against $PWD, not the process''s folder' {
        $null = New-FieldFolder -Name 'rel' -Count 3 -Seed 11
        $processFolder = [Environment]::CurrentDirectory
        Push-Location (Join-Path $TestDrive 'rel')
        try {
            $PWD.Path | Should -Not -Be $processFolder
            $m = Import-Micrograph ./*_phase.png -PairWith { $_.FullName -replace '_phase', '_gfp' }
            $m.Count | Should -Be 3
            $tiles = $m | New-TileSet -Size 64 -Target Label -AreaFraction 0.3
            $trained = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 -HyperParameter $TinyClassifier -Threads 1 -OutFile rel.cellmodel
            $result = $tiles | Invoke-CellModel ./rel.cellmodel -Threads 1
            $null = $m | Export-Micrograph png
            $null = $m | Export-ContactSheet sheet.png
            $null = $result | Export-VirtualStain stain
            $null = $result | Export-CellReport report -TrainedModel $trained
            $null = $tiles | Export-AttentionMap ./rel.cellmodel maps -Threads 1
        } finally { Pop-Location }
        $trained.Path | Should -Be (Join-Path $TestDrive 'rel/rel.cellmodel')
        $result.Count | Should -Be 27
        foreach ($written in 'rel.cellmodel', 'png/field0_phase.png', 'sheet.png', 'stain/field0_phase.overlay.png', 'report/metrics.json', 'maps') {
            Test-Path -LiteralPath (Join-Path $TestDrive "rel/$written") | Should -BeTrue -Because "$written is written under the current location"
            Test-Path -LiteralPath (Join-Path $processFolder $written) | Should -BeFalse
        }
    }
}
