HELP = {
    "name": "Import-Micrograph",
    "synopsis": "Imports micrographs (TIFF, OME-TIFF, PNG, JPEG, BMP) as CellOps.Micrograph objects.",
    "description": """
Import-Micrograph reads each file's header (size, channels, pixel type, frames, physical pixel size,
OME-TIFF channel names) and emits one CellOps.Micrograph object per file (per series of pages for a TIFF
whose pages change shape, below). Pixels are not loaded: they
are read later, one region at a time, so a large tiled TIFF is never decoded whole just to cut tiles
from it.

TIFF files are read with LibTiff.NET: 1, 8, 16 and 32-bit signed and unsigned integers and 32-bit
float; 1 to 4 samples per pixel, chunky or planar; strips or tiles; uncompressed, LZW, Deflate,
PackBits, JPEG, CCITT and the other compressions LibTiff.NET decodes, with predictors; multi-page files
(pages become frames, or channels with -PagesAsChannels or where OME metadata says so); BigTIFF.
Reduced-resolution pages (pyramid levels, thumbnails) are skipped. Frames must agree in size, channel
count and pixel type: a TIFF whose pages change part-way (an overview, then fields of another size) is
imported as one micrograph per series, a series being a run of consecutive pages that agree. Each is
named after the file with # and its number before the extension (scan#1.tif, scan#2.tif, so that
names derived from it stay apart), shares the file's Path, reads only its own pages as frames, and
says which it is in Metadata: Series (2 of 3) and SeriesPages (4-6). -Verbose says how many series a
file holds and what sets them apart. A file whose pages agree is one micrograph, as always. With
-PagesAsChannels the pages must agree: pages that differ are a PageMismatch error.
Samples with no pixel type of their own keep their values in the next wider type: unsigned integers of
odd widths (3 to 31 bits: a 12-bit camera's 0..4095 stays 0..4095 in UInt16, with SignificantBits=12
in Metadata); 16 and 64-bit floats and 64-bit integers become Float32. CMYK images are converted to
RGB at their own depth. Palette images become 16-bit RGB through their colour map; a second sample
beside the index follows as a fourth channel (alpha scaled to 16 bits, other extra data as stored).
The Orientation tag is applied, mirrorings (2, 3, 4) and transpositions (5 to 8, which swap width and
height) alike, and recorded in Metadata. Zstandard, LZMA and WebP are decoded through the system's
libtiff (libtiff.so.6) where it has the codec, and refused naming the codec where it has not; SGI
LogLuv is refused, naming the codec.
PNG, JPEG and BMP files (8 and 16 bit) are read with OpenCV. The reader is chosen by the file's
content, not its extension.

-PairWith attaches the paired image of the same field (a fluorescence image, a mask or a label image)
to each micrograph; New-TileSet derives tile targets from it. The pair must have the same width and
height, or it is refused. Several paths (an array, or a script block that outputs several) become the
channels of one pair, in the order given, named after their files (dapi, map2) unless
-PairChannelName names them; the files must agree as -AsChannels files do.

-AsChannels makes every file given to the call, from -Path, -LiteralPath and the pipeline alike, one
channel of a single micrograph, emitted when the input ends: a z-stack stored one file per plane. The
channels come in the order the files were given; the files a wildcard matches are sorted by name
(ordinal, so phase_z00.png comes before phase_z10.png; number planes with leading zeros). A file with
several channels gives all of them, in its own order. The files must have the same width, height,
pixel type and frame count; one that differs is a ChannelFileMismatch error naming that file and what
differs, and no micrograph is emitted. Where a path matches no file, nothing is stacked either (a
ChannelFilesMissing error follows the file's own). A file given twice is an InvalidChannelDescription
error.
Channels are named after their files without extension (phase_z00; overlay.Green for a channel of a
file with several) unless -ChannelName names them; -Channel then chooses among the stacked channels
and -Role describes them. The micrograph is named after the files (phase_z00-12 for phase_z00.png …
phase_z12.png, dapi+map2 for two files), takes the first file's path, pixel size and metadata, and
lists every file, one per line, in its metadata under CellOps.ChannelFiles (and its Files property).
With -AsChannels, -PairWith gives the pair of that one micrograph; a script block sees the first file
as $_.

-Metadata adds entries to each micrograph's metadata: a hashtable (the same for every file, e.g.
@{ Day = 3 }) or a script block that maps each input file ($_, a FileInfo; with -AsChannels the first
file) to one. Values are kept as invariant-culture text (2.5, never 2,5); an entry replaces the file's
own of the same name (names compare without case); the pair keeps its own metadata. Split-Micrograph's
fields inherit them. Invoke-CellModel and Export-CellReport group micrographs by the time point in CellOps.TimePoint,
or by the entry their -GroupBy names.

A missing, unsupported or damaged file, or a pair of another size, is reported as a non-terminating
error (error ids MicrographNotFound, UnsupportedImage, CorruptImage, ImageUnreadable,
PairSizeMismatch, PairPathInvalid, MetadataInvalid, ChannelFileMismatch, ChannelFilesMissing, PageMismatch, InvalidChannelDescription) whose target
object is the file, and the next file is processed.

Import reads only what a file claims, and checks the claim against the file first: a TIFF directory
entry with more values than the file holds is CorruptImage. PNG and JPEG files over 2048×2048 pixels
are described from their header and decoded when their pixels are first read, at most 512 MiB of
pixels (ImageTooLarge beyond that: save such an image as a tiled TIFF, which is read by region).
""",
    "syntax": [
        ["Path", "Channel", "Role", "ChannelName", "PagesAsChannels", "AsChannels", "PairWith", "PairRole", "PairChannelName", "Metadata"],
        ["LiteralPath", "Channel", "Role", "ChannelName", "PagesAsChannels", "AsChannels", "PairWith", "PairRole", "PairChannelName", "Metadata"],
    ],
    "parameters": [
        {"name": "Path", "type": "String[]", "required": True, "position": "0", "pipeline": "True (ByValue, ByPropertyName)", "globbing": True,
         "description": "Files to import. Wildcards are expanded; relative paths are relative to the current location. Strings bind here from the pipeline, and so does the Path property of other objects (the Path column of Import-Csv rows)."},
        {"name": "LiteralPath", "type": "String[]", "required": True, "pipeline": "True (ByPropertyName)", "aliases": ["PSPath", "LP", "FullName"],
         "description": "Files to import, used exactly as written (no wildcards). Get-ChildItem output binds here through its PSPath."},
        {"name": "Channel", "type": "Int32[]", "default": "all channels",
         "description": "Zero-based channels to keep, in the order given: 1 keeps the green channel of an RGB image, 0,2 the first and third of a multi-channel TIFF. -Role and -ChannelName then describe the kept channels. A channel the file lacks is an InvalidChannelDescription error."},
        {"name": "Role", "type": "ChannelRole[]", "default": "Unknown",
         "description": "What the channels show: Unknown, PhaseContrast, BrightField, Fluorescence, Mask or Label. One value applies to every channel; otherwise give one per channel."},
        {"name": "ChannelName", "type": "String[]",
         "description": "Channel names, one per channel. By default the file's own (OME) names, Red/Green/Blue for colour images, Gray for one channel."},
        {"name": "PagesAsChannels", "type": "SwitchParameter", "default": "False",
         "description": "Read the pages of a multi-page TIFF as the channels of one frame instead of as frames. All pages must have the same size and pixel type (a PageMismatch error otherwise; without -PagesAsChannels such a file is imported one series of pages at a time)."},
        {"name": "AsChannels", "type": "SwitchParameter", "default": "False",
         "description": "Make all the files given to the call the channels of one micrograph, in the order given (each wildcard's matches sorted by name), emitted when the input ends. The files must have the same width, height, pixel type and frame count. Channel names default to the file names without extension."},
        {"name": "PairWith", "type": "Object",
         "description": "The paired image: a path (the same pair for every file), several paths (they become the channels of one pair, in order, for example dapi.png, map2.png), or a script block that maps each input file, given as $_ (a FileInfo; with -AsChannels the first file), to its pair's path or paths, for example { $_.FullName -replace '_phase', '_gfp' }. Paths are taken literally (no wildcards)."},
        {"name": "PairRole", "type": "ChannelRole", "default": "Fluorescence",
         "description": "What the paired image shows; Mask and Label pairs are used as they are, Fluorescence pairs are binarized by New-TileSet."},
        {"name": "PairChannelName", "type": "String[]",
         "description": "Channel names of the paired image, one per channel. By default its file's own names, or for a pair of several files their names without extension."},
        {"name": "Metadata", "type": "Object",
         "description": "Entries to add to each micrograph's metadata: a hashtable, for example @{ 'CellOps.TimePoint' = 3 }, or a script block that maps each input file ($_) to one, for example { @{ Day = $_.Directory.Name.Substring(3) } }. An output that is not one hashtable of single values is a MetadataInvalid error for that file, which is then not imported."},
    ],
    "inputs": [
        ("System.String", "Paths, bound to -Path."),
        ("System.IO.FileInfo", "Files from Get-ChildItem, bound to -LiteralPath."),
    ],
    "outputs": [("CellOps.Sdk.Imaging.Micrograph", "One per file imported, one per series of pages for a TIFF whose pages change size, channel count or pixel type (one in all with -AsChannels). Its pixels are read on demand.")],
    "notes": "Micrograph objects print as one table row each: name, size, channels, pixel type, frames, pixel size and pair. A TIFF whose pages change size, channel count or pixel type part-way gives one micrograph per series of consecutive pages that agree, named file#1.tif, file#2.tif ... with Series and SeriesPages in Metadata; each shares the file's Path (a file that turns out damaged during Invoke-CellModel costs all its series), and a box table for New-TileSet -Box names a series by its name.",
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
        {"title": "A z-stack stored one file per plane, paired with two fluorescence images",
         "code": "$well = Import-Micrograph ./well/phase_z*.png -AsChannels -Role PhaseContrast -PairWith ./well/dapi.png, ./well/map2.png\n$well.Channels.Name; $well.Pair.Channels.Name",
         "remarks": "One micrograph of 13 channels, phase_z00 to phase_z12, whose pair has the two channels dapi and map2: the input and target of an image-translation model. Split-Micrograph cuts it into fields."},
        {"title": "Mark each field with its day of differentiation",
         "code": "Import-Micrograph day*/*_phase.tif -PairWith { $_.FullName -replace '_phase', '_gfp' } -Metadata { @{ 'CellOps.TimePoint' = $_.Directory.Name.Substring(3) } }",
         "remarks": "Fields in day3/, day7/... carry CellOps.TimePoint = 3, 7...: Invoke-CellModel then reports metrics per day (Groups)."},
        {"title": "Keep going past bad files, and look at them afterwards",
         "code": "$m = Import-Micrograph ./incoming/* -ErrorVariable bad -ErrorAction SilentlyContinue\n$bad | ForEach-Object { $_.TargetObject + ': ' + $_.Exception.Message }",
         "remarks": "Every file that cannot be read is an error record naming the file; the others are imported."},
    ],
    "links": ["Split-Micrograph", "New-TileSet", "about_CellOps"],
}
