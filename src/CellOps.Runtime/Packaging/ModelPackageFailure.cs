namespace CellOps.Runtime.Packaging;

/// <summary>Why a model package was refused.</summary>
public enum ModelPackageFailure
{
    /// <summary>There is no file at the path.</summary>
    NotFound,

    /// <summary>The file is not a zip, or has no readable manifest.</summary>
    NotAPackage,

    /// <summary>The file ends early.</summary>
    Truncated,

    /// <summary>An entry's bytes differ from the SHA-256 the manifest records, or an entry was added.</summary>
    Tampered,

    /// <summary>Written by a CellOps whose package format or SDK this one cannot read.</summary>
    Incompatible,

    /// <summary>An entry name would escape the folder it is extracted to.</summary>
    UnsafeEntry,

    /// <summary>An entry the manifest lists, or one that was asked for, is not there.</summary>
    MissingEntry,
}
