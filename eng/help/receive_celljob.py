HELP = {
    "name": "Receive-CellJob",
    "synopsis": "Gathers the predictions of a CellOps job's finished tasks.",
    "description": """
Receive-CellJob reads every done task's saved results (results/task-N.json) and emits one
PredictionResult over all of the job's micrographs, in input order: the tiles, probabilities,
per-micrograph summaries (with their segmentation scores and groups), dense cells and map coverage that
Invoke-CellModel gives on the same micrographs, the evaluation computed over every tile again and the
segmentation scores summed. Export-CellReport, Export-SegmentationFigure and the tables take it as they take
Invoke-CellModel's. With -PerTask it emits each task's results instead.

Not carried by the saved results: the pixels (a received micrograph opens its file again, by its path,
where pixels are needed, as for a figure), a micrograph's pair, and the tiles' training targets.

A failed task is a non-terminating TaskFailed error (target: the CellJobTask) whose message ends with the
last lines of its log; a task still pending or running is a non-terminating TaskNotFinished error. The
results of the other tasks are still emitted.
""",
    "syntax": [["JobPath", "PerTask"]],
    "parameters": [
        {"name": "JobPath", "type": "String[]", "required": True, "position": "0", "pipeline": "True (ByValue, ByPropertyName)", "aliases": ["Path"],
         "description": "Job folders; binds CellJob objects by their Path."},
        {"name": "PerTask", "type": "SwitchParameter",
         "description": "Emit each task's results as it saved them, rather than one result over the job."},
    ],
    "inputs": [("System.String", "Job folders, or CellJob objects.")],
    "outputs": [("CellOps.Runtime.Inference.PredictionResult", "One over the job's micrographs (with -PerTask, one per task).")],
    "notes": "Receive-CellJob does not wait: Wait-CellJob first.",
    "examples": [
        {"title": "A report over a whole plate",
         "code": "Wait-CellJob ./p1 | Receive-CellJob | Export-CellReport ./p1-report",
         "remarks": "The CSV and JSON report of every micrograph the job predicted."},
        {"title": "Which micrographs are most positive?",
         "code": "(Receive-CellJob ./p1).Micrographs | Sort-Object PositiveFraction -Descending | Select-Object -First 10 Micrograph, PositiveFraction",
         "remarks": "The per-micrograph summaries, as Invoke-CellModel gives them."},
    ],
    "links": ["Submit-CellJob", "Wait-CellJob", "Invoke-CellModel", "Export-CellReport", "about_CellOps"],
}
