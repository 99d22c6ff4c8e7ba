# Submit-CellJob and the other job cmdlets in real pwsh, on the local scheduler and, where `sinfo` answers (CI
# starts a one-node cluster with eng/slurm.sh), on Slurm: a sharded prediction of four tiny fields received
# as one Invoke-CellModel gives it, a failed task run again alone, and a job cancelled.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $data = New-FieldFolder -Count 4 -Seed 17
    $model = Import-Field $data | New-TileSet -Size 64 -Target Label -AreaFraction 0.3 |
        Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 2 -Seed 3 -LearningRate 0.01 -HyperParameter $TinyClassifier -Threads 1 -OutFile (Join-Path $TestDrive 'cm.cellmodel')
    $files = @(Get-ChildItem (Join-Path $data '*_phase.png') | Sort-Object Name)
    # The tasks import the files with Import-Micrograph's defaults: so does the reference.
    $local = Import-Micrograph $files.FullName | Invoke-CellModel $model -Threads 1

    $state = if (Get-Command sinfo -ErrorAction SilentlyContinue) { sinfo -h -o '%T' 2>$null | Select-Object -First 1 }
    $script:SlurmUp = $state -match '^(idle|mixed|allocated|completing)'
    $script:SlurmMissing = "no Slurm cluster answers here (sinfo: '$state'); bash eng/slurm.sh start, then export SLURM_CONF as it says"

    function Get-Probabilities($Result) { ($Result.Tiles | ForEach-Object { $_.Probabilities -join ',' }) -join ';' }
}

