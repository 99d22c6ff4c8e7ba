using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>Opens an image file with the reader its content (not its extension) calls for.</summary>
public static class ImageFiles
{
    /// <summary>Extensions a user would expect CellOps to read; used only to word errors.</summary>
    public static IReadOnlyList<string> KnownExtensions { get; } =
        new[] { ".tif", ".tiff", ".ome.tif", ".ome.tiff", ".btf", ".png", ".jpg", ".jpeg", ".bmp" };

    /// <summary>Opens <paramref name="path"/> as an image.</summary>
    /// <exception cref="MicrographReadException">The file is missing, unreadable, not an image CellOps reads, or damaged.</exception>
    public static IImageFile Open(string path, ImageReadOptions? options = null)
    {
        options ??= ImageReadOptions.Default;
        return Sniff(path) switch
        {
            ImageKind.Tiff => TiffImageFile.Open(path, options),
            ImageKind.Png or ImageKind.Jpeg or ImageKind.Bmp when options.Series > 1 => throw new MicrographReadException(path, MicrographReadFailure.NotFound,
                $"'{path}' holds one image; there is no series {options.Series}."),
            ImageKind.Png or ImageKind.Jpeg or ImageKind.Bmp => OpenCvImageFile.Open(path, options),
            _ => throw new MicrographReadException(path, MicrographReadFailure.Unsupported,
                $"'{path}' is not a TIFF, PNG, JPEG or BMP image (its first bytes match none of them)."),
        };
    }

    private enum ImageKind { Unknown, Tiff, Png, Jpeg, Bmp }

    private static ImageKind Sniff(string path)
    {
        // Opening a folder fails as "access denied" on Linux, which would send the user to the permissions.
        if (Directory.Exists(path))
        {
            throw new MicrographReadException(path, MicrographReadFailure.Unsupported, $"'{path}' is a folder, not an image file.");
        }
        Span<byte> head = stackalloc byte[8];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (FileNotFoundException ex)
        {
            throw new MicrographReadException(path, MicrographReadFailure.NotFound, $"'{path}' does not exist.", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new MicrographReadException(path, MicrographReadFailure.NotFound, $"'{path}' does not exist (its folder is missing).", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new MicrographReadException(path, MicrographReadFailure.Unreadable, $"'{path}' cannot be opened: access is denied.", ex);
        }
        catch (IOException ex)
        {
            throw new MicrographReadException(path, MicrographReadFailure.Unreadable, $"'{path}' cannot be opened: {ex.Message}", ex);
        }

        if (read == 0)
        {
            throw new MicrographReadException(path, MicrographReadFailure.Corrupt, $"'{path}' is empty.");
        }
        head = head[..read];
        if (head.Length >= 4 &&
            ((head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43) && head[3] == 0) ||
             (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43))))
        {
            return ImageKind.Tiff;
        }
        if (head.Length >= 8 && head[0] == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return ImageKind.Png;
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return ImageKind.Jpeg;
        if (head.Length >= 2 && head[0] == 'B' && head[1] == 'M') return ImageKind.Bmp;
        return ImageKind.Unknown;
    }
}
