HELP = {
    "name": "Start-CellTraining",
    "synopsis": "Trains a plugin's model on labelled tiles and writes a .cellmodel model package.",
    "description": """
Start-CellTraining takes tile sets from the pipeline (New-TileSet with the target the model trains on)
and trains the model named by -Model (PluginId.ModelName; Get-CellModel lists them) on CellOps' shared
torch runtime. Several tile sets are trained on together.

Validation: -ValidationFraction of the tiles (0.2 by default) are held out as whole micrographs, never
as single tiles, so that tiles of one field are never on both sides. -HoldOutBy holds out whole groups of
micrographs instead: a metadata key (-HoldOutBy CellOps.FieldColumn holds out whole columns of the fields
Split-Micrograph cut from one well) or a script block that gives each micrograph's group ($_ is the tile's
micrograph; -HoldOutBy { $_.Metadata['Run'] } holds out a differentiation run). Groups are drawn in a seeded
order until the fraction is reached; every tile of a group is on one side, and a micrograph without a group is
an error (HoldOutGroupMissing) that names it. The verbose stream and the package's manifest (validation) say which
groups were held out, and -Resume refuses a checkpoint split another way. Training tiles are shuffled and,
unless -NoAugmentation, flipped and turned at random.

Class imbalance (white-cell types, rare positive tiles): by default (-Sampling Shuffled) every training tile
is seen once per epoch and the loss is weighted so that every class counts equally, unless -NoClassWeighting.
With -Sampling Balanced each epoch instead draws as many tiles as there are, an equal share from every class:
rare classes' tiles recur (augmentation varies them), common classes' tiles are not all seen every epoch, and
the loss is not weighted, since the batches are already balanced.

Adam is the optimizer; its learning rate is -LearningRate, else the
model's LearningRate hyperparameter. -HyperParameter sets any other hyperparameter the model declares
(Get-CellModel shows their ranges); an unknown name or a value out of range is refused before training.
-Patience stops training when the validation loss has not improved for that many epochs.

Kept weights: with a validation split, the package holds the weights of the epoch with the lowest validation
loss (the epoch early stopping measures from), not those of the last epoch. Validation loss swings from epoch to
epoch, and after early stopping the last epochs are by definition worse; the best epoch is the better model to
deliver. Its metrics are then chosen on the validation split, so judge the model on micrographs held out from
training altogether. The manifest (keptEpoch) and the TrainedModel (KeptEpoch, and Loss, ValidationLoss and the
other values of that epoch) say which epoch was kept. -KeepLast keeps the last epoch's weights instead, as a fixed
schedule from a paper would. A model whose own loop reports no validation loss keeps its last epoch.

Transfer learning: -From names a trained package (a .cellmodel path or a TrainedModel) whose network has a
separate backbone and head, as the Leukocyte plugin's W-Net does. The new network takes the parent's backbone
weights (the layers must match: same depth and widths) and keeps its own fresh head, sized for the classes of
the tiles being trained on, so a network pre-trained on one set of classes is fine-tuned on another. With
-FreezeBackbone the backbone stays exactly as the parent left it and only the head trains. The package records
its parent (manifest "parent": the SHA-256 of the parent file, its model, classes and file name, and whether the
backbone was frozen). The parent is verified like any package before a weight is read.

Classes: tile sets made with -ClassFrom name their classes. They are matched to the model's classes by name
(ignoring case), so a set with only some of the types still trains the model's full classifier; where the model
does not know them (pre-training on other kinds of cell), a network with a replaceable head gets one for exactly
those classes, and the package lists them as its classes.

-Seed fixes every random choice (initial weights, split, shuffling, augmentation, dropout): the same seed,
tiles and settings on the CPU give identical weights and metrics, whatever else runs in the process. Torch's
random generator and thread count belong to the whole process, so trainings in one process (runspaces of
ForEach-Object -Parallel, say) run one at a time: a second waits for the first to finish and says so in a
warning, and Ctrl+C stops the wait. Separate processes (Start-Job) train side by side.

-CheckpointPath writes a checkpoint after every epoch (atomically: an interrupted write leaves the previous
one); -Resume continues from it, refusing a checkpoint made with other tiles or settings. Ctrl+C stops
after the current batch; the checkpoint keeps the last whole epoch, and nothing half-written is left.
A checkpoint also carries the best epoch's weights where they are not its own, so a resumed run keeps the same
epoch and ends with the same weights as an uninterrupted one.

Hyperparameter search: -Optimize trains the model -Trials times (20 by default) with hyperparameters chosen by
Bayesian optimisation over the ranges the model declares (Get-CellModel lists them: integer, real, log-scale and
categorical). The first -InitialTrials (half of -Trials, at most 5) are random; after that a Gaussian process
(Matern 5/2 kernel, one length scale per hyperparameter, fitted by maximum marginal likelihood) models the scores
so far and the next trial goes where the expected improvement is largest. A trial's score is the validation loss
of the epoch whose weights it keeps (its best epoch; its last with -KeepLast), so the score is that of the model
the search writes. A search needs a validation split; -HoldOutBy splits every trial the same way. Hyperparameters given with -HyperParameter, and the learning rate when
-LearningRate is given, are held fixed; the rest are searched. Every trial uses -Seed, so trials differ only in their
hyperparameters and a search can be repeated. Each trial is emitted as a SearchTrial as it completes (Number, Score,
the searched values, Epochs, Duration, IsBest); IsBest marks a trial that beat every one before it, and when the
search ends only the best trial keeps it. A trial whose training diverges is a warning, scored as failed, and steers
the search away. One progress bar spans the search (trial, best score so far) with the running trial's epochs
beneath it. At the end the best trial's model is written to -OutFile, its manifest recording every trial and score
(search), and emitted as a TrainedModel. Ctrl+C stops the search after the current batch; the completed trials are
kept and the best of them is still written.

Parallel trials: with -Scheduler Local (processes on this machine) or -Scheduler Slurm (sbatch on a cluster) the trials
run as tasks of a job, -ParallelTrials at once (4 by default; Local: at most CPU cores / -Cpus), in the manner of
Submit-CellJob. The job folder (-JobPath; by default beside -OutFile, named after it with '.trials') holds the tile set
once (tiles.celltiles: the tiles, their targets and the source micrographs' and pairs' pixels, so every task trains on
exactly these tiles), job.json with each trial's hyperparameters, and per trial its log, status, result (score, epochs,
package) and package (results/task-N.cellmodel). Each task starts the same pwsh and CellOps module as this session and
runs Start-CellTraining with this call's training parameters and its trial's values. Batches are proposed by the
constant liar (CL-min): trials still running are kept as pending points that the Gaussian process treats as if each had
scored the lowest score seen so far, so the K points of a batch spread out rather than crowd one optimum. The search is
asynchronous: as soon as a trial finishes, its score is told to the optimiser and a new point is proposed for the free
slot, without waiting for the rest of the batch. A trial whose task fails is a warning with the end of its log; its
point is withdrawn (not scored) and it counts as one of -Trials. Ctrl+C cancels the running tasks (as Stop-CellJob
does) and still writes the best trial so far. Get-CellJob -JobPath shows the trials' tasks. -Cpus, -MemoryMB,
-TimeLimit, -Gpus and -Partition are what each trial asks its scheduler for, as with Submit-CellJob; -Threads defaults
to -Cpus in the tasks. -HoldOutBy must then be a metadata key (a script block cannot reach the tasks).

The package (-OutFile, or a new file under the temp folder) is written atomically; an existing -OutFile is kept,
with an OutputExists error before any training, unless -Force is given. It holds the manifest (plugin and model, input and
normalisation, hyperparameters, seed, training-tile fingerprint, metrics per epoch, the kept epoch, what validation
held out, SDK version, SHA-256 of every entry) and the weights. Progress shows the epoch, batch, loss, validation accuracy and time left.
""",
    "syntax": [
        ["Model", "InputObject", "OutFile", "Force", "Epochs", "BatchSize", "LearningRate", "HyperParameter", "ValidationFraction",
         "HoldOutBy", "Patience", "KeepLast", "Seed", "NoAugmentation", "NoClassWeighting", "Sampling", "From", "FreezeBackbone", "CheckpointPath", "Resume", "SigningKeyPath", "Device", "Threads", "PluginPath"],
        ["Model", "InputObject", "OutFile", "Force", "Optimize", "Trials", "InitialTrials", "Epochs", "BatchSize", "LearningRate",
         "HyperParameter", "ValidationFraction", "HoldOutBy", "Patience", "KeepLast", "Seed", "NoAugmentation", "NoClassWeighting", "Sampling", "From", "FreezeBackbone",
         "Scheduler", "ParallelTrials", "JobPath", "Cpus", "MemoryMB", "TimeLimit", "Gpus", "Partition", "Device", "Threads", "PluginPath"],
    ],
    "parameters": [
        {"name": "Model", "type": "String", "required": True, "position": "0",
         "description": "The model to train, as PluginId.ModelName (a bare model name works where it is unique); Tab completes the installed models' names."},
        {"name": "InputObject", "type": "TileSet[]", "required": True, "pipeline": "True (ByValue)",
         "description": "Labelled tiles from New-TileSet, cut at the model's tile size with its target. A model that takes any tile size (Get-CellModel shows 'any' in its Input, as NeuralFate.ResNet18 and ResNet50 do) trains on the tiles' size, which the package records and Invoke-CellModel then cuts."},
        {"name": "OutFile", "type": "String", "default": "a new file under the temp folder",
         "description": "The .cellmodel package to write. Where the file exists, it is kept and the command refuses, before training, with an OutputExists error, unless -Force is given."},
        {"name": "Force", "type": "SwitchParameter", "description": "Replace -OutFile if it exists."},
        {"name": "Epochs", "type": "Int32", "default": "10", "description": "Passes over the training tiles."},
        {"name": "BatchSize", "type": "Int32", "default": "32", "description": "Tiles per batch."},
        {"name": "LearningRate", "type": "Double", "default": "the model's LearningRate, else 0.001",
         "description": "Adam's learning rate."},
        {"name": "HyperParameter", "type": "Hashtable",
         "description": "Values for the model's hyperparameters, e.g. @{ Depth = 3; Dropout = 0.2 }; a categorical one takes the name of a choice, e.g. @{ Optimizer = 'SGD' }. With -Optimize, these are held fixed and the others searched. After -Model, Tab completes a name of its hyperparameters to @{ Name = default } (PowerShell does not complete keys typed inside @{ })."},
        {"name": "ValidationFraction", "type": "Double", "default": "0.2",
         "description": "Share of tiles held out for validation, chosen as whole micrographs (or whole -HoldOutBy groups); 0 for none."},
        {"name": "HoldOutBy", "type": "Object", "default": "each micrograph is its own group",
         "description": "Hold out whole groups of micrographs: a metadata key (e.g. CellOps.FieldColumn, the column of a field cut by Split-Micrograph; a key in any case) or a script block that gives each micrograph's group ($_ is the micrograph, e.g. { $_.Metadata['Run'] }). A micrograph without a group is a HoldOutGroupMissing error with the micrograph as target. Needs -ValidationFraction above 0."},
        {"name": "Patience", "type": "Int32", "default": "0 (never stop early)",
         "description": "Stop when the validation loss has not improved for this many epochs."},
        {"name": "KeepLast", "type": "SwitchParameter",
         "description": "Keep the last epoch's weights. By default, with a validation split, the package holds those of the epoch with the lowest validation loss (see Kept weights above)."},
        {"name": "Seed", "type": "Int64", "default": "1", "description": "Seed of every random choice of the run. Trainings in one process run one at a time, so each repeats."},
        {"name": "NoAugmentation", "type": "SwitchParameter", "description": "Do not flip or rotate training tiles."},
        {"name": "NoClassWeighting", "type": "SwitchParameter", "description": "Do not weight the loss against class imbalance."},
        {"name": "Sampling", "type": "BatchSampling", "default": "Shuffled",
         "description": "How each epoch draws training tiles. Shuffled: every tile once, in random order, the loss weighted by class (see -NoClassWeighting). Balanced: as many draws as tiles, split equally among the classes (rare classes' tiles repeat), the loss unweighted."},
        {"name": "From", "type": "Object",
         "description": "A trained package (.cellmodel path, FileInfo or TrainedModel) to start from: its backbone's weights replace the fresh ones, and the head is new, for the tiles' classes. Its SHA-256 is recorded in the new package. Where $env:CELLOPS_PACKAGE_POLICY names a trust policy, the package must satisfy it (see Get-CellModelSignature). The model's network must have a separate backbone and head (Leukocyte.WNet and the NeuralFate ResNets have); a parent whose backbone has other layers is refused (ParentIncompatible)."},
        {"name": "FreezeBackbone", "type": "SwitchParameter",
         "description": "With -From: keep the parent's backbone fixed (no gradient steps, evaluation mode) and train only the new head."},
        {"name": "CheckpointPath", "type": "String", "description": "A checkpoint package written after every epoch."},
        {"name": "Resume", "type": "SwitchParameter", "description": "Continue from -CheckpointPath where it exists."},
        {"name": "SigningKeyPath", "type": "String",
         "description": "Sign the package written with this private key (a PEM file from New-CellSigningKey), as Set-CellModelSignature does; the signer recorded is the user name. The key is read before training starts (SigningKeyInvalid where it cannot be). Not with -Optimize. Checkpoints are not signed."},
        {"name": "Optimize", "type": "SwitchParameter",
         "description": "Search the model's hyperparameters by Bayesian optimisation (a Gaussian process with expected improvement) instead of training once; writes the best trial's model. Needs a validation split; does not take -CheckpointPath or -Resume."},
        {"name": "Trials", "type": "Int32", "default": "20",
         "description": "Training runs the search makes, each scored by the validation loss of the epoch it keeps. Only with -Optimize."},
        {"name": "InitialTrials", "type": "Int32", "default": "half of -Trials, at least 1 and at most 5",
         "description": "Random trials before the Gaussian process guides the search. Only with -Optimize."},
        {"name": "Scheduler", "type": "String",
         "description": "With -Optimize: run the trials as parallel tasks of a job, Local (processes on this machine) or Slurm (sbatch job arrays); without it the trials run one by one in this session. See Parallel trials above."},
        {"name": "ParallelTrials", "type": "Int32", "default": "4 (Local: at most CPU cores / -Cpus)",
         "description": "With -Scheduler: trials run at once. The first batch is proposed together; after that a new trial starts as soon as one finishes, the running ones held as constant-liar (CL-min) points."},
        {"name": "JobPath", "type": "String", "default": "a folder beside -OutFile, named after it with '.trials'",
         "description": "With -Scheduler: the trials' job folder (tile set, job.json, logs, results and each trial's package); it must not hold a job already (JobExists)."},
        {"name": "Cpus", "type": "Int32", "default": "1", "description": "With -Scheduler: CPU cores per trial (Slurm --cpus-per-task); also each trial's torch threads unless -Threads is given."},
        {"name": "MemoryMB", "type": "Int32", "default": "the cluster's", "description": "With -Scheduler: memory per trial in MB (Slurm --mem)."},
        {"name": "TimeLimit", "type": "TimeSpan", "default": "the cluster's", "description": "With -Scheduler: wall-clock limit per trial (Slurm --time); a trial past it fails and is withdrawn."},
        {"name": "Gpus", "type": "Int32", "default": "0", "description": "With -Scheduler: GPUs per trial (Slurm --gres=gpu:N)."},
        {"name": "Partition", "type": "String", "default": "the cluster's", "description": "With -Scheduler Slurm: the partition."},
        {"name": "Device", "type": "DevicePreference", "default": "$env:CELLOPS_DEVICE, else Auto",
         "description": "Cpu, Cuda or Auto. Auto uses CUDA where TorchSharp's CUDA backend and a GPU are present, else the CPU (and says so in the verbose stream)."},
        {"name": "Threads", "type": "Int32", "default": "$env:CELLOPS_THREADS, else all cores", "description": "CPU threads torch uses."},
        {"name": "PluginPath", "type": "String[]", "description": "More folders to look for plugins in, after the module's plugins folder and $env:CELLOPS_PLUGIN_PATH."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Shows what would be trained and written, without training."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Asks before training and writing the package."},
    ],
    "inputs": [("CellOps.Sdk.Tiling.TileSet", "Labelled tiles from New-TileSet.")],
    "outputs": [("CellOps.Runtime.Training.TrainedModel", "The package path, the model, per-epoch metrics (EpochMetrics), the kept epoch (KeptEpoch) with its loss, validation loss, accuracy, F1 and AUC, and what validation held out (HeldOutBy, HeldOut). With -Optimize, the best trial's model, after the trials."),
                ("CellOps.Runtime.Search.SearchTrial", "With -Optimize, one per trial as it completes: Number, Score (the kept epoch's validation loss), Searched (the searched values as text), HyperParameters (all values), Epochs, Duration, IsBest; with -Scheduler also Package, the trial's own package in the job folder.")],
    "notes": "Errors: ModelNotFound, InvalidTrainingInput (tiles that do not fit the model), InvalidHyperParameter, InvalidHoldOutBy, HoldOutGroupMissing (target: the micrograph without a group), ModelPackageNotFound (no file at the -From path), ParentPackageInvalid, ParentPluginNotInstalled, ParentIncompatible, FreezeWithoutFrom, InvalidSearch (no validation split, or nothing left to search), SearchFoundNothing, ParallelWithoutScheduler (job parameters without -Scheduler), HoldOutByNotPortable, PluginPathNotPortable, TileSetNotPortable (a source micrograph too large to carry to the tasks), JobExists, SchedulerFailed, TrialPackageInvalid, CheckpointInvalid, TorchUnavailable, DeviceUnavailable.",
    "examples": [
        {"title": "Train the cardiomyocyte tile classifier",
         "code": "Import-Micrograph *_phase.tif -PairWith { $_.FullName -replace '_phase', '_gfp' } |\n    New-TileSet -Size 64 -Target Label |\n    Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 20 -OutFile cm.cellmodel",
         "remarks": "Trains on phase-contrast tiles labelled from the binarized NKX2.5-GFP image and writes cm.cellmodel."},
        {"title": "Checkpoints and resuming",
         "code": "$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 50 -CheckpointPath run.cellmodel -Resume -OutFile cm.cellmodel",
         "remarks": "Run it again after Ctrl+C and it continues from the last finished epoch."},
        {"title": "White-cell types, rare classes drawn as often as common ones",
         "code": "Import-Micrograph ./crops/*/*.jpg | New-TileSet -Size 64 -WholeImage -ClassFrom Folder |\n    Start-CellTraining Leukocyte.WNet -Epochs 30 -Sampling Balanced -OutFile wbc.cellmodel",
         "remarks": "Each epoch shows the network as many basophils as neutrophils, however few basophils there are."},
        {"title": "Fine-tune a pre-trained network, its backbone frozen",
         "code": "$base = $cellKinds | Start-CellTraining Leukocyte.WNet -Epochs 30 -OutFile kinds.cellmodel\n$types | Start-CellTraining Leukocyte.WNet -From $base -FreezeBackbone -Epochs 10 -OutFile types.cellmodel",
         "remarks": "The second network starts with the first one's convolution layers, kept fixed, and trains a new head for the white-cell types; types.cellmodel records the SHA-256 of kinds.cellmodel."},
        {"title": "Validate on a whole column of fields of one well",
         "code": "$fields = Import-Micrograph phase_z*.png -AsChannels -PairWith dapi.png, map2.png | Split-Micrograph -Size 256\n$fields | Where-Object FieldColumn -lt 3 | New-TileSet -Size 128 -Stride 32 -Target Image |\n    Start-CellTraining CancerStemCell.Pix2Pix -Epochs 40 -BatchSize 8 -HoldOutBy CellOps.FieldColumn -Verbose -OutFile pix2pix.cellmodel",
         "remarks": "Column 3 is kept for testing; of the three training columns, validation holds out a whole one (the verbose stream names it), so no validation tile has a neighbour in training. pix2pix.cellmodel holds the weights of the epoch with the lowest validation L1 (KeptEpoch)."},
        {"title": "Hyperparameters",
         "code": "$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -HyperParameter @{ Depth = 3; BaseWidth = 16; Dropout = 0.2 } -Seed 7",
         "remarks": "Sets declared hyperparameters; the same seed gives the same model on the CPU."},
        {"title": "Search hyperparameters",
         "code": "$trials = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 25 -Epochs 15 -Patience 3 -HyperParameter @{ Depth = 4 } -OutFile best.cellmodel\n$trials | Where-Object IsBest",
         "remarks": "Searches BaseWidth, Dropout, LearningRate and WeightDecay (Depth is held at 4) in 25 training runs, the first 5 random, and writes the model of the trial with the lowest validation loss (of the epoch each trial keeps) to best.cellmodel. $trials holds every trial and, last, the TrainedModel."},
        {"title": "Search on a Slurm cluster, eight trials at once",
         "code": "$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 40 -Epochs 15 -Scheduler Slurm -ParallelTrials 8 -Cpus 4 -MemoryMB 8000 -TimeLimit 02:00:00 -JobPath /shared/search1 -OutFile best.cellmodel",
         "remarks": "Each trial is a Slurm task with 4 cores; the first 8 points are one constant-liar batch, then each finished trial frees a slot for a new proposal. /shared/search1 must be on a file system the nodes share; Get-CellJob /shared/search1 shows the trials' tasks."},
    ],
    "links": ["New-TileSet", "Invoke-CellModel", "Get-CellModel", "about_CellOps"],
}
