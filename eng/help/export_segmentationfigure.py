HELP = {
    "name": "Export-SegmentationFigure",
    "synopsis": "Writes one PNG showing dense predictions of one or more models next to the micrographs and their true labels.",
    "description": """
Export-SegmentationFigure takes PredictionResults of models that label every pixel (Invoke-CellModel on
micrographs or tile sets, for models trained on label images) and writes one figure: a row per
micrograph, and in each row the micrograph (contrast-stretched), its true classes read from its label
image as the first model's training data coded them, then each model's map, under a header naming the
columns. Class 0 is black and the other classes take the stain colours; ignored pixels are grey and
pixels no prediction covered dark red. A micrograph too large to show whole (a slide over 4096x4096
pixels) is drawn from its overview: its label image is read a band of rows at a time, every value
checked, and each overview pixel shows the truth and the maps at the middle of its block. A label image
that cannot be read or holds a value that is no class leaves that truth panel empty, with an error.
Only micrographs every result covers are shown. The file is
written atomically; an existing one is kept, with an OutputExists error, unless -Force is given.
""",
    "syntax": [["InputObject", "Path", "Micrograph", "MaxMicrographs", "Title", "PanelSize", "Force", "PassThru", "WhatIf", "Confirm"]],
    "parameters": [
        {"name": "InputObject", "type": "PredictionResult[]", "required": True, "pipeline": "True (ByValue)",
         "description": "Prediction results, one per model, over the same micrographs."},
        {"name": "Path", "type": "String", "required": True, "position": "0", "description": "The PNG file to write."},
        {"name": "Micrograph", "type": "String[]", "description": "Names of the micrographs to show (default: the first -MaxMicrographs that every result covers)."},
        {"name": "MaxMicrographs", "type": "Int32", "default": "3", "description": "Rows at most when -Micrograph is not given."},
        {"name": "Title", "type": "String[]", "default": "each result's model", "description": "Column titles, one per result."},
        {"name": "PanelSize", "type": "Int32", "default": "384", "description": "Largest side of a panel in pixels; larger micrographs are shrunk (nearest neighbour)."},
        {"name": "Force", "type": "SwitchParameter", "description": "Replace an existing file."},
        {"name": "PassThru", "type": "SwitchParameter", "description": "Emit the written file."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Show what would be written without writing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before writing."},
    ],
    "inputs": [("CellOps.Runtime.Inference.PredictionResult", "The results of Invoke-CellModel, one per model.")],
    "outputs": [("System.IO.FileInfo", "With -PassThru: the figure.")],
    "notes": "Errors: TitleCountMismatch, NoCommonMicrograph, MicrographNotCovered, OutputExists, LabelImageInvalid, WriteFailed, and the Import-Micrograph read errors.",
    "examples": [
        {"title": "Three methods side by side",
         "code": "$results = 'cd', 'patch', 'fcn' | ForEach-Object { $test | Invoke-CellModel \"$_.cellmodel\" }\n$results | Export-SegmentationFigure comparison.png -Title 'class distribution', 'patch', 'U-Net'",
         "remarks": "One row per test micrograph (three at most): micrograph, truth, then the three maps."},
        {"title": "Chosen micrographs, small panels",
         "code": "$result | Export-SegmentationFigure fig.png -Micrograph 24.png, 27.png -PanelSize 192 -Force",
         "remarks": "Replaces fig.png."},
    ],
    "links": ["Invoke-CellModel", "Export-VirtualStain", "New-TileSet", "about_CellOps"],
}
