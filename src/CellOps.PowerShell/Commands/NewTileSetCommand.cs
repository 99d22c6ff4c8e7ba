using System.Management.Automation;
using CellOps.Imaging.Tiling;
using CellOps.PowerShell.Internal;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Cuts micrographs into tiles on a grid (or resizes each whole into one tile) and labels them from their
/// paired images or from each micrograph's class.</para>
/// <para type="description">Emits one CellOps.TileSet holding every tile of every micrograph from the pipeline.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "TileSet", DefaultParameterSetName = StrideSet)]
[OutputType(typeof(TileSet))]
public sealed class NewTileSetCommand : PSCmdlet
{
    private const string StrideSet = "Stride";
    private const string OverlapSet = "Overlap";
    private const string WholeImageSet = "WholeImage";
    private const string BoxSet = "Box";
    private const string BoxFromSet = "BoxFrom";
    private const int ProgressId = 2;
    private readonly List<Micrograph> _micrographs = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Micrographs to tile (from Import-Micrograph).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Micrograph[] InputObject { get; set; } = Array.Empty<Micrograph>();

    /// <summary>Tile width and height in pixels.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, 65536)]
    public int Size { get; set; } = 64;

    /// <summary>Distance between neighbouring tiles (default: the tile size).</summary>
    [Parameter(ParameterSetName = StrideSet)]
    [ValidateRange(1, int.MaxValue)]
    public int Stride { get; set; }

    /// <summary>Pixels shared by neighbouring tiles (stride = size - overlap).</summary>
    [Parameter(Mandatory = true, ParameterSetName = OverlapSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Overlap { get; set; }

    /// <summary>Each micrograph becomes one tile: the whole image resized to -Size by bilinear interpolation, all channels kept (for cell crops).</summary>
    [Parameter(Mandatory = true, ParameterSetName = WholeImageSet)]
    public SwitchParameter WholeImage { get; set; }

    /// <summary>
    /// Annotated cells, one tile each: objects with the image's file name (File or filename), the class (Class or cell_type)
    /// and the box edges xmin, xmax, ymin, ymax in pixels (rows of Import-Csv, hashtables). The box is cut from the micrograph
    /// of that name and resized whole to -Size, labelled with its class (target ImageClass).
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = BoxSet)]
    [ValidateNotNullOrEmpty]
    public object[]? Box { get; set; }

    /// <summary>
    /// Files of annotated cells, wildcards allowed: CSV tables (header filename,cell_type,xmin,xmax,ymin,ymax or File,Class,...)
    /// or Pascal VOC annotations (*.xml); one tile per box, as -Box.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = BoxFromSet)]
    [ValidateNotNullOrEmpty]
    public string[]? BoxFrom { get; set; }

    /// <summary>
    /// Each micrograph's class, which all its tiles get (target ImageClass): 'Folder' (the name of the folder the file lies in),
    /// a script block ($_ is the micrograph) or a hashtable from file name to class.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public object? ClassFrom { get; set; }

    /// <summary>
    /// The class names in label order: for -ClassFrom (default: the classes found, sorted by name), and for
    /// CenterClass and ClassHistogram targets (one name per class of the label image).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ClassName { get; set; }

    /// <summary>What happens where the grid does not fit the image: Drop, Pad, Reflect or Shift.</summary>
    [Parameter]
    public EdgePolicy EdgePolicy { get; set; } = EdgePolicy.Drop;

    /// <summary>What each tile is labelled with: from the micrograph's pair, or its class (ImageClass, the default with -ClassFrom).</summary>
    [Parameter]
    public TileTarget Target { get; set; } = TileTarget.None;

    /// <summary>Label target: pair values above this are positive (default: Otsu's threshold per pair image).</summary>
    [Parameter]
    public double Threshold { get; set; }

    /// <summary>Label target: the positive area fraction at which a tile is labelled 1.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double AreaFraction { get; set; } = 0.5;

    /// <summary>ClassHistogram target: the grid sizes r (each tile split into r×r cells).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? Grid { get; set; }

    /// <summary>CenterClass and ClassHistogram targets: the number of classes K (default: largest label + 1).</summary>
    [Parameter]
    [ValidateRange(1, 65536)]
    public int ClassCount { get; set; }

    /// <summary>
    /// CenterClass and ClassHistogram targets: the label-image values of classes 0, 1, … in order (e.g. 0,255 for a
    /// mask); by default the values are the class indices. Sets the number of classes.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? LabelValue { get; set; }

    /// <summary>A label value that is not a class (experts' "uncertain"): left out of histograms and centre labels.</summary>
    [Parameter]
    public int IgnoreClass { get; set; }

    /// <summary>Drop tiles whose fraction of foreground (non-background) pixels is below this.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double ForegroundFraction { get; set; }

