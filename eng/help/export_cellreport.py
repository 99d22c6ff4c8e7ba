HELP = {
    "name": "Export-CellReport",
    "synopsis": "Writes the evaluation report of Invoke-CellModel results: ROC, confusion matrix, training curves and efficiency figures (PNG) with their numbers (CSV, JSON); for image translation, intensity and positive-area figures per channel with the scores.",
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
  groups.csv                    where micrographs carry group keys (time points by default; see
                                Invoke-CellModel -GroupBy): one row per group, in key order:
                                micrographs, tiles, accuracy, balanced accuracy, F1, ROC AUC, mean and
                                SD over the micrographs of predicted efficiency and area and of
                                measured efficiency, r of predicted against measured within the group,
                                and each class's recall within the group; also under groups in
                                metrics.json
  groups.png                    accuracy and balanced accuracy per group and, for two-class models,
                                predicted and measured efficiency (mean ± SD over its micrographs);
                                two or more groups
A figure whose data is absent (unlabelled tiles, no training run, no paired images) is left out.
The report keeps the groups Invoke-CellModel gave the micrographs; -GroupBy regroups them.

Image translation. Given the TranslationResults of an image-translation model (e.g.
CancerStemCell.Pix2Pix) instead, it writes, per target channel (e.g. DAPI, MAP2):
  metrics.json                  the scores pooled over the scored micrographs: pearson, ssim, psnr, mae,
                                mse, dice, iou, precision, recall, the positive fractions, and
                                efficiencyCorrelation (Pearson's r across fields of predicted against
                                measured positive area, the fields listed under fields); an infinite
                                PSNR (exact prediction) is the string "Infinity", an undefined score null
  translation.csv               one row per channel pooled (micrograph "all") and per micrograph and
                                channel: pixels, pearson, ssim, psnr, mae, dice, iou, precision, recall,
                                positive fractions and Otsu thresholds; empty cells where undefined,
                                "inf" for an infinite PSNR
  intensity-CHANNEL.png         predicted against true intensity of sampled pixels, with r
  positive-area-CHANNEL.png     predicted against measured positive area per field, with r (two or
                                more scored fields)
  training.png, training.csv    as above, with -TrainedModel
Only micrographs imported with their measured target (-PairWith) are scored; -PairThreshold does not
apply (each image is binarized at its own Otsu threshold). Several results of one model are pooled.
One report covers one kind of result: PredictionResults and TranslationResults together are refused
(MixedReportInput); other objects give UnsupportedInput errors and are skipped.

Files are written atomically; existing ones are kept, with an OutputExists error, unless -Force is given.
""",
    "syntax": [["InputObject", "OutputDirectory", "TrainedModel", "PairThreshold", "GroupBy", "Force", "PassThru", "WhatIf", "Confirm"]],
    "parameters": [
        {"name": "InputObject", "type": "Object[]", "required": True, "pipeline": "True (ByValue)",
         "description": "PredictionResults from Invoke-CellModel, or the TranslationResults of an image-translation model; one kind per report."},
        {"name": "OutputDirectory", "type": "String", "required": True, "position": "0",
         "description": "The folder to write the report into; created if missing."},
        {"name": "TrainedModel", "type": "Object",
         "description": "The training run to draw curves of: the TrainedModel from Start-CellTraining, or a .cellmodel path."},
        {"name": "PairThreshold", "type": "Double", "default": "Otsu's threshold of each pair",
         "description": "Binarizes paired images when virtual stains are scored against them (values above it are positive). Not used for image translation."},
        {"name": "GroupBy", "type": "Object", "default": "the groups Invoke-CellModel gave", "aliases": ["TimePoint"],
         "description": "Regroups the micrographs for groups.csv and groups.png: the name of a metadata entry (a time point, a donor), or a script block given each micrograph as $_ that returns its key. Alias: -TimePoint. Not used for image translation."},
        {"name": "Force", "type": "SwitchParameter", "description": "Replace report files that already exist."},
        {"name": "PassThru", "type": "SwitchParameter", "description": "Emit a CellReport (image translation: a CellTranslationReport) naming the files and the headline numbers."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Show what would be written without writing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before writing."},
    ],
    "inputs": [("CellOps.Runtime.Inference.PredictionResult", "The results of Invoke-CellModel."),
               ("CellOps.Runtime.Translation.TranslationResult", "The results of Invoke-CellModel with an image-translation model.")],
    "outputs": [("CellOps.Reporting.CellReport", "With -PassThru: the files and headline numbers."),
                ("CellOps.Reporting.CellTranslationReport", "With -PassThru, for image translation: the files and, per channel, the pooled scores (Scores, ScoresOf('DAPI')).")],
    "notes": "Errors: InvalidReportInput (results of different models or target channels), MixedReportInput, GroupByInvalid, GroupByFailed, UnsupportedInput, OutputExists, ModelPackageNotFound, ModelPackageInvalid, InvalidModelArgument, WriteFailed.",
    "examples": [
        {"title": "Report on held-out fields",
         "code": "$model = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -OutFile cm.cellmodel\n$test | New-TileSet -Size 64 -Target Label | Invoke-CellModel $model | Export-CellReport report -TrainedModel $model",
         "remarks": "Writes roc, confusion, training and efficiency figures and tables into ./report."},
        {"title": "Headline numbers only",
         "code": "($result | Export-CellReport report -Force -PassThru).EfficiencyCorrelation",
         "remarks": "Pearson's r of predicted against measured efficiency over the micrographs."},
        {"title": "A differentiation time course",
         "code": "$r = Import-Micrograph day*/*_phase.tif -PairWith { $_.FullName -replace '_phase', '_gfp' } -Metadata { @{ Day = $_.Directory.Name.Substring(3) } } |\n    New-TileSet -Size 64 -Target Label | Invoke-CellModel cm.cellmodel -GroupBy Day\n$r | Export-CellReport course",
         "remarks": "Adds groups.csv (metrics per day) and groups.png (accuracy, predicted and measured efficiency over the days) to the report."},
        {"title": "Report on a translation model",
         "code": "$m = Import-Micrograph phase/*.tif -PairWith { $_.FullName -replace 'phase', 'dapi' }\n$m | Invoke-CellModel stain.cellmodel | Export-CellReport stain-report -TrainedModel stain.cellmodel -PassThru",
         "remarks": "Writes metrics.json, translation.csv, intensity-DAPI.png, positive-area-DAPI.png and the training curves into ./stain-report, and prints the pooled r, SSIM, PSNR and Dice per channel."},
    ],
    "links": ["Invoke-CellModel", "Export-VirtualStain", "Start-CellTraining", "about_CellOps"],
}
