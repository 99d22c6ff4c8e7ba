namespace CellOps.Sdk.Models;

/// <summary>The published study a plugin reproduces.</summary>
/// <param name="Title">Short title of the study.</param>
/// <param name="Citation">Full citation (authors, journal, year).</param>
/// <param name="Doi">DOI without the resolver prefix, if the study has one.</param>
public sealed record StudyReference(string Title, string Citation, string? Doi = null)
{
    /// <inheritdoc />
    public override string ToString() => Doi is null ? Citation : $"{Citation} doi:{Doi}";
}