    /// <summary>The frame of multi-frame micrographs to tile.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Frame { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => _micrographs.AddRange(InputObject.Where(m => m is not null));

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_micrographs.Count == 0) return;
        if (ParameterSetName is BoxSet or BoxFromSet)
        {
            EmitBoxTiles();
            return;
        }
        var classes = ImageClasses();
        TileSetBuilder builder;
        try
        {
            builder = new TileSetBuilder(BuildOptions(classes), new PipelineProgress<TilingProgress>(Report));
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidTilingOptions", ErrorCategory.InvalidArgument, null));
            return;
        }

        try
        {
            if (EffectiveTarget is TileTarget.CenterClass or TileTarget.ClassHistogram && builder.ClassCount is null)
            {
                WriteVerbose("Scanning the label images for the number of classes (give -ClassCount to skip this).");
                int k = builder.ScanClassCount(_micrographs, _stop.Token);
                WriteVerbose($"Found {k} classes.");
            }
            foreach (var micrograph in _micrographs)
            {
                if (classes is null)
                {
                    AddOne(builder, micrograph, null);
                }
                else if (classes.Value.Of.TryGetValue(micrograph, out var imageClass))
                {
                    AddOne(builder, micrograph, imageClass);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, "Cutting tiles", "Done") { RecordType = ProgressRecordType.Completed });
        }

        if (builder.Sources.Count == 0) return;
        WriteObject(builder.Build());
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    private void EmitBoxTiles()
    {
        var boxes = ParameterSetName == BoxSet ? BoxArgument.Read(this, Box!) : BoxFiles.Read(this, BoxFrom!);
        try
        {
            var set = BoxTiling.Build(this, _micrographs, boxes, Size, Frame, ClassName, _stop.Token, (done, total, name) =>
                WriteProgress(new ProgressRecord(ProgressId, "Cutting box crops", $"{name} ({done + 1} of {total})") { PercentComplete = done * 100 / Math.Max(1, total) }));
            if (set is not null) WriteObject(set);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, "Cutting box crops", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void AddOne(TileSetBuilder builder, Micrograph micrograph, string? imageClass)
    {
        var tiles = MicrographTiling.Add(this, builder, micrograph, _stop.Token, imageClass);
        if (tiles is not null) WriteVerbose($"{micrograph.Name}: {tiles.Count} tiles{(imageClass is null ? "" : $", class {imageClass}")}.");
    }

    private TileTarget EffectiveTarget => ClassFrom is not null && !MyInvocation.BoundParameters.ContainsKey(nameof(Target)) ? TileTarget.ImageClass : Target;

    /// <summary>
    /// For an ImageClass target: each micrograph's class (those without one are reported and left
    /// out) and the class names in label order; null for other targets.
    /// </summary>
    private (Dictionary<Micrograph, string> Of, string[] Names)? ImageClasses()
    {
        var target = EffectiveTarget;
        if (target != TileTarget.ImageClass)
        {
            if (ClassFrom is not null || (ClassName is not null && target is not (TileTarget.CenterClass or TileTarget.ClassHistogram)))
            {
                Fail(new ArgumentException($"-ClassFrom labels tiles with their micrograph's class (target ImageClass), and -ClassName names the classes of ImageClass, CenterClass and ClassHistogram targets, not of {target}."), "ClassFromWithOtherTarget");
            }
            return null;
        }
        if (ClassFrom is null)
        {
            Fail(new ArgumentException("An ImageClass target needs -ClassFrom: 'Folder', a script block or a hashtable giving each micrograph's class."), "ClassFromMissing");
        }
        ImageClassSource source;
        try
        {
            source = ImageClassSource.From(ClassFrom!);
        }
        catch (ArgumentException ex)
        {
            Fail(ex, "ClassFromInvalid");
            return null;
        }

        var of = new Dictionary<Micrograph, string>(ReferenceEqualityComparer.Instance);
        foreach (var micrograph in _micrographs)
        {
            if (source.ClassOf(this, micrograph) is { } name) of[micrograph] = name;
        }
        // Named as first met, ordered by name: the same files give the same labels whatever their order.
        var names = ClassName ?? of.Values.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray();
        if (names.Length == 0) Fail(new ArgumentException("No micrograph has a class, so there are no classes to label with."), "NoImageClasses");
        WriteVerbose($"Classes: {string.Join(", ", names.Select((n, k) => $"{k} = {n}"))}.");
        return (of, names);
    }

    private void Fail(ArgumentException ex, string id) =>
        ThrowTerminatingError(new ErrorRecord(ex, id, ErrorCategory.InvalidArgument, null));

    private TilingOptions BuildOptions((Dictionary<Micrograph, string> Of, string[] Names)? classes) => new(Size)
    {
        Stride = MyInvocation.BoundParameters.ContainsKey(nameof(Stride)) ? Stride : null,
        Overlap = ParameterSetName == OverlapSet ? Overlap : null,
        EdgePolicy = EdgePolicy,
        Frame = Frame,
        Target = EffectiveTarget,
        WholeImage = WholeImage.IsPresent,
        ClassNames = classes?.Names ?? (EffectiveTarget is TileTarget.CenterClass or TileTarget.ClassHistogram ? ClassName : null) ?? Array.Empty<string>(),
        LabelValues = LabelValue ?? Array.Empty<int>(),
        Threshold = MyInvocation.BoundParameters.ContainsKey(nameof(Threshold)) ? Threshold : null,
        AreaFraction = AreaFraction,
        Grids = Grid ?? Array.Empty<int>(),
        ClassCount = MyInvocation.BoundParameters.ContainsKey(nameof(ClassCount)) ? ClassCount : null,
        IgnoreClass = MyInvocation.BoundParameters.ContainsKey(nameof(IgnoreClass)) ? IgnoreClass : null,
        ForegroundFraction = MyInvocation.BoundParameters.ContainsKey(nameof(ForegroundFraction)) ? ForegroundFraction : null,
    };

    private void Report(TilingProgress p)
    {
        int done = p.MicrographIndex;
        int total = Math.Max(1, _micrographs.Count);
        int percent = (int)((done + p.PercentComplete / 100.0) * 100 / total);
        WriteProgress(new ProgressRecord(ProgressId, "Cutting tiles", $"{p.Micrograph} ({done + 1} of {total})")
        {
            PercentComplete = Math.Clamp(percent, 0, 100),
            CurrentOperation = $"{p.TileCount} tiles so far",
        });
    }
}
