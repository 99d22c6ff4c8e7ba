HELP = {
    "name": "Export-Micrograph",
    "synopsis": "Writes micrographs (imported ones, box crops, or synthetic ones from Invoke-CellModel -Count) as 8-bit PNG files.",
    "description": """
Export-Micrograph writes each micrograph from the pipeline to OUTPUTDIRECTORY/NAME.png, NAME being its
name without extension (Eosinophil-s7-0003.png for a synthetic micrograph). Three or more channels are
written as RGB from the first three, one or two as grey from the first, each scaled to 8 bits by the
rule every CellOps picture (overlays, figures, contact sheets) uses: 8-bit samples as they are; integer
samples over their significant bits where Metadata records fewer than the type holds (SignificantBits:
a 4-bit or 12-bit TIFF fills the range rather than showing nearly black); 16- and 32-bit samples, which
cameras fill only a sliver of, and floats outside 0..1 stretched between their 0.5th and 99.5th
percentiles; floats within 0..1 as they are. The physical pixel size is kept in the PNG's pHYs chunk.

Each file is written atomically (under a temporary name, then moved into place). An existing file is
kept, with an OutputExists error, unless -Force is given; two micrographs of one name in one call are a
DuplicateMicrographName error. -WhatIf shows what would be written.
""",
    "syntax": [["InputObject", "OutputDirectory", "Frame", "Force", "PassThru", "WhatIf", "Confirm"]],
    "parameters": [
        {"name": "InputObject", "type": "Micrograph[]", "required": True, "pipeline": "True (ByValue)",
         "description": "Micrographs: from Import-Micrograph, the sources of a tile set, or Invoke-CellModel -Count."},
        {"name": "OutputDirectory", "type": "String", "position": "0", "default": "the current location",
         "description": "Folder for the files, each named after its micrograph; created if missing."},
        {"name": "Frame", "type": "Int32", "default": "0", "description": "The frame of multi-frame micrographs to write."},
        {"name": "Force", "type": "SwitchParameter", "description": "Replace files that already exist."},
        {"name": "PassThru", "type": "SwitchParameter", "description": "Emit a FileInfo per file written."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Show what would be written without writing."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Ask before writing each file."},
    ],
    "inputs": [("CellOps.Sdk.Imaging.Micrograph", "Micrographs to write.")],
    "outputs": [("System.IO.FileInfo", "With -PassThru: each file written.")],
    "notes": "Errors: OutputExists, DuplicateMicrographName, FrameNotFound, WriteFailed, ImageTooLarge (a micrograph over 8192×8192 pixels, which is read whole for the PNG: cut it with Split-Micrograph first), and the Import-Micrograph read errors where a micrograph's pixels cannot be read.",
    "examples": [
        {"title": "Save synthetic cells",
         "code": "Invoke-CellModel eosinophil-gan.cellmodel -Count 100 -Seed 3 | Export-Micrograph synthetic/Eosinophil",
         "remarks": "synthetic/Eosinophil/Eosinophil-s3-0000.png ... -0099.png; a folder per class can be read back with New-TileSet -ClassFrom Folder."},
        {"title": "Save box crops",
         "code": "(Import-Micrograph smears/*.jpg | New-TileSet -Size 64 -BoxFrom boxes.csv).Sources | Export-Micrograph crops -Force",
         "remarks": "Each annotated cell, resized to 64×64, as STEM-boxROW.png."},
    ],
    "links": ["Invoke-CellModel", "Export-ContactSheet", "Import-Micrograph", "about_CellOps"],
}
