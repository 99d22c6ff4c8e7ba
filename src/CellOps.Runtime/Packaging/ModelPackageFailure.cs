namespace CellOps.Runtime.Packaging;

/// <summary>Why a model package could not be opened.</summary>
public enum ModelPackageFailure
{
    /// <summary>There is no file at the path, or it cannot be opened for reading.</summary>
    NotFound,

    /// <summary>The file is not a zip, or a zip without a readable model manifest.</summary>
    NotAPackage,

    /// <summary>The file starts like a package but ends early (an interrupted copy or download).</summary>
    Truncated,

    /// <summary>An entry's bytes differ from the SHA-256 in the manifest, or an entry was added.</summary>
    Tampered,

    /// <summary>Written by a package format or SDK version this CellOps cannot read.</summary>
    Incompatible,

    /// <summary>An entry name would write outside the package's folder (zip-slip) or is otherwise unsafe.</summary>
    UnsafeEntry,

    /// <summary>An entry the manifest lists is not in the file.</summary>
    MissingEntry,

    /// <summary>An entry or a manifest value is larger than <see cref="PackageLimits"/> allows.</summary>
    TooLarge,
}
