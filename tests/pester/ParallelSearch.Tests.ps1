# Start-CellTraining -Optimize -Scheduler in real pwsh: a tiny Cardiomyocyte search whose trials run as two tasks at
# once on the local scheduler and, where `sinfo` answers (CI starts a one-node cluster with eng/slurm.sh), on Slurm.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $data = New-FieldFolder -Name 'search-fields' -Count 4 -Seed 17
    $tiles = Import-Field $data | New-TileSet -Size 64 -Target Label -AreaFraction 0.3

    $state = if (Get-Command sinfo -ErrorAction SilentlyContinue) { sinfo -h -o '%T' 2>$null | Select-Object -First 1 }
    $script:SlurmUp = $state -match '^(idle|mixed|allocated|completing)'
    $script:SlurmMissing = "no Slurm cluster answers here (sinfo: '$state'); bash eng/slurm.sh start, then export SLURM_CONF as it says"
}

Describe 'A parallel search on the <Scheduler> scheduler' -ForEach @(@{ Scheduler = 'Local' }, @{ Scheduler = 'Slurm' }) {
    It 'runs four trials two at a time as tasks and writes the best trial''s model' {
        if ($Scheduler -eq 'Slurm' -and -not $SlurmUp) { Set-ItResult -Skipped -Because $SlurmMissing; return }
        $out = Join-Path $TestDrive "$Scheduler-best.cellmodel"
        $jobPath = Join-Path $TestDrive "$Scheduler-trials"
        $output = @($tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 4 -Scheduler $Scheduler -ParallelTrials 2 -JobPath $jobPath `
                -Epochs 1 -Seed 5 -HyperParameter $TinyClassifier -OutFile $out -WarningVariable warnings)
        $trials = @($output | Where-Object { $_ -is [CellOps.Runtime.Search.SearchTrial] })
        $trained = $output[-1]

        # The trials' table: four trials, each its own values and package, one best.
        $trials.Count | Should -Be 4 -Because ($warnings -join '; ')
        ($trials.Number | Sort-Object) -join ',' | Should -Be '1,2,3,4'
        @($trials.Searched | Sort-Object -Unique).Count | Should -Be 4
        $trials | ForEach-Object { $_.Score | Should -BeGreaterThan 0; $_.Epochs | Should -Be 1; Test-Path -LiteralPath $_.Package | Should -BeTrue }
        $best = @($trials | Where-Object IsBest)
        $best.Count | Should -Be 1
        $best[0].Score | Should -Be ($trials | Measure-Object Score -Minimum).Minimum

        # The job: four training trial tasks, never more than two submitted at once.
        $job = Get-CellJob $jobPath
        $job.TaskCount | Should -Be 4
        $job.Done | Should -Be 4
        $job.Submissions.Count | Should -BeGreaterOrEqual 2

        # The package written is the best trial's, with the search in its manifest.
        $trained | Should -BeOfType CellOps.Runtime.Training.TrainedModel
        $trained.Path | Should -Be $out
        $trained.ValidationLoss | Should -Be $best[0].Score
        $package = [CellOps.Runtime.Packaging.ModelPackage]::Open($out, [CellOps.Sdk.SdkVersion]::Current)
        try { $search = $package.Manifest.Search } finally { $package.Dispose() }
        $search.PlannedTrials | Should -Be 4
        $search.BestTrial | Should -Be $best[0].Number
        $search.Method | Should -Match 'constant liar, CL-min'
    }
}

Describe 'Start-CellTraining -Scheduler' {
    It 'cancels the running trials'' tasks when the search is stopped' {
        $jobPath = Join-Path $TestDrive 'stopped-trials'
        $out = Join-Path $TestDrive 'stopped.cellmodel'
        $search = Start-ThreadJob {
            Import-Module $using:ModuleManifest
            $using:tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 6 -Scheduler Local -ParallelTrials 2 -JobPath $using:jobPath `
                -Epochs 500 -HyperParameter $using:TinyClassifier -OutFile $using:out
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not ((Test-Path (Join-Path $jobPath 'job.json')) -and (Get-CellJob $jobPath).Running -eq 2) -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 200
        }
        (Get-CellJob $jobPath).Running | Should -Be 2
        $search | Stop-Job
        $search | Remove-Job -Force

        $stopped = Wait-CellJob $jobPath -Timeout 30 -PollInterval 0.5
        $stopped.TaskCount | Should -Be 2
        $stopped.Failed | Should -Be 2
        $stopped.Tasks | ForEach-Object { $_.Message | Should -Match 'cancelled' }
        # Gone, or a zombie its new parent has not reaped yet (drivers are started detached): nothing runs.
        foreach ($submission in $stopped.Submissions) { Get-Content "/proc/$($submission -replace '^local:')/cmdline" -Raw -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
        Test-Path $out | Should -BeFalse
        Receive-CellJob $jobPath -ErrorVariable notPredictions -ErrorAction SilentlyContinue
        $notPredictions[0] | Get-ErrorId | Should -Be 'NotPredictionJob'
    }

    It 'asks for -Scheduler where the trials'' job parameters are given without it' {
        { $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 2 -ParallelTrials 2 -HyperParameter $TinyClassifier -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParallelWithoutScheduler,CellOps.PowerShell.Commands.StartCellTrainingCommand'
    }
}
