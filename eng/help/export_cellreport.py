HELP = {
    "name": "Export-CellReport",
    "synopsis": "Writes the evaluation report of Invoke-CellModel results: ROC, confusion matrix, training curves and efficiency figures (PNG) with their numbers (CSV, JSON).",
    "description": """
Export-CellReport gathers the PredictionResults it receives (several are merged into one report of
one model) and writes into -OutputDirectory:
  metrics.json                  accuracy, balanced accuracy, precision, recall, F1, ROC AUC, per-class scores, the
                                confusion matrix, and Pearson's r of predicted against measured efficiency
  roc.png, roc.csv              the ROC curve (two classes: of the positive class; more: one per class)
  confusion.png, confusion.csv  the confusion matrix, cells shaded by the share of each true class
  training.png, training.csv    loss, validation loss, accuracy and AUC per epoch (with -TrainedModel)
  efficiency.png, efficiency.csv  predicted (tile share and positive area) against measured efficiency,
                                one point per micrograph, with the identity line and r; the CSV also
                                scores each virtual stain against the binarized pair, pixel by pixel
                                (stain_iou, stain_dice; their mean is meanStainIou in metrics.json)
  segmentation.csv              for dense maps scored against label images: per-class IoU and Dice and
                                the means, over all micrographs ("all") and per micrograph; the totals
                                are also under segmentation in metrics.json
A figure whose data is absent (unlabelled tiles, no training run, no paired images) is left out.
Files are written atomically; existing ones are kept, with an OutputExists error, unless -Force is given.
""",
    "syntax": [["InputObject", "OutputDirectory", "TrainedModel", "PairThreshold", "Force", "PassThru", "WhatIf", "Confirm"]],
    "parameters": [
        {"name": "InputObject", "type": "PredictionResult[]", "required": True, "pipeline": "True (ByValue)",
         "description": "PredictionResults from Invoke-CellModel."},
        {"name": "OutputDirectory", "type": "String", "required": True, "position": "0",
         "description": "The folder to write the report into; created if missing."},
        {"name": "TrainedModel", "type": "Object",
         "description": "The training run to draw curves of: the TrainedModel from Start-CellTraining, or a .cellmodel path."},
        {"name": "PairThreshold", "type": "Double", "default": "Otsu's threshold of each pair",
         "description": "Binarizes paired images when virtual stains are scored against them (values above it are positive)."},
        {"name": "Force", "type": "SwitchParameter", "description": "Replace report files that already exist."},
        {"name": "PassThru", "type": "SwitchParameter", "description": "Emit a CellReport naming the files and the headline numbers."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Show what would be written without writing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before writing."},
    ],
    "inputs": [("CellOps.Runtime.Inference.PredictionResult", "The results of Invoke-CellModel.")],
    "outputs": [("CellOps.Reporting.CellReport", "With -PassThru: the files and headline numbers.")],
    "notes": "Errors: InvalidReportInput (results of different models), OutputExists, ModelPackageInvalid, InvalidModelArgument, WriteFailed.",
    "examples": [
        {"title": "Report on held-out fields",
         "code": "$model = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -OutFile cm.cellmodel\n$test | New-TileSet -Size 64 -Target Label | Invoke-CellModel $model | Export-CellReport report -TrainedModel $model",
         "remarks": "Writes roc, confusion, training and efficiency figures and tables into ./report."},
        {"title": "Headline numbers only",
         "code": "($result | Export-CellReport report -Force -PassThru).EfficiencyCorrelation",
         "remarks": "Pearson's r of predicted against measured efficiency over the micrographs."},
    ],
    "links": ["Invoke-CellModel", "Export-VirtualStain", "Start-CellTraining", "about_CellOps"],
}
