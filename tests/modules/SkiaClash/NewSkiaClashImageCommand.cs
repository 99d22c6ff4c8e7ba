using System.Management.Automation;
using SkiaSharp;

namespace SkiaClash;

/// <summary>
/// Draws a small image with SkiaSharp and writes it as PNG: proves this module's SkiaSharp, managed and
/// native, works. Returns the SkiaSharp version it ran with and the file written.
/// </summary>
[Cmdlet(VerbsCommon.New, "SkiaClashImage")]
[OutputType(typeof(PSObject))]
public sealed class NewSkiaClashImageCommand : PSCmdlet
{
    /// <summary>The PNG file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        string path = GetUnresolvedProviderPathFromPSPath(Path);
        using var bitmap = new SKBitmap(32, 32);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Black);
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
            canvas.DrawCircle(16, 16, 8, paint);
        }
        using (var image = SKImage.FromBitmap(bitmap))
        using (var data = image.Encode(SKEncodedImageFormat.Png, 100))
        using (var file = File.Create(path))
        {
            data.SaveTo(file);
        }
        var result = new PSObject();
        result.Properties.Add(new PSNoteProperty("SkiaSharpVersion", typeof(SKBitmap).Assembly.GetName().Version?.ToString()));
        result.Properties.Add(new PSNoteProperty("Path", path));
        WriteObject(result);
    }
}
