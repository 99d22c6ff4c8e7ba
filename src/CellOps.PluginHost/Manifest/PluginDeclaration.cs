using System.Text;
using System.Text.Json;
using CellOps.Sdk.Models;

namespace CellOps.PluginHost.Manifest;

/// <summary>
/// What a plugin's <c>plugin.json</c> says about the plugin beyond where its code is: its version, its
/// study and its models (the <c>version</c>, <c>study</c> and <c>models</c> fields). The host lists and
/// completes models from it without running any plugin code, and loads a plugin only when one of its
/// models is used; the plugin then must describe itself exactly so.
/// </summary>
/// <remarks>
/// A plugin author writes these fields from the plugin itself:
/// <c>[CellOps.PluginHost.Manifest.PluginDeclaration]::Describe($plugin).ToJson()</c> gives them, and a
/// plugin whose manifest differs fails to load with a message naming the first difference.
/// </remarks>
public sealed class PluginDeclaration
{
    private PluginDeclaration(Version version, StudyReference study, IReadOnlyList<ModelDeclaration> models)
    {
        Version = version;
        Study = study;
        Models = models;
    }

    /// <summary>The plugin's version.</summary>
    public Version Version { get; }

    /// <summary>The published study the plugin implements.</summary>
    public StudyReference Study { get; }

    /// <summary>The models the plugin offers, in its order.</summary>
    public IReadOnlyList<ModelDeclaration> Models { get; }

    /// <summary>The declaration a live plugin's manifest should hold.</summary>
    public static PluginDeclaration Describe(ICellPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        return new PluginDeclaration(plugin.Version, plugin.Study, plugin.Models.Select(ModelDeclaration.Describe).ToArray());
    }

    /// <summary>The <c>version</c>, <c>study</c> and <c>models</c> fields as JSON, to paste into <c>plugin.json</c> (indented, without the outer braces' other fields).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            WriteFields(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The first way <paramref name="actual"/> differs from this declaration, or null where they agree.</summary>
    public string? DifferenceFrom(PluginDeclaration actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (!Version.Equals(actual.Version)) return $"plugin.json declares version {Version}; the plugin is {actual.Version}";
        if (Study != actual.Study) return $"plugin.json declares the study '{Study.Title}'; the plugin says '{actual.Study.Title}'";
        var declared = Models.Select(m => m.Name).ToArray();
        var offered = actual.Models.Select(m => m.Name).ToArray();
        if (!declared.SequenceEqual(offered, StringComparer.Ordinal))
            return $"plugin.json declares the models {Join(declared)}; the plugin offers {Join(offered)}";
        for (int i = 0; i < Models.Count; i++)
        {
            string a = Canonical(Models[i]), b = Canonical(actual.Models[i]);
            if (a != b) return $"plugin.json's declaration of the model '{Models[i].Name}' differs from the plugin's own: {FirstDifference(a, b)}";
        }
        return null;
    }

    internal static PluginDeclaration Read(JsonElement root, string id)
    {
        var json = new DeclarationReader("", id);
        string versionText = json.String(root, "version");
        if (!Version.TryParse(versionText, out var version))
            throw json.At("version").Invalid($"must be a version such as \"1.0.0\"; got '{versionText}'");
        var studyElement = json.Object(root, "study");
        var studyJson = json.At("study");
        string? doi = studyElement.TryGetProperty("doi", out _) ? studyJson.String(studyElement, "doi") : null;
        var study = new StudyReference(studyJson.String(studyElement, "title"), studyJson.String(studyElement, "citation"), doi);
        var models = json.Array(root, "models").Select((m, i) => ModelDeclaration.Read(m, $"models[{i}]")).ToArray();
        var duplicate = models.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw json.Invalid($"the model '{duplicate.Key}' is declared twice");
        return new PluginDeclaration(version, study, models);
    }

    private void WriteFields(Utf8JsonWriter json)
    {
        json.WriteString("version", Version.ToString());
        json.WriteStartObject("study");
        json.WriteString("title", Study.Title);
        json.WriteString("citation", Study.Citation);
        if (Study.Doi is not null) json.WriteString("doi", Study.Doi);
        json.WriteEndObject();
        json.WriteStartArray("models");
        foreach (var model in Models) model.Write(json);
        json.WriteEndArray();
    }

    private static string Canonical(ModelDeclaration model)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) model.Write(json);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // The path of the first differing field of two canonical forms, e.g. "hyperParameters[0] (Depth).default: 2 declared, 4 in the plugin".
    private static string FirstDifference(string a, string b)
    {
        using var declared = JsonDocument.Parse(a);
        using var actual = JsonDocument.Parse(b);
        return FirstDifference(declared.RootElement, actual.RootElement, "") ?? "an unknown field";
    }

    private static string? FirstDifference(JsonElement declared, JsonElement actual, string path)
    {
        if (declared.ValueKind == JsonValueKind.Object && actual.ValueKind == JsonValueKind.Object)
        {
            var names = declared.EnumerateObject().Select(p => p.Name).Union(actual.EnumerateObject().Select(p => p.Name));
            foreach (var name in names)
            {
                string at = path.Length == 0 ? name : $"{path}.{name}";
                bool inDeclared = declared.TryGetProperty(name, out var d), inActual = actual.TryGetProperty(name, out var v);
                if (!inDeclared || !inActual) return $"{at}: {(inDeclared ? d.GetRawText() : "absent")} declared, {(inActual ? v.GetRawText() : "absent")} in the plugin";
                if (FirstDifference(d, v, at) is { } found) return found;
            }
            return null;
        }
        if (declared.ValueKind == JsonValueKind.Array && actual.ValueKind == JsonValueKind.Array)
        {
            var d = declared.EnumerateArray().ToArray();
            var v = actual.EnumerateArray().ToArray();
            for (int i = 0; i < Math.Min(d.Length, v.Length); i++)
            {
                string label = d[i].ValueKind == JsonValueKind.Object && d[i].TryGetProperty("name", out var n) ? $" ({n.GetString()})" : "";
                if (FirstDifference(d[i], v[i], $"{path}[{i}]{label}") is { } found) return found;
            }
            return d.Length == v.Length ? null : $"{path}: {d.Length} declared, {v.Length} in the plugin";
        }
        string left = declared.GetRawText(), right = actual.GetRawText();
        return left == right ? null : $"{path}: {left} declared, {right} in the plugin";
    }

    private static string Join(IEnumerable<string> names)
    {
        var list = names.ToArray();
        return list.Length == 0 ? "(none)" : string.Join(", ", list);
    }
}
