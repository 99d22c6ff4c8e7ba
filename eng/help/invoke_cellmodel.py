HELP = {
    "name": "Invoke-CellModel",
    "synopsis": "Runs a trained .cellmodel package on tile sets or micrographs and reports predictions and, for labelled tiles, accuracy.",
    "description": """
Invoke-CellModel opens the model package given by -Model (a path, or the TrainedModel that
Start-CellTraining emitted), checks the SHA-256 of every entry and its compatibility before any weight is
read, rebuilds the network from the installed plugin with the package's hyperparameters and loads its
weights. A tampered, truncated or incompatible package is refused (ModelPackageInvalid); a path that
names no file is ModelPackageNotFound.

Tile sets from the pipeline are predicted in batches of -BatchSize; micrographs are first cut into tiles
of the package's size (labelled from their pairs where every micrograph has one and the model predicts
labels), or, where the model was trained on whole cell crops (New-TileSet -WholeImage), each resized whole
into one tile as in training. Each tile set gives one PredictionResult: per-tile class probabilities (Tiles), a summary per
micrograph (Micrographs: the share of positive tiles, which for the cardiomyocyte study estimates the
differentiation efficiency) and, where every tile is labelled, Evaluation: accuracy, balanced accuracy
(the mean of the per-class recalls, which imbalanced classes cannot inflate), precision, recall, F1,
ROC AUC, per-class precision and recall, and the confusion matrix. -PerTile emits the tile predictions themselves instead.

Differentiation efficiency. Each micrograph's summary gives the predicted efficiency twice: as the
share of tiles predicted positive (PositiveFraction) and as the share of the tiled area predicted
positive once the tile probabilities are laid back over the image (PositiveArea). Where the
micrograph was imported with a pair (-PairWith: a fluorescence or mask image), the measured
efficiency is the share of the pair's pixels above its threshold (Otsu's, as New-TileSet -Target
Label uses, or -PairThreshold). Over the micrographs that have both, the result's
EfficiencyCorrelation and AreaCorrelation are Pearson's r of predicted against measured.
Export-VirtualStain writes the maps; Export-CellReport draws the figures.

Groups and time points. Micrographs are evaluated per group as well as over all: by default per time
point (the CellOps.TimePoint metadata entry, e.g. the day of a differentiation time course, where early
prediction is the point), or by whatever -GroupBy names: another metadata entry (a donor, a well; set
with Import-Micrograph -Metadata) or a script block that computes the key from the micrograph ($_), e.g.
a cell subtype from its file name. The result's Groups give one GroupSummary per key: its micrographs and
tiles, Evaluation (accuracy, balanced accuracy, per-class precision and recall, ROC AUC... where every tile
is labelled), the mean and sample standard deviation over its micrographs of the predicted
(PredictedEfficiency, PredictedArea) and measured efficiency, and Pearson's r of predicted against measured
within the group; GroupedBy says what they are keyed by. Keys that are all numbers sort by value and "3"
and "3.0" are one; others sort as text with their digits as numbers ("day 2" before "day 10").
Micrographs without a key are left out of the groups, with a warning. -TimePoint is an alias of -GroupBy.

Dense maps. Models trained on label images (New-TileSet -Target ClassHistogram or CenterClass, e.g. the
IpsColony plugin's) label every pixel. Micrographs given to them are cut into tiles centred every
-Stride pixels and reflected at the image edges, so the map covers the whole image: a dense model's
cell distributions are laid back over their cells and blended where tiles overlap; a centre-pixel
classifier's call covers the stride-wide block around its tile's centre. Where the micrographs were
imported with their label images (-PairWith, -PairRole Label or Mask), each map is scored against them:
the result's Segmentation (per-class and mean IoU and Dice, pixel accuracy; the ignore value and
uncovered pixels left out) and each micrograph's MeanIou. A label image is read a band of rows at a time
as its map is scored, so a whole slide's labels are never held whole; one that cannot be read, or holds a
value that is no class (LabelImageInvalid, naming the value and its pixel), leaves only its micrograph
unscored. Export-VirtualStain writes the label maps, Export-SegmentationFigure puts several models' maps
next to the truth.

Image translation. A package of an image-translation model (CancerStemCell.Pix2Pix or UNetL1, trained
with New-TileSet -Target Image on micrographs paired with fluorescence images) predicts an image from
each micrograph: overlapping tiles centred every -Stride pixels (default half the tile size; reflected
at the edges) are predicted and blended with weights highest at each tile's centre, so there are no
seams, and mapped back into the target's own intensity units with the scaling recorded in the package.
The prediction is assembled and written to a temporary file band by band, so memory does not grow with
the image; the file goes when the result is no longer referenced. All micrographs of one call give one
TranslationResult: per micrograph a PredictedImage (Prediction: a float32 micrograph with one channel
per target), and where the micrograph has a pair, Scores per target channel: pixel Pearson r, SSIM
(Wang et al. 2004, 11x11 Gaussian window, sigma 1.5, L the truth's range), PSNR (10 log10(L^2/MSE)), MAE,
and after Otsu binarisation of truth and prediction, Dice, IoU, precision, recall and both positive-area
fractions; the result's Scores pool them over the set, with Pearson's r across micrographs of predicted
against measured positive area. Each micrograph fails alone (a non-terminating error); tile sets are
refused (TranslationNeedsMicrographs). Export-VirtualStain writes the predictions as float32 TIFF.

Generation. A package of a generator (a Generation model such as Leukocyte.DCGAN) makes images rather
than predicting them: -Count N emits N synthetic micrographs, held in memory, that flow into
New-TileSet, Export-Micrograph and Export-ContactSheet like imported ones. Their latent vectors are
drawn under -Seed (by default a random seed, which is recorded): the same package and seed give the
same images, and sample i is the same whatever the count. Each is marked in its metadata:
CellOps.Synthetic = true, CellOps.Generator (the model), CellOps.GeneratorPackage and
CellOps.GeneratorSha256 (the package file and its SHA-256), CellOps.Seed, CellOps.Sample and, for a
generator trained on one class, CellOps.Class; the Synthetic property and the default view show it.
""",
    "syntax": [["Model", "InputObject", "BatchSize", "PerTile", "Stride", "PairThreshold", "GroupBy", "Device", "Threads", "PluginPath"],
               ["Model", "Count", "Seed", "BatchSize", "Device", "Threads", "PluginPath"]],
    "parameters": [
        {"name": "Model", "type": "Object", "required": True, "position": "0",
         "description": "A .cellmodel path (relative to the current location), a FileInfo, or a TrainedModel from Start-CellTraining."},
        {"name": "InputObject", "type": "Object[]", "required": True, "pipeline": "True (ByValue)",
         "description": "TileSets from New-TileSet or Micrographs from Import-Micrograph."},
        {"name": "Count", "type": "Int32", "required": True,
         "description": "With a generator package: the number of synthetic micrographs to make."},
        {"name": "Seed", "type": "Int64", "default": "a random seed, recorded in each micrograph",
         "description": "With -Count: the seed of the latent vectors; the same seed gives the same micrographs."},
        {"name": "BatchSize", "type": "Int32", "default": "64", "description": "Tiles (or, with -Count, latent vectors) per batch."},
        {"name": "PerTile", "type": "SwitchParameter", "description": "Emit one TilePrediction per tile instead of one PredictionResult per input."},
        {"name": "Stride", "type": "Int32", "default": "half the tile size (dense models); an eighth (centre-pixel classifiers)",
         "description": "Micrographs given to a model trained on label images are cut into tiles centred every -Stride pixels, reflected at the edges. At most the tile size."},
        {"name": "PairThreshold", "type": "Double", "default": "Otsu's threshold of each pair",
         "description": "Binarizes paired images for the measured efficiency: values above it are positive."},
        {"name": "GroupBy", "type": "Object", "default": "the CellOps.TimePoint metadata entry", "aliases": ["TimePoint"],
         "description": "What the result's Groups group the micrographs by: the name of a metadata entry (e.g. Day or Donor), or a script block given the micrograph as $_ that returns its key. A script block that fails is a GroupByFailed error for that micrograph, which then has no group. Alias: -TimePoint."},
        {"name": "Device", "type": "DevicePreference", "default": "$env:CELLOPS_DEVICE, else Auto", "description": "Cpu, Cuda or Auto."},
        {"name": "Threads", "type": "Int32", "default": "$env:CELLOPS_THREADS, else all cores", "description": "CPU threads torch uses."},
        {"name": "PluginPath", "type": "String[]", "description": "More folders to look for plugins in."},
    ],
    "inputs": [("CellOps.Sdk.Tiling.TileSet", "Tiles to predict."), ("CellOps.Sdk.Imaging.Micrograph", "Micrographs to cut and predict.")],
    "outputs": [("CellOps.Runtime.Inference.PredictionResult", "Per-tile predictions, per-micrograph summaries and the evaluation."),
                ("CellOps.Runtime.Inference.TilePrediction", "With -PerTile: one object per tile."),
                ("CellOps.Sdk.Imaging.Micrograph", "With -Count: synthetic micrographs, marked in their metadata."),
                ("CellOps.Runtime.Translation.TranslationResult", "With an image-translation model: each micrograph's predicted image and its scores, pooled over the set.")],
    "notes": "Errors: ModelPackageNotFound (no file at the path), ModelPackageInvalid, PluginNotInstalled, ModelIncompatible, TileSizeMismatch, UnsupportedInput, StrideTooLarge, GroupByInvalid, GroupByFailed, LabelImageInvalid, TorchUnavailable; with image-translation models, TranslationNeedsMicrographs, MicrographIncompatible (other channels than the model's), SpoolFailed (no room for the prediction's temporary file), TargetNotScored; with generators, GeneratorNeedsCount (input given to a generator), NotAGenerator (-Count with another model), GeneratorOutputInvalid.",
    "examples": [
        {"title": "Virtual DAPI and MAP2 of held-out fields",
         "code": "$well = Import-Micrograph phase_z*.png -AsChannels -PairWith dapi.png, map2.png\n$test = $well | Split-Micrograph -Size 256 | Where-Object FieldColumn -eq 3\n$r = $test | Invoke-CellModel pix2pix.cellmodel\n$r.ScoresOf('map2')",
         "remarks": "Predicts each field whole, scores it against its own DAPI and MAP2, and prints the pooled MAP2 scores (r, SSIM, PSNR, Dice...)."},
        {"title": "Evaluate on held-out fields",
         "code": "$test = Import-Micrograph test/*_phase.tif -PairWith { $_.FullName -replace '_phase', '_gfp' } | New-TileSet -Size 64 -Target Label\n$test | Invoke-CellModel cm.cellmodel | ForEach-Object Evaluation",
         "remarks": "Accuracy, precision, recall, F1, ROC AUC and the confusion matrix of the labelled tiles."},
        {"title": "Differentiation efficiency per field",
         "code": "Import-Micrograph plate2/*.tif | Invoke-CellModel cm.cellmodel | ForEach-Object Micrographs",
         "remarks": "The share of tiles and of area predicted positive in each micrograph."},
        {"title": "Predicted against measured efficiency",
         "code": "$r = Import-Micrograph wells/*_phase.tif -PairWith { $_.FullName -replace '_phase', '_gfp' } | Invoke-CellModel cm.cellmodel\n$r.Micrographs; $r.EfficiencyCorrelation",
         "remarks": "Per well the predicted and the measured (binarized GFP) efficiency, then Pearson's r over the wells."},
        {"title": "Efficiency per day of a differentiation time course",
         "code": "$r = Import-Micrograph day*/*_phase.tif -PairWith { $_.FullName -replace '_phase', '_gfp' } -Metadata { @{ Day = $_.Directory.Name.Substring(3) } } |\n    New-TileSet -Size 64 -Target Label | Invoke-CellModel cm.cellmodel -GroupBy Day\n$r.Groups",
         "remarks": "One row per day: fields, tiles, accuracy, balanced accuracy, AUC, predicted and measured efficiency (mean ± SD over the day's fields) and r within the day."},
        {"title": "A dense map of whole sections, scored against their masks",
         "code": "$r = Import-Micrograph em/*.png -PairWith { $_.FullName -replace 'em', 'masks' } -PairRole Mask | Invoke-CellModel colony.cellmodel\n$r.Segmentation.PerClass",
         "remarks": "Per-class IoU and Dice of the map against the masks."},
        {"title": "Synthetic white cells from a DCGAN package",
         "code": "Invoke-CellModel eosinophil-gan.cellmodel -Count 64 -Seed 1 | Export-Micrograph synthetic/eosinophil",
         "remarks": "64 synthetic 64×64 crops, the same for seed 1 every time, written as PNGs."},
        {"title": "Confident positive tiles",
         "code": "$tiles | Invoke-CellModel cm.cellmodel -PerTile | Where-Object { $_.PredictedClass -eq 1 -and $_.Probability -gt 0.9 }",
         "remarks": "One object per tile, filtered in the pipeline."},
    ],
    "links": ["Start-CellTraining", "New-TileSet", "Get-CellModel", "about_CellOps"],
}
