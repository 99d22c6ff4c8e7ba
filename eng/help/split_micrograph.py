HELP = {
    "name": "Split-Micrograph",
    "synopsis": "Cuts micrographs (and their pairs, identically) into square fields, each a micrograph of its own.",
    "description": """
Split-Micrograph cuts each micrograph from the pipeline into fields of -Size pixels square, on a grid
that starts at the top-left corner, and emits them in row-major order: row 0 from left to right, then
row 1, and so on. A micrograph's pair is cut into the same fields, so each field carries its own pair.

A field is a CellOps.Micrograph that views its region of the original: no pixels are copied, and its
pixels are read from the original's files when they are needed. It keeps the original's channels,
pixel type, frames, physical pixel size and metadata, and has no path of its own (it is not the
file). It is named after the original, without the file extension, followed by its row and column:
phase_z00-12 r0c1 is row 0, column 1. Its metadata records CellOps.FieldRow, CellOps.FieldColumn,
CellOps.FieldX and CellOps.FieldY (its top-left corner in the original's pixels), CellOps.FieldOf
(the original's name) and CellOps.FieldOfPath (the original's path, where it has one); the FieldRow,
FieldColumn, FieldX and FieldY properties give the numbers as integers, so whole fields are easy to
hold out: Where-Object FieldColumn -eq 3.

Where -Size does not divide the width or height, the partial fields at the right and bottom edges are
left out (the last pixels are not used); -IncludePartial keeps them as narrower or shorter fields. A
micrograph smaller than one field gives no fields and a warning.

New-TileSet tiles fields like any micrograph: a tile's Source is its field and its rectangle is in the
field's pixels, and tiles never reach into a neighbouring field (the edge policy fills past a field's
edge as past an image's). Training and prediction read the fields of one original through one open
copy of its files, so shuffling tiles across fields does not decode the files again for every tile.
""",
    "syntax": [
        ["InputObject", "Size", "IncludePartial"],
    ],
    "parameters": [
        {"name": "InputObject", "type": "Micrograph[]", "required": True, "pipeline": "True (ByValue)",
         "description": "Micrographs to split, from Import-Micrograph (or fields, which are split again)."},
        {"name": "Size", "type": "Int32", "required": True, "position": "0",
         "description": "Width and height of a field, in pixels."},
        {"name": "IncludePartial", "type": "SwitchParameter", "default": "False",
         "description": "Also emit the partial fields at the right and bottom edges, narrower or shorter than -Size, where -Size does not divide the image. By default they are left out."},
    ],
    "inputs": [
        ("CellOps.Sdk.Imaging.Micrograph", "Micrographs, bound to -InputObject."),
    ],
    "outputs": [("CellOps.Sdk.Imaging.Micrograph", "One per field, row by row, each with the matching field of the pair.")],
    "notes": "A field has no Path; its FieldOf and FieldOfPath metadata name the original. Splitting a 1024×1024 well with -Size 256 gives 16 fields, r0c0 to r3c3.",
    "examples": [
        {"title": "Hold out the right quarter of a well for testing",
         "code": "$well = Import-Micrograph ./well/phase_z*.png -AsChannels -Role PhaseContrast -PairWith ./well/dapi.png, ./well/map2.png\n$fields = $well | Split-Micrograph -Size 256\n$train = $fields | Where-Object FieldColumn -lt 3\n$test = $fields | Where-Object FieldColumn -eq 3",
         "remarks": "Sixteen 256-pixel fields; the four of the right-most column are kept for testing and never tiled for training."},
        {"title": "Tile the training fields for image translation",
         "code": "$tiles = $train | New-TileSet -Size 128 -Target Image",
         "remarks": "Each tile's Source is its field; its target is the same region of the field's pair."},
        {"title": "Keep the partial fields at the edges",
         "code": "Import-Micrograph scan.tif | Split-Micrograph 500 -IncludePartial",
         "remarks": "A 1200×800 image gives fields 500 wide in the first two columns and 200 wide in the third, 500 high in the first row and 300 high in the second."},
    ],
    "links": ["Import-Micrograph", "New-TileSet", "about_CellOps"],
}