Describe 'Jobs on the <Scheduler> scheduler' -ForEach @(@{ Scheduler = 'Local' }, @{ Scheduler = 'Slurm' }) {
    It 'predicts the micrographs in shards and receives what one Invoke-CellModel gives' {
        if ($Scheduler -eq 'Slurm' -and -not $SlurmUp) { Set-ItResult -Skipped -Because $SlurmMissing; return }
        $job = $files | Submit-CellJob $model -JobPath (Join-Path $TestDrive "$Scheduler-all") -Scheduler $Scheduler -TaskCount 3 -ModelParameter @{ Threads = 1 }
        $job.TaskCount | Should -Be 3
        ($job.Tasks | ForEach-Object { $_.Inputs.Count }) -join ',' | Should -Be '2,1,1'

        $finished = $job | Wait-CellJob -Timeout 120 -PollInterval 0.5
        $finished.Done | Should -Be 3 -Because ($finished.Tasks.Message -join '; ')
        $received = @(Receive-CellJob $job.Path)
        $received.Count | Should -Be 1
        $received[0].Count | Should -Be $local.Count
        ($received[0].Micrographs.Micrograph -join ',') | Should -Be ($local.Micrographs.Micrograph -join ',')
        Get-Probabilities $received[0] | Should -Be (Get-Probabilities $local)
        ($received[0].Micrographs.MeanPositiveProbability -join ',') | Should -Be ($local.Micrographs.MeanPositiveProbability -join ',')
        @(Receive-CellJob $job.Path -PerTask).Count | Should -Be 3

        # Export-CellReport writes the same files from either.
        $received[0] | Export-CellReport (Join-Path $TestDrive "$Scheduler-report-job")
        $local | Export-CellReport (Join-Path $TestDrive "$Scheduler-report-local")
        $written = @(Get-ChildItem (Join-Path $TestDrive "$Scheduler-report-job") -File)
        $written.Count | Should -BeGreaterThan 0
        foreach ($file in $written) {
            (Get-FileHash $file.FullName).Hash | Should -Be (Get-FileHash (Join-Path $TestDrive "$Scheduler-report-local/$($file.Name)")).Hash -Because $file.Name
        }
    }

    It 'reports a failed task with its log and, resubmitted, runs only that task again' {
        if ($Scheduler -eq 'Slurm' -and -not $SlurmUp) { Set-ItResult -Skipped -Because $SlurmMissing; return }
        $copy = New-Item -ItemType Directory (Join-Path $TestDrive "$Scheduler-copy")
        $files | Copy-Item -Destination $copy
        $broken = Join-Path $copy 'field3_phase.png'
        $good = [IO.File]::ReadAllBytes($broken)
        [IO.File]::WriteAllBytes($broken, [byte[]](1..64))
        $jobPath = Join-Path $TestDrive "$Scheduler-retry"
        $job = Submit-CellJob $model (Join-Path $copy '*_phase.png') -JobPath $jobPath -Scheduler $Scheduler -TaskCount 2 -ModelParameter @{ Threads = 1 } |
            Wait-CellJob -Timeout 120 -PollInterval 0.5
        ($job.Tasks.State -join ',') | Should -Be 'Done,Failed'
        $job.Tasks[1].Message | Should -Match 'field3_phase'

        $partial = @(Receive-CellJob $jobPath -ErrorVariable failures -ErrorAction SilentlyContinue)
        $partial[0].Micrographs.Count | Should -Be 2
        $failures[0] | Get-ErrorId | Should -Be 'TaskFailed'
        $failures[0].Exception.Message | Should -Match 'log .*task-1\.log ends'
        $failures[0].Exception.Message | Should -Match 'field3_phase'

        $firstOutput = (Get-Item $job.Tasks[0].Output).LastWriteTimeUtc
        [IO.File]::WriteAllBytes($broken, $good)
        $again = Submit-CellJob -JobPath $jobPath -Resume | Wait-CellJob -Timeout 120 -PollInterval 0.5
        ($again.Tasks.Attempts -join ',') | Should -Be '1,2'
        $again.Done | Should -Be 2
        (Get-Item $again.Tasks[0].Output).LastWriteTimeUtc | Should -Be $firstOutput
        Get-Probabilities (Receive-CellJob $jobPath) | Should -Be (Get-Probabilities $local)

        $nothing = Submit-CellJob -JobPath $jobPath -Resume
        ($nothing.Tasks.Attempts -join ',') | Should -Be '1,2'
    }

    It 'fails a task killed midway and, resubmitted, runs it again alone' {
        if ($Scheduler -eq 'Slurm' -and -not $SlurmUp) { Set-ItResult -Skipped -Because $SlurmMissing; return }
        $jobPath = Join-Path $TestDrive "$Scheduler-killed"
        $job = $files | Submit-CellJob $model -JobPath $jobPath -Scheduler $Scheduler -TaskCount 2 -ThrottleLimit 1 -ModelParameter @{ Threads = 1 }
        # The first task reports itself running once its module is loaded, before it reads or predicts anything.
        $status = Join-Path $jobPath 'status/task-0.json'
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        $report = $null
        while ([DateTime]::UtcNow -lt $deadline) {
            if (Test-Path $status) { $report = Get-Content $status -Raw -ErrorAction SilentlyContinue | ConvertFrom-Json -ErrorAction SilentlyContinue }
            if ($report.State -eq 'Running' -and $report.ProcessId -gt 0) { break }
            Start-Sleep -Milliseconds 50
        }
        $report.State | Should -Be 'Running'
        Stop-Process -Id $report.ProcessId -Force

        $finished = $job | Wait-CellJob -Timeout 120 -PollInterval 0.5
        $finished.Tasks[0].State | Should -Be 'Failed' -Because ($finished.Tasks.Message -join '; ')
        $finished.Tasks[1].State | Should -Be 'Done'
        $again = Submit-CellJob -JobPath $jobPath -Resume | Wait-CellJob -Timeout 120 -PollInterval 0.5
        ($again.Tasks.Attempts -join ',') | Should -Be '2,1'
        $again.Done | Should -Be 2 -Because (($again.Tasks | ForEach-Object { "task $($_.Index): $($_.State), $($_.Message)" }) -join '; ')
        Get-Probabilities (Receive-CellJob $jobPath) | Should -Be (Get-Probabilities $local)
    }

    It 'cancels the running and pending tasks with Stop-CellJob' {
        if ($Scheduler -eq 'Slurm' -and -not $SlurmUp) { Set-ItResult -Skipped -Because $SlurmMissing; return }
        $job = $files | Submit-CellJob $model -JobPath (Join-Path $TestDrive "$Scheduler-stop") -Scheduler $Scheduler -TaskCount 4 -ThrottleLimit 1 -ModelParameter @{ Threads = 1 }
        # One at a time: stopped once a task runs, the job has one running and later ones waiting.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Get-CellJob $job.Path).Running -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $job | Stop-CellJob
        $stopped = $job | Wait-CellJob -Timeout 60 -PollInterval 0.5
        $stopped.Finished | Should -BeTrue
        $stopped.Failed | Should -BeGreaterOrEqual 1
        $stopped.Done + $stopped.Failed | Should -Be 4
        $stopped.Tasks | Where-Object State -eq Failed | ForEach-Object { $_.Message | Should -Match 'cancelled by Stop-CellJob' }
        if ($Scheduler -eq 'Local') {
            $driver = $stopped.Submissions[0] -replace '^local:'
            # Gone, or a zombie its new parent has not reaped yet (the driver is started detached): nothing runs.
            Get-Content "/proc/$driver/cmdline" -Raw -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        else {
            squeue -h -j ($stopped.Submissions[0] -replace '^slurm:') 2>$null | Should -BeNullOrEmpty
        }
    }
}

Describe 'Receive-CellJob' {
    It 'gives a dense model''s maps and figure as Invoke-CellModel gives them' {
        $null = Invoke-TinySegmentation -Epochs 1
        $segmenter = Join-Path $TestDrive 'cd.cellmodel'
        $colonies = @(Get-ChildItem (Join-Path $TestDrive 'colonies/colony?.png') | Sort-Object Name)
        $job = $colonies | Submit-CellJob $segmenter -JobPath (Join-Path $TestDrive 'dense') -TaskCount 2 -ModelParameter @{ Threads = 1 } |
            Wait-CellJob -Timeout 120 -PollInterval 0.5
        $job.Done | Should -Be 2 -Because ($job.Tasks.Message -join '; ')
        $received = Receive-CellJob $job.Path
        $direct = Import-Micrograph $colonies.FullName | Invoke-CellModel $segmenter -Threads 1
        $received.MapCoverage | Should -Be $direct.MapCoverage
        # The figure reads each micrograph's pixels again from its file and lays the cells over it.
        $received | Export-SegmentationFigure (Join-Path $TestDrive 'job.png')
        $direct | Export-SegmentationFigure (Join-Path $TestDrive 'direct.png')
        (Get-FileHash (Join-Path $TestDrive 'job.png')).Hash | Should -Be (Get-FileHash (Join-Path $TestDrive 'direct.png')).Hash
    }
}

Describe 'Submit-CellJob' {
    It 'writes nothing under -WhatIf and refuses a folder that already holds a job' {
        $jobPath = Join-Path $TestDrive 'whatif'
        $files | Submit-CellJob $model -JobPath $jobPath -WhatIf
        Test-Path $jobPath | Should -BeFalse
        New-Item -ItemType Directory $jobPath | Out-Null
        Set-Content (Join-Path $jobPath 'job.json') '{}'
        { $files | Submit-CellJob $model -JobPath $jobPath -ErrorAction Stop } | Should -Throw -ErrorId 'JobExists,CellOps.PowerShell.Commands.SubmitCellJobCommand'
    }

    It 'says a folder holds no job' {
        Get-CellJob (Join-Path $TestDrive 'nothing') -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0] | Get-ErrorId | Should -Be 'JobNotFound'
    }
}
