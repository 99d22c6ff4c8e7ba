HELP = {
    "name": "Stop-CellJob",
    "synopsis": "Cancels the pending and running tasks of a CellOps job.",
    "description": """
Stop-CellJob cancels a Slurm job with scancel (every array of the job), and a local one by stopping its
driver's process group (the driver and the tasks it started). Done tasks keep their results; the others
become Failed ("cancelled by Stop-CellJob"), and Submit-CellJob -Resume runs them again.
""",
    "syntax": [["JobPath", "PassThru", "WhatIf", "Confirm"]],
    "parameters": [
        {"name": "JobPath", "type": "String[]", "required": True, "position": "0", "pipeline": "True (ByValue, ByPropertyName)", "aliases": ["Path"],
         "description": "Job folders; binds CellJob objects by their Path."},
        {"name": "PassThru", "type": "SwitchParameter", "description": "Emit the job after cancelling it."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Say what would be cancelled; cancel nothing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before cancelling."},
    ],
    "inputs": [("System.String", "Job folders, or CellJob objects.")],
    "outputs": [("CellOps.Runtime.Jobs.CellJob", "With -PassThru: the job after cancelling.")],
    "notes": "A scheduler that refuses (scancel failing) is a non-terminating SchedulerFailed error.",
    "examples": [
        {"title": "Cancel a job",
         "code": "Stop-CellJob /lab/jobs/p1",
         "remarks": "scancel for every Slurm array of the job."},
        {"title": "Cancel, then go on later",
         "code": "Stop-CellJob ./p1 -PassThru\nSubmit-CellJob -JobPath ./p1 -Resume",
         "remarks": "The tasks that had not finished run again; finished ones are kept."},
    ],
    "links": ["Submit-CellJob", "Get-CellJob", "Wait-CellJob", "about_CellOps"],
}
