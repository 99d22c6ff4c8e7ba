HELP = {
    "name": "Export-VirtualStain",
    "synopsis": "Writes model predictions as full-size virtual stains: a float32 probability TIFF, a binarized stain and a colour overlay PNG per micrograph.",
    "description": """
Export-VirtualStain takes the PredictionResults of Invoke-CellModel and lays each micrograph's tile
predictions back over the whole image. Where tiles overlap (New-TileSet -Stride smaller than -Size),
each pixel is the weighted mean of the tiles that cover it, weighted highest at a tile's centre and
falling towards its edges, so neighbouring calls blend without seams; where tiles do not overlap each
pixel takes its tile's probabilities exactly. Pixels no tile covered stay unstained.

For each micrograph it writes, named after the micrograph:
  NAME.probability.tif  float32 probabilities (two classes: P(positive); more: one page per class)
  NAME.stain.tif        8-bit binarized stain, 255 where P(positive) >= -Threshold
                        (NAME.labels.tif for more classes: the most probable class, 255 uncovered)
  NAME.overlay.png      the micrograph in colour with the stain laid over it (images of more than
                        4096×4096 pixels get a reduced overview; -PassThru's OverlayScale says by
                        how much)
All three carry the micrograph's physical pixel size (TIFF resolution, PNG pHYs) and are written
atomically. Existing files are kept, with an OutputExists error, unless -Force is given. Maps are built
and written one micrograph at a time; a map of more than 4096×4096 pixels lies in a temporary file and
its TIFFs are written strip by strip, so a whole slide costs a band of rows in memory, not the slide.

Given the TranslationResult of an image-translation model (e.g. CancerStemCell.Pix2Pix predicting
DAPI and MAP2 from phase contrast), it writes instead, per micrograph:
  NAME.predicted.tif    the predicted fluorescence, float32, one page per target channel, in the
                        target's own intensity units (as the training pairs measured them)
  NAME.stain.tif        8-bit, one page per channel: 255 where the prediction lies above Otsu's
                        threshold of that predicted channel
  NAME.overlay.png      the input in grey with each predicted channel tinted over it (images larger
                        than 4096 pixels on a side get a reduced overview)
These are read and written strip by strip, so memory does not grow with the image.
""",
    "syntax": [["InputObject", "OutputDirectory", "Threshold", "Opacity", "Force", "PassThru", "WhatIf", "Confirm"],
               ["InputObject", "Path", "Threshold", "Opacity", "Force", "PassThru", "WhatIf", "Confirm"]],
    "parameters": [
        {"name": "InputObject", "type": "Object[]", "required": True, "pipeline": "True (ByValue)",
         "description": "PredictionResults from Invoke-CellModel (not -PerTile output), ProbabilityMaps, or TranslationResults (and their PredictedImages) of image-translation models."},
        {"name": "OutputDirectory", "type": "String", "position": "0", "default": "the current location",
         "description": "Folder for the files, named after each micrograph; created if missing."},
        {"name": "Path", "type": "String", "required": True,
         "description": "For a single micrograph: the path its files are named after; a .tif or .png extension is dropped."},
        {"name": "Threshold", "type": "Double", "default": "0.5", "description": "Two classes: the probability at or above which a pixel is stained."},
        {"name": "Opacity", "type": "Double", "default": "0.5", "description": "Strength of the overlay colour, 0 to 1; for two classes it is scaled by each pixel's probability."},
        {"name": "Force", "type": "SwitchParameter", "description": "Replace files that already exist."},
        {"name": "PassThru", "type": "SwitchParameter", "description": "Emit a VirtualStain object (files, stained share, pixel size) per micrograph."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Show what would be written without writing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before writing each micrograph's files."},
    ],
    "inputs": [("CellOps.Runtime.Inference.PredictionResult", "The result of Invoke-CellModel."),
               ("CellOps.Runtime.Translation.TranslationResult", "The result of Invoke-CellModel with an image-translation model.")],
    "outputs": [("CellOps.Imaging.Maps.VirtualStain", "With -PassThru: the files written per micrograph and the stained share."),
                ("CellOps.Runtime.Translation.TranslatedStain", "With -PassThru, for translations: the files, and per channel the Otsu threshold and stained share.")],
    "notes": "Errors: UnsupportedInput, OutputExists, DuplicateMicrographName, PathNamesOneMicrograph, WriteFailed, and the Import-Micrograph read errors where the micrograph under the overlay cannot be read.",
    "examples": [
        {"title": "Stain whole fields from overlapping tiles",
         "code": "Import-Micrograph plate/*.tif | New-TileSet -Size 64 -Stride 32 | Invoke-CellModel cm.cellmodel |\n    Export-VirtualStain -OutputDirectory stains",
         "remarks": "Writes NAME.probability.tif, NAME.stain.tif and NAME.overlay.png for every field."},
        {"title": "One field, a stricter threshold, see what it did",
         "code": "$field | Invoke-CellModel cm.cellmodel | Export-VirtualStain -Path out/A1 -Threshold 0.8 -Force -PassThru",
         "remarks": "Writes out/A1.probability.tif, out/A1.stain.tif and out/A1.overlay.png and prints the stained share."},
        {"title": "Predicted fluorescence of held-out fields",
         "code": "$fields | Invoke-CellModel pix2pix.cellmodel | Export-VirtualStain -OutputDirectory stains -PassThru",
         "remarks": "Writes NAME.predicted.tif (float32 DAPI and MAP2 pages), NAME.stain.tif and NAME.overlay.png per field."},
        {"title": "Preview",
         "code": "$result | Export-VirtualStain stains -WhatIf",
         "remarks": "Lists the files that would be written."},
    ],
    "links": ["Invoke-CellModel", "Export-CellReport", "New-TileSet", "about_CellOps"],
}
