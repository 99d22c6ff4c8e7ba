HELP = {
    "name": "Export-ContactSheet",
    "synopsis": "Writes a contact sheet: the micrographs from the pipeline as a grid of small images in one PNG, a band of rows per class.",
    "description": """
Export-ContactSheet collects the micrographs from the pipeline, groups them by a metadata entry
(-GroupBy, default CellOps.Class, which box crops and the synthetic micrographs of a one-class generator
carry; or a script block of the micrograph) in the order the groups are first met, and draws them on a white sheet: every image resized to
-CellSize × -CellSize, -Columns per row, each group starting a new band of rows (micrographs without the
entry form the last band). Colour images stay in colour; one-channel images are grey.

The sheet is written atomically. An existing file is kept, with an OutputExists error, unless -Force is
given; -WhatIf shows what would be written.
""",
    "syntax": [["InputObject", "Path", "Columns", "CellSize", "GroupBy", "Force", "PassThru", "WhatIf", "Confirm"]],
    "parameters": [
        {"name": "InputObject", "type": "Micrograph[]", "required": True, "pipeline": "True (ByValue)",
         "description": "Micrographs to show."},
        {"name": "Path", "type": "String", "required": True, "position": "0", "description": "The PNG file to write."},
        {"name": "Columns", "type": "Int32", "default": "8", "description": "Images per row."},
        {"name": "CellSize", "type": "Int32", "default": "64", "description": "Side of each image on the sheet, in pixels."},
        {"name": "GroupBy", "type": "Object", "default": "CellOps.Class",
         "description": "What groups the images into bands: the name of a metadata entry, or a script block given each micrograph as $_ (e.g. { [IO.Path]::GetFileName([IO.Path]::GetDirectoryName($_.Path)) } for crops in one folder per class)."},
        {"name": "Force", "type": "SwitchParameter", "description": "Replace the file if it exists."},
        {"name": "PassThru", "type": "SwitchParameter", "description": "Emit a FileInfo of the sheet."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Show what would be written without writing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before writing."},
    ],
    "inputs": [("CellOps.Sdk.Imaging.Micrograph", "Micrographs to show.")],
    "outputs": [("System.IO.FileInfo", "With -PassThru: the sheet.")],
    "notes": "Errors: OutputExists, WriteFailed, GroupByFailed (the script block failed), and the Import-Micrograph read errors where an image cannot be read.",
    "examples": [
        {"title": "Samples of several per-class generators on one sheet",
         "code": "$samples = foreach ($gen in Get-Item gans/*.cellmodel) { Invoke-CellModel $gen.FullName -Count 8 -Seed 1 }\n$samples | Export-ContactSheet synthetic.png",
         "remarks": "One row of eight samples per cell type."},
        {"title": "Real box crops by class",
         "code": "(Import-Micrograph smears/*.jpg | New-TileSet -Size 64 -BoxFrom boxes.csv).Sources | Export-ContactSheet crops.png -Columns 16 -CellSize 32",
         "remarks": "A band per class (CellOps.Class of each crop)."},
    ],
    "links": ["Export-Micrograph", "Invoke-CellModel", "New-TileSet", "about_CellOps"],
}
