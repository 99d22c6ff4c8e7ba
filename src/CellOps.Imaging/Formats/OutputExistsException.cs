namespace CellOps.Imaging.Formats;

/// <summary>An output file is there already and replacing it was not asked for.</summary>
public sealed class OutputExistsException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public OutputExistsException(string path, Exception? inner = null)
        : base($"{path} already exists; use -Force to replace it.", inner)
    {
        Path = path;
    }

    /// <summary>The file that exists.</summary>
    public string Path { get; }
}
