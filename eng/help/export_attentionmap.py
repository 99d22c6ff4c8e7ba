HELP = {
    "name": "Export-AttentionMap",
    "synopsis": "Shows where a tile classifier looks: writes a Grad-CAM attention map of each tile as a colour overlay PNG.",
    "description": """
Export-AttentionMap loads a tile classifier's package (a .cellmodel path, or the TrainedModel that
Start-CellTraining returns) and, for every tile from the pipeline, computes its gradient-weighted class
activation map (Grad-CAM, Selvaraju et al. 2017): the gradient of the class's logit with respect to the
network's last convolutional feature map, averaged over the map's cells, weights the map's channels;
their sum, cut at zero, is resized bilinearly to the tile and divided by its maximum, so 1 marks where
the evidence for the class is strongest. The explained class is each tile's predicted class, or -Class
for all tiles.

The feature map is the backbone's output where the network separates backbone and head and its
backbone gives a map (a ResNet's last stage), otherwise the output of the last layer that gives an
N×C×h×w map with more than one cell, i.e. the last one before global pooling; -Verbose names it. The
network runs in evaluation mode and its weights are not changed.

Micrographs are cut as the package says: whole, resized, for a model trained on whole crops
(New-TileSet -WholeImage), otherwise into grid tiles of its size. Each tile becomes NAME.attention.png
in the -Path folder, the tile as the model saw it (stretched for display as every CellOps overlay)
tinted by the map in violet-to-yellow colours whose strength follows the map; NAME is the micrograph's
name, followed by the tile's position (.x128y64) for grid tiles. -IncludeMap adds NAME.attention-map.png,
the map alone in the same colours. Files are written atomically; existing ones are kept, with an
OutputExists error, unless -Force is given, and -WhatIf computes and writes nothing.
""",
    "syntax": [["Model", "InputObject", "Path", "Class", "Opacity", "IncludeMap", "BatchSize", "Force", "Device", "Threads", "PluginPath", "WhatIf", "Confirm"]],
    "parameters": [
        {"name": "Model", "type": "Object", "required": True, "position": "0",
         "description": "A .cellmodel path or a TrainedModel from Start-CellTraining: a tile classifier."},
        {"name": "InputObject", "type": "Object[]", "required": True, "pipeline": "True (ByValue)",
         "description": "TileSets (New-TileSet) or Micrographs (Import-Micrograph)."},
        {"name": "Path", "type": "String", "required": True, "position": "1",
         "description": "The folder for the PNGs; created if missing."},
        {"name": "Class", "type": "String",
         "description": "The class whose evidence every map shows, by name; default each tile's predicted class. Tab completes the class names of the -Model package. A name the model lacks is an UnknownClass error that lists its classes."},
        {"name": "Opacity", "type": "Double", "default": "0.6", "description": "Strength of the tint where the map is 1, from 0 to 1."},
        {"name": "IncludeMap", "type": "SwitchParameter", "description": "Also write the map alone (NAME.attention-map.png)."},
        {"name": "BatchSize", "type": "Int32", "default": "32", "description": "Tiles per batch."},
        {"name": "Force", "type": "SwitchParameter", "description": "Replace files that already exist."},
        {"name": "Device", "type": "DevicePreference", "default": "$env:CELLOPS_DEVICE, else Auto", "description": "Cpu, Cuda or Auto."},
        {"name": "Threads", "type": "Int32", "default": "$env:CELLOPS_THREADS, else all cores", "description": "CPU threads torch uses."},
        {"name": "PluginPath", "type": "String[]", "description": "More folders to look for plugins in."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Show which files would be written, computing nothing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before each tile's files."},
    ],
    "inputs": [("CellOps.Sdk.Tiling.TileSet", "Tiles to explain."), ("CellOps.Sdk.Imaging.Micrograph", "Micrographs to cut and explain.")],
    "outputs": [("CellOps.Runtime.Attention.AttentionMap", "Per tile: micrograph, tile, the class explained and its probability, the predicted class, the map's peak (PeakX, PeakY, in tile pixels) and the files (Path, MapPath).")],
    "notes": "Errors: ModelPackageNotFound (no file at the -Model path), ModelPackageInvalid, NotAClassifier (a dense, translation or generator model: terminating), UnknownClass (terminating), NoFeatureMap (the network has no feature map larger than 1×1), TileSizeMismatch, OutputExists, DuplicateTileName, WriteFailed, UnsupportedInput, and the Import-Micrograph read errors.",
    "examples": [
        {"title": "Where a whole-cell classifier looks",
         "code": "Import-Micrograph crops/*.png | New-TileSet -Size 64 -WholeImage | Export-AttentionMap fate.cellmodel maps -IncludeMap",
         "remarks": "One overlay and one map per crop, for the class predicted for it."},
        {"title": "The evidence for one class, on every tile",
         "code": "Import-Micrograph day5/*.tif | Export-AttentionMap colonies.cellmodel maps/differentiated -Class Differentiated -Force",
         "remarks": "Each micrograph is cut into the package's tiles; every map shows the evidence for Differentiated, whatever was predicted."},
    ],
    "links": ["Invoke-CellModel", "Start-CellTraining", "New-TileSet", "about_CellOps"],
}
