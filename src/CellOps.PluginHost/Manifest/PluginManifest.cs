using System.Text.Json;
using CellOps.PluginHost.Discovery;

namespace CellOps.PluginHost.Manifest;

/// <summary>
/// A plugin folder's <c>plugin.json</c>: <c>{ "id": "...", "assembly": "X.dll", "sdkVersion": "0.1",
/// "version": ..., "study": ..., "models": [...] }</c>. Read without loading any code, so a plugin can be
/// listed, described and refused before it runs.
/// </summary>
internal sealed record PluginManifest(string Folder, string Id, string Assembly, Version SdkVersion, PluginDeclaration Declaration)
{
    /// <summary>Full path of the plugin's main assembly.</summary>
    public string AssemblyPath => Path.Combine(Folder, Assembly);

    /// <summary>Reads and checks the manifest of <paramref name="folder"/>.</summary>
    /// <exception cref="PluginLoadException">Missing, unreadable or invalid manifest, or the assembly it names is absent.</exception>
    public static PluginManifest Read(string folder)
    {
        string path = Path.Combine(folder, PluginFolderScanner.ManifestFileName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new PluginLoadException(PluginFailure.InvalidManifest, $"{PluginFolderScanner.ManifestFileName} is not valid JSON ({ex.Message})", inner: ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PluginLoadException(PluginFailure.InvalidManifest, $"{PluginFolderScanner.ManifestFileName} cannot be read ({ex.Message})", inner: ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new PluginLoadException(PluginFailure.InvalidManifest, $"{PluginFolderScanner.ManifestFileName} must hold a JSON object with id, assembly and sdkVersion");
            var root = document.RootElement;
            string id = Field(root, "id");
            if (id.Contains('.') || id.Any(char.IsWhiteSpace))
                throw new PluginLoadException(PluginFailure.InvalidManifest, $"the plugin id '{id}' must not contain dots or spaces (model names are written PluginId.ModelName)", id);
            string assembly = Field(root, "assembly", id);
            if (Path.IsPathRooted(assembly) || assembly.Contains("..", StringComparison.Ordinal))
                throw new PluginLoadException(PluginFailure.InvalidManifest, $"\"assembly\" must name a file inside the plugin folder; got '{assembly}'", id);
            string sdk = Field(root, "sdkVersion", id);
            if (!Version.TryParse(sdk.Contains('.') ? sdk : sdk + ".0", out var sdkVersion))
                throw new PluginLoadException(PluginFailure.InvalidManifest, $"\"sdkVersion\" must be a version such as \"0.1\"; got '{sdk}'", id);

            if (!File.Exists(Path.Combine(folder, assembly)))
                throw new PluginLoadException(PluginFailure.MissingAssembly, $"the plugin assembly '{assembly}' named in {PluginFolderScanner.ManifestFileName} is not in the folder", id);
            if (!root.TryGetProperty("models", out _))
            {
                throw new PluginLoadException(PluginFailure.InvalidManifest,
                    $"{PluginFolderScanner.ManifestFileName} does not declare the plugin's version, study and models (CellOps lists models without running plugin code; see PluginDeclaration.Describe)", id);
            }
            return new PluginManifest(folder, id, assembly, sdkVersion, PluginDeclaration.Read(root, id));
        }
    }

    private static string Field(JsonElement root, string name, string? id = null)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new PluginLoadException(PluginFailure.InvalidManifest, $"{PluginFolderScanner.ManifestFileName} lacks the field \"{name}\"", id);
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw new PluginLoadException(PluginFailure.InvalidManifest, $"{PluginFolderScanner.ManifestFileName}: \"{name}\" must be a non-empty string", id);
        return value.GetString()!.Trim();
    }
}
