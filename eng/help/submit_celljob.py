HELP = {
    "name": "Submit-CellJob",
    "synopsis": "Runs a model over many micrographs as a job of parallel tasks, on this machine or on a Slurm cluster.",
    "description": """
Submit-CellJob splits the micrographs into -TaskCount contiguous shards (in input order) and writes a job
folder: job.json (the inputs, the model package, the Invoke-CellModel parameters, the shards, each task's
attempts and submissions), task.ps1 and task.sh (what a task runs), and logs/, status/ and results/. Then
it submits one task per shard: with -Scheduler Local, processes on this machine (a driver in its own
process group runs -ThrottleLimit of them at once, by default one per -Cpus cores; it goes on after the
session ends); with -Scheduler Slurm, one job array (sbatch --array=0-(N-1)%ThrottleLimit with
--cpus-per-task, --mem, --time, --gres=gpu:N and --partition from the parameters, and --export passing
PATH, HOME, LANG, PSModulePath, DOTNET_ROOT and every CELLOPS_ variable such as CELLOPS_PLUGIN_PATH and
CELLOPS_DEVICE). It emits the CellJob (see Get-CellJob).

Each task starts the same pwsh as this session and imports the same CellOps build (by its path, so the
folder must be reachable from the cluster's nodes, as must the micrographs, the model and the job
folder), runs Import-Micrograph on its files (with the defaults: pairs, channel choices and metadata given
to Import-Micrograph in this session are not carried) and Invoke-CellModel, and saves its results in
results/task-N.json. Receive-CellJob gathers them.

-Resume submits an existing job's tasks again that are failed or ended without results, leaving done ones
(and ones the scheduler still holds) alone; a task already tried -MaxAttempts times is not submitted again
(a TaskAttemptsExhausted error). A folder that already holds a job is an error (JobExists) without -Resume.
A scheduler that refuses the job (sbatch missing or failing) is a terminating SchedulerFailed error.
""",
    "syntax": [
        ["Model", "Path", "JobPath", "Scheduler", "TaskCount", "Cpus", "MemoryMB", "TimeLimit", "Gpus", "ThrottleLimit", "Partition", "ModelParameter", "WhatIf", "Confirm"],
        ["JobPath", "Resume", "MaxAttempts", "WhatIf", "Confirm"],
    ],
    "parameters": [
        {"name": "Model", "type": "Object", "required": True, "position": "0",
         "description": "The model package: a .cellmodel path, or a TrainedModel from Start-CellTraining."},
        {"name": "Path", "type": "String[]", "required": True, "position": "1", "pipeline": "True (ByValue, ByPropertyName)", "globbing": True, "aliases": ["FullName"],
         "description": "The micrograph files; wildcards are expanded. Binds strings, Get-ChildItem output (FullName) and Micrographs (their Path)."},
        {"name": "JobPath", "type": "String", "required": True,
         "description": "The job folder, made where missing (relative to the current location)."},
        {"name": "Resume", "type": "SwitchParameter", "required": True,
         "description": "Submit the failed and unfinished tasks of the job in -JobPath again."},
        {"name": "MaxAttempts", "type": "Int32", "default": "3",
         "description": "With -Resume: tasks tried this many times already are not submitted again."},
        {"name": "Scheduler", "type": "String", "default": "Local",
         "description": "Local (processes on this machine) or Slurm (a job array; sbatch, squeue and scancel must be on PATH)."},
        {"name": "TaskCount", "type": "Int32",
         "description": "Number of tasks (shards); at most one per micrograph. Default: this machine's CPU cores (Local), or one per micrograph up to 100 (Slurm)."},
        {"name": "Cpus", "type": "Int32", "default": "1",
         "description": "CPU cores per task (sbatch --cpus-per-task)."},
        {"name": "MemoryMB", "type": "Int32",
         "description": "Memory per task in MB (sbatch --mem); default the cluster's."},
        {"name": "TimeLimit", "type": "TimeSpan",
         "description": "Wall-clock limit per task (sbatch --time, rounded up to the minute), e.g. '01:30:00'; default the cluster's."},
        {"name": "Gpus", "type": "Int32", "default": "0",
         "description": "GPUs per task (sbatch --gres=gpu:N); pair it with -ModelParameter @{ Device = 'Cuda' }."},
        {"name": "ThrottleLimit", "type": "Int32",
         "description": "Tasks run at once at most (the %N of sbatch --array); default: as many as the scheduler allows (Local: CPU cores / -Cpus)."},
        {"name": "Partition", "type": "String",
         "description": "The Slurm partition (sbatch --partition); default the cluster's."},
        {"name": "ModelParameter", "type": "Hashtable",
         "description": "Invoke-CellModel parameters for every task: BatchSize, Stride, PairThreshold, GroupBy (a metadata name), Device, Threads, PluginPath, one value each."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Say what would be submitted; write nothing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before submitting."},
    ],
    "inputs": [("System.String", "Micrograph paths; FileInfo and Micrograph objects bind by FullName and Path.")],
    "outputs": [("CellOps.Runtime.Jobs.CellJob", "The job, with its tasks Pending (or already Running).")],
    "notes": "The tasks run in their own processes: a task that fails (a damaged file, a task killed or out of time) fails alone; Submit-CellJob -Resume runs it again.",
    "examples": [
        {"title": "Predict a folder of micrographs with four local tasks",
         "code": "$job = Get-ChildItem ./plate1/*.tif | Submit-CellJob -Model ./cm.cellmodel -JobPath ./plate1-job -TaskCount 4\n$job | Wait-CellJob | Receive-CellJob | Export-CellReport ./plate1-report",
         "remarks": "Four processes predict a quarter of the micrographs each; the report is the one a single Invoke-CellModel over all of them gives."},
        {"title": "A Slurm job array, then the failed tasks again",
         "code": "Submit-CellJob ./cm.cellmodel /lab/plates/*.tif -JobPath /lab/jobs/p1 -Scheduler Slurm -TaskCount 200 -Cpus 4 -MemoryMB 8000 -TimeLimit '00:30:00' -ThrottleLimit 50\nWait-CellJob /lab/jobs/p1\nSubmit-CellJob -JobPath /lab/jobs/p1 -Resume",
         "remarks": "200 array tasks, at most 50 at once, each with 4 cores, 8 GB and half an hour; -Resume resubmits only the tasks that failed."},
    ],
    "links": ["Get-CellJob", "Wait-CellJob", "Receive-CellJob", "Stop-CellJob", "Invoke-CellModel", "about_CellOps"],
}
