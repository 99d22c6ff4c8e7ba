namespace CellOps.Sdk.Models;

/// <summary>
/// The entry type of a plugin assembly: describes the plugin and the models it offers. The host
/// creates it with its public parameterless constructor, once per session, when one of its models is
/// first used; it lists the plugin from the <c>version</c>, <c>study</c> and <c>models</c> fields of the
/// plugin's <c>plugin.json</c>, and refuses a plugin that describes itself otherwise.
/// </summary>
/// <remarks>
/// Keep the constructor cheap and free of torch calls. Networks are built only in
/// <see cref="ICellModel.CreateNetwork"/>.
/// </remarks>
public interface ICellPlugin
{
    /// <summary>Stable identifier, e.g. <c>Cardiomyocyte</c>. Model names are qualified with it.</summary>
    string Id { get; }

    /// <summary>The plugin's version; recorded in every model package it trains.</summary>
    Version Version { get; }

    /// <summary>The published study the plugin implements.</summary>
    StudyReference Study { get; }

    /// <summary>The models the plugin offers.</summary>
    IReadOnlyList<ICellModel> Models { get; }
}
