HELP = {
    "name": "Get-CellJob",
    "synopsis": "Shows where each task of a CellOps job stands: pending, running, done or failed.",
    "description": """
Get-CellJob reads a job folder (Submit-CellJob): the manifest, and each task's report (status/task-N.json,
written by the task itself), and asks the scheduler which tasks it still holds (squeue for Slurm, which
needs no accounting database; the driver and task processes for Local). It emits a CellJob: Name,
Scheduler, State (Running, Pending, Failed or Done), the counts of tasks Done, Failed, Running and
Pending, Finished, Submissions (the Slurm job ids or local driver process ids) and Tasks.

Each task (CellJobTask; -Task emits them) has its Index, State, Attempts, Inputs, Log, Output, Host,
Submission (the Slurm array element, e.g. 1234_5) and, for a failed task, Message: its error, or that it
was stopped while it ran (killed, cancelled or out of time), or ended without a report (pwsh or the
module did not start: see its log).
""",
    "syntax": [["JobPath", "Task"]],
    "parameters": [
        {"name": "JobPath", "type": "String[]", "required": True, "position": "0", "pipeline": "True (ByValue, ByPropertyName)", "aliases": ["Path"],
         "description": "Job folders; binds CellJob objects by their Path. A folder without job.json is a non-terminating JobNotFound error."},
        {"name": "Task", "type": "SwitchParameter",
         "description": "Emit the job's tasks rather than the job."},
    ],
    "inputs": [("System.String", "Job folders, or CellJob objects.")],
    "outputs": [("CellOps.Runtime.Jobs.CellJob", "The job (a table row within 80 columns)."),
                ("CellOps.Runtime.Jobs.CellJobTask", "With -Task: one per task.")],
    "notes": "A scheduler that cannot be asked (squeue missing or failing) is a non-terminating SchedulerFailed error.",
    "examples": [
        {"title": "How far is the job?",
         "code": "Get-CellJob ./plate1-job",
         "remarks": "One row: state, tasks, done, failed, running, micrographs."},
        {"title": "Why did tasks fail?",
         "code": "Get-CellJob ./plate1-job -Task | Where-Object State -eq Failed | Format-List Index, Message, Log",
         "remarks": "Each failed task's reason and its log file."},
    ],
    "links": ["Submit-CellJob", "Wait-CellJob", "Receive-CellJob", "Stop-CellJob", "about_CellOps"],
}
