HELP = {
    "name": "New-TileSet",
    "synopsis": "Cuts micrographs into tiles on a grid (or resizes each whole into one tile) and labels each tile from the micrograph's paired image or class.",
    "description": """
New-TileSet takes micrographs from the pipeline (Import-Micrograph) and emits one CellOps.TileSet that
holds every tile of every micrograph. A tile knows its source micrograph, frame and rectangle, and its
target.

The grid: tiles of -Size pixels, -Stride pixels apart (default: the size), or -Overlap pixels shared
by neighbours. Where the grid does not fit the image, -EdgePolicy decides: Drop (the default) keeps only
whole tiles; Pad and Reflect keep the partial tiles at the right and bottom edges, filling the missing
pixels with zeros or with the mirrored image; Shift moves the last tile of each row and column inward
so that it ends at the edge. -ForegroundFraction drops tiles that are mostly background: a pixel is
foreground where any channel differs from that channel's median over the micrograph by more than
three robust standard deviations (1.4826 × MAD).

Targets come from the micrograph's pair (Import-Micrograph -PairWith):
Label — the pair is binarized (Otsu's threshold over the whole pair, or -Threshold) and a tile is
labelled 1 where its positive area fraction is at least -AreaFraction (0.5 by default, as in the
cardiomyocyte study), else 0.
CenterClass — the class of the pair's centre pixel (a label image); tiles centred on -IgnoreClass are dropped.
ClassHistogram — each tile is split into r×r cells for every r in -Grid, and each cell gets the
normalised histogram of the K classes of the label pair (-ClassCount, or the largest label + 1),
leaving out -IgnoreClass; each cell's fractions sum to 1 (all zeros where every pixel is ignored).
Image — the paired region itself, for image translation.
None (the default) — no target, for prediction.

A target can also be given per micrograph rather than read from a pair: ImageClass — every tile of a
micrograph gets that micrograph's class, taken by -ClassFrom from the folder the file lies in
('Folder', the usual layout of labelled cell crops: one folder per class), from a script block, or
from a hashtable of file names. -ClassFrom alone selects this target. The class names are recorded in
the tile set (ClassNames), in -ClassName order or sorted by name, and a model trained on it records
them as its classes.

Whole images: with -WholeImage each micrograph becomes exactly one tile, the whole image resized to
-Size × -Size by bilinear interpolation with every channel kept (a colour crop stays three channels
all the way into the network). This is the input of whole-cell classifiers such as the white-blood-cell
W-Net; each image is read whole, so it is meant for crops, not for large fields. The tile's source is
the resized image (held in memory, with the original's name, path and metadata, and its original size
under CellOps.ResizedFrom).

Annotated boxes: with -Box (objects, e.g. the rows of Import-Csv) or -BoxFrom (CSV tables or Pascal
VOC XML files, e.g. BCCD/Annotations/*.xml) each
annotated cell becomes one tile: its box is cut from the micrograph of that file name among those from
the pipeline and resized whole to -Size, every channel kept, labelled with the box's class (target
ImageClass, class names sorted or in -ClassName order). A box needs the image's file name (column
File, FileName, Image or Path), its class (Class, cell_type, CellType, Label or Category) and its edges
xmin, xmax, ymin, ymax in pixels (max is the first pixel past the box), as in the BCCD data set's
filename,cell_type,xmin,xmax,ymin,ymax. Each smear is decoded once for all its boxes. The crop is named
STEM-boxROW and records its smear, box, class and row in its metadata (CellOps.CropOf, CellOps.Box,
CellOps.Class, CellOps.Annotation). Bad boxes are non-terminating errors naming the table and row:
InvalidBox (a field missing or not a number, an empty box), BoxOutsideImage (the box reaches past the
image), BoxImageNotFound (no micrograph from the pipeline has the file name; one error per file).

Tiling is exact and deterministic: the same input gives the same tiles. Pixels are read one tile at a
time. A micrograph that lacks the pair its target needs, or whose label image holds a value that is
not a class, is a non-terminating error (TileTargetFailed) and the other micrographs are tiled.
A tile set holds at most 2,097,152 tiles (each is an object in memory); a micrograph that would take
it past that is refused before any tile is made (TileSetTooLarge, naming the count): give a larger
-Stride, crop it, or cut it with Split-Micrograph and tile the fields in smaller sets.
""",
    "syntax": [
        ["InputObject", "Size", "Stride", "EdgePolicy", "Target", "Threshold", "AreaFraction", "Grid", "ClassCount", "LabelValue", "ClassName", "IgnoreClass", "ForegroundFraction", "Frame"],
        ["InputObject", "Size", "Overlap", "EdgePolicy", "Target", "Threshold", "AreaFraction", "Grid", "ClassCount", "LabelValue", "ClassName", "IgnoreClass", "ForegroundFraction", "Frame"],
        ["InputObject", "Size", "WholeImage", "ClassFrom", "ClassName", "Target", "Frame"],
        ["InputObject", "Size", "Box", "ClassName", "Frame"],
        ["InputObject", "Size", "BoxFrom", "ClassName", "Frame"],
    ],
    "parameters": [
        {"name": "InputObject", "type": "Micrograph[]", "required": True, "pipeline": "True (ByValue)",
         "description": "Micrographs to tile, usually from Import-Micrograph."},
        {"name": "Size", "type": "Int32", "position": "0", "default": "64",
         "description": "Tile width and height in pixels."},
        {"name": "Stride", "type": "Int32", "default": "the tile size",
         "description": "Distance between the origins of neighbouring tiles. A stride larger than the size leaves gaps."},
        {"name": "Overlap", "type": "Int32", "required": True,
         "description": "Pixels shared by neighbouring tiles; the stride becomes Size - Overlap. Cannot be used with -Stride."},
        {"name": "Box", "type": "Object[]", "required": True,
         "description": "Annotated cells, one tile each: objects (Import-Csv rows, hashtables, [pscustomobject]s) with the image's file name (File or filename), the class (Class or cell_type) and the box edges xmin, xmax, ymin, ymax in pixels. Matched to the micrographs from the pipeline by file name."},
        {"name": "BoxFrom", "type": "String[]", "required": True, "globbing": True,
         "description": "Files of annotated cells, wildcards allowed: CSV tables with a header row (filename,cell_type,xmin,xmax,ymin,ymax or File,Class,XMin,...) or Pascal VOC annotations (*.xml: filename, and per object its name and bndbox); one tile per box, as -Box. Rows (objects) that cannot be read are InvalidBox errors, a file that cannot be read as a whole InvalidBoxTable or BoxTableUnreadable; the rest are used. An argument that matches no file is a terminating BoxTableNotFound error."},
        {"name": "WholeImage", "type": "SwitchParameter", "required": True,
         "description": "Each micrograph becomes one tile: the whole image resized to -Size × -Size by bilinear interpolation, every channel kept. For cell crops; -Stride, -Overlap and -ForegroundFraction do not apply."},
        {"name": "ClassFrom", "type": "Object",
         "description": "Each micrograph's class, which all its tiles get (target ImageClass, selected by this parameter): 'Folder' takes the name of the folder the file lies in; a script block gets the micrograph as $_ and returns its class name; a hashtable maps file names (with or without extension) or full paths to class names. A micrograph without a class is a non-terminating error (ImageClassMissing) and is left out."},
        {"name": "ClassName", "type": "String[]", "default": "the classes found, sorted by name",
         "description": "With -ClassFrom: the class names in label order (class 0 first). Fixes the labels whatever classes the input happens to hold; a micrograph of a class not listed is a non-terminating error (TileTargetFailed)."},
        {"name": "EdgePolicy", "type": "EdgePolicy", "default": "Drop",
         "description": "Drop, Pad, Reflect or Shift: what happens where the grid does not fit the image."},
        {"name": "Target", "type": "TileTarget", "default": "None",
         "description": "None, Label, CenterClass, ClassHistogram, Image or ImageClass: what each tile is labelled with. ImageClass (the micrograph's class from -ClassFrom) is the default when -ClassFrom is given."},
        {"name": "Threshold", "type": "Double", "default": "Otsu's threshold",
         "description": "Label target: pair values above this are positive. By default Otsu's threshold is computed over each whole pair image."},
        {"name": "AreaFraction", "type": "Double", "default": "0.5",
         "description": "Label target: a tile is labelled 1 when at least this fraction of its pixels is positive."},
        {"name": "Grid", "type": "Int32[]",
         "description": "ClassHistogram target: one or more grid sizes r; each tile is split into r×r cells (of equal size when r divides the tile size, otherwise differing by at most a pixel)."},
        {"name": "ClassCount", "type": "Int32", "default": "largest label + 1",
         "description": "CenterClass and ClassHistogram targets: the number of classes K of the label images."},
        {"name": "LabelValue", "type": "Int32[]", "default": "the values are the class indices",
         "description": "CenterClass and ClassHistogram targets: the label-image values of classes 0, 1, ... in order, e.g. 0,255 for a mask whose 0 is one class and 255 the other. Sets the number of classes; any other value (but -IgnoreClass) is an error naming the file and pixel."},
        {"name": "IgnoreClass", "type": "Int32",
         "description": "A label value that is not a class (for example regions experts could not call): left out of histograms; CenterClass tiles centred on it are dropped."},
        {"name": "ForegroundFraction", "type": "Double",
         "description": "Drop tiles whose fraction of foreground pixels is below this (0 to 1)."},
        {"name": "Frame", "type": "Int32", "default": "0",
         "description": "The frame of multi-frame micrographs to tile. A pair with fewer frames supplies its first frame."},
    ],
    "inputs": [("CellOps.Sdk.Imaging.Micrograph", "Micrographs from Import-Micrograph.")],
    "outputs": [("CellOps.Sdk.Tiling.TileSet", "One tile set with all tiles; its Tiles property lists them, ClassCounts counts labels per class.")],
    "notes": "A TileSet prints as one table row: count, tile size, stride ('whole' for whole-image tiles), edge policy, target, sources and class counts (by class name where the tile set names its classes).",
    "examples": [
        {"title": "Tiles for prediction",
         "code": "Import-Micrograph ./plate1/*.tif | New-TileSet -Size 64 -Overlap 16 -EdgePolicy Shift",
         "remarks": "Overlapping 64×64 tiles that cover every pixel of every field."},
        {"title": "Labelled tiles from a fluorescence pair (the cardiomyocyte study)",
         "code": "Import-Micrograph *_phase.tif -PairWith { $_.FullName -replace '_phase', '_gfp' } |\n    New-TileSet -Size 64 -Target Label -AreaFraction 0.5",
         "remarks": "Each tile is 1 where at least half of it is positive in the Otsu-binarized GFP image."},
        {"title": "Class distributions on several grids (the iPS colony study)",
         "code": "Import-Micrograph colony*.png -PairWith { $_.FullName -replace 'colony', 'labels' } -PairRole Label |\n    New-TileSet -Size 64 -Stride 32 -Target ClassHistogram -Grid 1, 2, 4 -ClassCount 3 -IgnoreClass 255",
         "remarks": "Each tile carries the class histogram of every cell of a 1×1, 2×2 and 4×4 grid, leaving out the uncertain class 255."},
        {"title": "Whole-cell crops labelled by their folder (the white-blood-cell study)",
         "code": "Import-Micrograph ./crops/*/*.jpg | New-TileSet -Size 64 -WholeImage -ClassFrom Folder",
         "remarks": "crops/Neutrophil/a.jpg becomes one 64×64 RGB tile of class Neutrophil; the tile set's ClassNames are the folder names, sorted."},
        {"title": "Cell crops from annotated smears (BCCD boxes: WBC, RBC, platelets)",
         "code": "Import-Micrograph BCCD/JPEGImages/*.jpg | New-TileSet -Size 64 -BoxFrom BCCD/test.csv",
         "remarks": "One 64×64 RGB tile per box, labelled WBC, RBC or Platelets; e.g. to pre-train W-Net before fine-tuning it on the white-cell types."},
        {"title": "Pascal VOC annotations",
         "code": "Import-Micrograph BCCD/JPEGImages/*.jpg | New-TileSet -Size 64 -BoxFrom BCCD/Annotations/*.xml -ClassName WBC, RBC, Platelets",
         "remarks": "The same boxes read from one XML file per smear, the labels in the order given."},
        {"title": "Boxes filtered in the pipeline",
         "code": "$boxes = Import-Csv test.csv | Where-Object cell_type -ne 'RBC'\nImport-Micrograph smears/*.jpg | New-TileSet -Size 64 -Box $boxes",
         "remarks": "Only white cells and platelets; a box of a file not imported is a BoxImageNotFound error."},
        {"title": "Drop empty background",
         "code": "$m | New-TileSet -Size 64 -Target Label -ForegroundFraction 0.05",
         "remarks": "Keeps tiles where at least 5% of the pixels differ from the field's background."},
    ],
    "links": ["Import-Micrograph", "Split-Micrograph", "about_CellOps"],
}
