namespace CellOps.Sdk.Models;

/// <summary>
/// The entry type of a plugin assembly: describes the plugin and the models it offers. The host
/// creates it with its public parameterless constructor, once per session.
/// </summary>
/// <remarks>
/// Keep the constructor cheap and free of torch calls: the host lists plugins (Get-CellModel) without
/// touching the native backend. Networks are built only in <see cref="ICellModel.CreateNetwork"/>.
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
