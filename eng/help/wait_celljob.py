HELP = {
    "name": "Wait-CellJob",
    "synopsis": "Waits until no task of a CellOps job is pending or running.",
    "description": """
Wait-CellJob looks at the job every -PollInterval seconds (as Get-CellJob does), shows a progress bar of
its tasks, and emits the CellJob once every task is Done or Failed. With -Timeout it stops waiting after
that many seconds, warns, and emits the job as it stands.

Ctrl+C stops the waiting, not the job, which goes on on its scheduler; a warning line gives the
Stop-CellJob command that cancels it.
""",
    "syntax": [["JobPath", "Timeout", "PollInterval"]],
    "parameters": [
        {"name": "JobPath", "type": "String[]", "required": True, "position": "0", "pipeline": "True (ByValue, ByPropertyName)", "aliases": ["Path"],
         "description": "Job folders; binds CellJob objects by their Path."},
        {"name": "Timeout", "type": "Int32", "default": "-1",
         "description": "Seconds to wait at most; -1 waits as long as it takes."},
        {"name": "PollInterval", "type": "Double", "default": "1",
         "description": "Seconds between looks at the job."},
    ],
    "inputs": [("System.String", "Job folders, or CellJob objects.")],
    "outputs": [("CellOps.Runtime.Jobs.CellJob", "The job once it has finished (or at the timeout).")],
    "notes": "Wait-CellJob returns when the tasks have finished, whether they succeeded or not: look at Failed, or let Receive-CellJob report them.",
    "examples": [
        {"title": "Submit, wait, gather",
         "code": "Submit-CellJob ./cm.cellmodel ./plate1/*.tif -JobPath ./p1 | Wait-CellJob | Receive-CellJob",
         "remarks": "The job's predictions once every task has finished."},
        {"title": "Wait an hour at most",
         "code": "Wait-CellJob /lab/jobs/p1 -Timeout 3600 -PollInterval 30",
         "remarks": "Looks at the Slurm queue every 30 s; after an hour it warns and emits the job as it stands."},
    ],
    "links": ["Submit-CellJob", "Get-CellJob", "Receive-CellJob", "Stop-CellJob", "about_CellOps"],
}
