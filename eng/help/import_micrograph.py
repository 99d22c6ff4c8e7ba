HELP = {
    "name": "Import-Micrograph",
    "synopsis": "Imports micrographs (TIFF, OME-TIFF, PNG, JPEG, BMP) as CellOps.Micrograph objects.",
    "description": """
Import-Micrograph reads each file's header (size, channels, pixel type, frames, physical pixel size,
OME-TIFF channel names) and emits one CellOps.Micrograph object per file. Pixels are not loaded: they
are read later, one region at a time, so a large tiled TIFF is never decoded whole just to cut tiles
from it.

TIFF files are read with LibTiff.NET: 1, 8, 16 and 32-bit signed and unsigned integers and 32-bit
float; 1 to 4 samples per pixel, chunky or planar; strips or tiles; uncompressed, LZW, Deflate,
PackBits, JPEG, CCITT and the other compressions LibTiff.NET decodes, with predictors; multi-page files
(pages become frames, or channels with -PagesAsChannels or where OME metadata says so); BigTIFF.
PNG, JPEG and BMP files (8 and 16 bit) are read with OpenCV. The reader is chosen by the file's
content, not its extension.

-PairWith attaches the paired image of the same field (a fluorescence image, a mask or a label image)
to each micrograph; New-TileSet derives tile targets from it. The pair must have the same width and
height, or it is refused.

A missing, unsupported or damaged file, or a pair of another size, is reported as a non-terminating
error (error ids MicrographNotFound, UnsupportedImage, CorruptImage, ImageUnreadable,
PairSizeMismatch, PairPathInvalid, InvalidChannelDescription) whose target object is the file, and
the next file is processed.
""",
    "syntax": [
        ["Path", "Channel", "Role", "ChannelName", "PagesAsChannels", "PairWith", "PairRole", "PairChannelName"],
        ["LiteralPath", "Channel", "Role", "ChannelName", "PagesAsChannels", "PairWith", "PairRole", "PairChannelName"],
    ],
    "parameters": [
        {"name": "Path", "type": "String[]", "required": True, "position": "0", "pipeline": "True (ByValue)", "globbing": True,
         "description": "Files to import. Wildcards are expanded; relative paths are relative to the current location."},
        {"name": "LiteralPath", "type": "String[]", "required": True, "pipeline": "True (ByPropertyName)", "aliases": ["PSPath", "LP", "FullName"],
         "description": "Files to import, used exactly as written (no wildcards). Get-ChildItem output binds here through its PSPath."},
        {"name": "Channel", "type": "Int32[]", "default": "all channels",
         "description": "Zero-based channels to keep, in the order given: 1 keeps the green channel of an RGB image, 0,2 the first and third of a multi-channel TIFF. -Role and -ChannelName then describe the kept channels. A channel the file lacks is an InvalidChannelDescription error."},
        {"name": "Role", "type": "ChannelRole[]", "default": "Unknown",
         "description": "What the channels show: Unknown, PhaseContrast, BrightField, Fluorescence, Mask or Label. One value applies to every channel; otherwise give one per channel."},
        {"name": "ChannelName", "type": "String[]",
         "description": "Channel names, one per channel. By default the file's own (OME) names, Red/Green/Blue for colour images, Gray for one channel."},
        {"name": "PagesAsChannels", "type": "SwitchParameter", "default": "False",
         "description": "Read the pages of a multi-page TIFF as the channels of one frame instead of as frames. All pages must have the same size and pixel type."},
        {"name": "PairWith", "type": "Object",
         "description": "The paired image: a path (the same pair for every file) or a script block that maps each input file, given as $_ (a FileInfo), to its pair's path, for example { $_.FullName -replace '_phase', '_gfp' }."},
        {"name": "PairRole", "type": "ChannelRole", "default": "Fluorescence",
         "description": "What the paired image shows; Mask and Label pairs are used as they are, Fluorescence pairs are binarized by New-TileSet."},
        {"name": "PairChannelName", "type": "String[]",
         "description": "Channel names of the paired image."},
    ],
    "inputs": [
        ("System.String", "Paths, bound to -Path."),
        ("System.IO.FileInfo", "Files from Get-ChildItem, bound to -LiteralPath."),
    ],
    "outputs": [("CellOps.Sdk.Imaging.Micrograph", "One per file imported. Its pixels are read on demand.")],
    "notes": "Micrograph objects print as one table row each: name, size, channels, pixel type, frames, pixel size and pair.",
    "examples": [
        {"title": "Import a folder of TIFF files",
         "code": "Import-Micrograph ./plate1/*.tif -Role PhaseContrast",
         "remarks": "Imports every TIFF in the folder and marks its channel as phase contrast."},
        {"title": "Keep one channel of a colour or multi-channel image",
         "code": "Import-Micrograph smears/*.jpg -Channel 1 -Role BrightField",
         "remarks": "Keeps the green channel of RGB smears, for a model that takes one channel."},
        {"title": "Pair each phase-contrast image with its fluorescence image",
         "code": "Import-Micrograph *_phase.tif -PairWith { $_.FullName -replace '_phase', '_gfp' }",
         "remarks": "Each micrograph carries its GFP image as its Pair; New-TileSet -Target Label derives tile labels from it."},
        {"title": "Files from the pipeline, with a mask pair",
         "code": "Get-ChildItem ./smears -Filter *.jpg | Import-Micrograph -Role BrightField -PairWith { $_.FullName -replace '\\.jpg$', '_wbc.png' } -PairRole Mask",
         "remarks": "Get-ChildItem output binds to -LiteralPath."},
        {"title": "Keep going past bad files, and look at them afterwards",
         "code": "$m = Import-Micrograph ./incoming/* -ErrorVariable bad -ErrorAction SilentlyContinue\n$bad | ForEach-Object { $_.TargetObject + ': ' + $_.Exception.Message }",
         "remarks": "Every file that cannot be read is an error record naming the file; the others are imported."},
    ],
    "links": ["New-TileSet", "about_CellOps"],
}
