HELP = {
    "name": "ConvertTo-CellModel",
    "synopsis": "Turns weights trained elsewhere (a PyTorch state dict or a safetensors file) into a CellOps model package.",
    "description": """
ConvertTo-CellModel reads each weight file, matches every tensor in it to the network of the model
-Model names (e.g. NeuralFate.ResNet50), and writes a .cellmodel that Invoke-CellModel predicts with,
Export-AttentionMap explains and Start-CellTraining -From fine-tunes. The package's manifest records the
file's name, SHA-256 and format (ImportedFrom), and every model fine-tuned from it carries the same record
in its Parent, so a model can always be traced to weights CellOps did not train.

Files. A state dict saved by PyTorch (torch.save(model.state_dict(), 'x.pth'), the zip format of PyTorch
1.6 and later) or a .safetensors file; the format is recognised from the content. A training checkpoint
that keeps the state dict under 'state_dict', 'model_state_dict' or 'model' is unwrapped, and keys that
all start with 'module.' (a model saved inside DataParallel) are read without it. Float16, bfloat16 and
float64 tensors become float32.

Safety. Loading never runs code from the file. A PyTorch file is a Python pickle, which can ask for any
Python function to be called; CellOps reads it with its own restricted reader that accepts only what a
state dict of tensors needs (OrderedDict, the tensor and storage constructors) and refuses anything else,
naming what the file asked for (UnsafeWeightFile), before anything is built. A whole pickled model
(torch.save(model)) is refused the same way: save model.state_dict() instead. Sizes, shapes and offsets
are checked against the file before memory is committed.

Matching. The network says where each saved tensor belongs (for NeuralFate's ResNets, torchvision's names:
conv1, layer1.0.conv1, ..., fc). Tensors missing from the file, tensors the network has no place for, and
tensors of the wrong shape are all listed in one WeightMismatch error, and nothing is written. A
classifier saved for other classes than the model declares (ImageNet's 1000, a lab's three fates) is
taken whole: the network gets a head of the file's size. Name its classes with -ClassName; otherwise
they are the model's own where the counts agree, else class0, class1, ...

ImageNet weights. No weights are downloaded. A user who has torchvision's ImageNet weights saves them once
in Python (torch.save(torchvision.models.resnet50(weights='IMAGENET1K_V2').state_dict(), 'r50.pth')) and
converts that file; the ResNets normalise input with ImageNet's mean and deviation, as those weights
expect, and repeat a grey channel three times. Fine-tune with Start-CellTraining -From, e.g. with
-LearningRate 1e-4 and -HyperParameter @{ FreezeBatchNorm = 'True' } on small sets.
""",
    "syntax": [["Path", "Model", "OutFile", "ClassName", "HyperParameter", "TileSize", "WholeImage", "Force", "Device", "Threads", "PluginPath", "WhatIf", "Confirm"],
               ["LiteralPath", "Model", "OutFile", "ClassName", "HyperParameter", "TileSize", "WholeImage", "Force", "Device", "Threads", "PluginPath", "WhatIf", "Confirm"]],
    "parameters": [
        {"name": "Path", "type": "String[]", "required": True, "position": "0", "pipeline": "True (ByValue, ByPropertyName)",
         "description": "The weight files (.pth, .pt, .bin, .safetensors); wildcards allowed. Binds strings and the Path property of piped objects."},
        {"name": "LiteralPath", "type": "String[]", "required": True, "pipeline": "True (ByPropertyName)", "aliases": ["PSPath", "LP", "FullName"],
         "description": "The weight files, taken literally."},
        {"name": "Model", "type": "String", "required": True, "position": "1",
         "description": "The installed model whose network the weights fit, PluginId.ModelName (Get-CellModel lists them; Tab completes them)."},
        {"name": "OutFile", "type": "String", "default": "the weight file's name with .cellmodel, beside it",
         "description": "The package to write (one weight file only)."},
        {"name": "ClassName", "type": "String[]", "default": "the model's classes where the counts agree, else class0, class1, ...",
         "description": "The classes the file's classifier predicts, in its output order; their number must be the file's."},
        {"name": "HyperParameter", "type": "Hashtable",
         "description": "Hyperparameters that shape the network, e.g. @{ Dropout = 0.2 }; the rest keep their defaults and are recorded. After -Model, Tab completes a hyperparameter name to @{ Name = default }."},
        {"name": "TileSize", "type": "Int32", "default": "the model's suggested size (224 for the ResNets)",
         "description": "The tile size the package predicts at, for models that take any size."},
        {"name": "WholeImage", "type": "SwitchParameter",
         "description": "The package classifies whole images (cell crops resized to the tile size), as New-TileSet -WholeImage cuts them."},
        {"name": "Force", "type": "SwitchParameter", "description": "Replace a package that already exists."},
        {"name": "Device", "type": "DevicePreference", "default": "$env:CELLOPS_DEVICE, else Auto", "description": "Cpu, Cuda or Auto."},
        {"name": "Threads", "type": "Int32", "default": "$env:CELLOPS_THREADS, else all cores", "description": "CPU threads torch uses."},
        {"name": "PluginPath", "type": "String[]", "description": "More folders to look for plugins in."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Show which packages would be written, reading nothing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before each package."},
    ],
    "inputs": [("System.String", "Weight file paths."), ("System.IO.FileInfo", "Weight files (Get-ChildItem), by their FullName.")],
    "outputs": [("CellOps.Runtime.Importing.ImportedModel", "Per file: the package (Path, Name), the model, its classes and tile size, and the weight file's name, SHA-256 and format (Origin).")],
    "notes": "Errors (each file fails alone): WeightFileNotFound, WeightFileInvalid (damaged, legacy or not a weight file), UnsafeWeightFile (the pickle asks for code), WeightMismatch (missing, unexpected and wrongly shaped tensors, listed), WeightImportInvalid (not a classifier, wrong class-name count, a tile size the model does not take), OutputExists, OutFileForManyInputs, ModelPackageWriteFailed; terminating: ModelNotFound, InvalidHyperParameter.",
    "examples": [
        {"title": "ImageNet weights saved once in Python, fine-tuned on two fates",
         "code": "$base = ConvertTo-CellModel r50-imagenet.pth NeuralFate.ResNet50 -WholeImage\n$tiles | Start-CellTraining NeuralFate.ResNet50 -From $base -LearningRate 1e-4 -HyperParameter @{ FreezeBatchNorm = 'True' }",
         "remarks": "The fine-tuned package's manifest names r50-imagenet.pth and its SHA-256 under parent.importedFrom."},
        {"title": "A lab's own three-class model, predicted as it is",
         "code": "ConvertTo-CellModel fate-day3.safetensors NeuralFate.ResNet18 -ClassName Astrocyte, Neuron, Oligodendrocyte -TileSize 128 -WholeImage |\n    ForEach-Object { Import-Micrograph day3/*.png | Invoke-CellModel $_ }",
         "remarks": "The classes are the file's output order; crops are resized to 128×128 as the lab trained."},
    ],
    "links": ["Start-CellTraining", "Invoke-CellModel", "Get-CellModel", "about_CellOps"],
}
