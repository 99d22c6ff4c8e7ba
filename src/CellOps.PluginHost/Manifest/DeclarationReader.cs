using System.Globalization;
using System.Text.Json;
using CellOps.PluginHost.Discovery;

namespace CellOps.PluginHost.Manifest;

/// <summary>
/// Reads fields of a plugin.json declaration and turns every problem into an InvalidManifest failure
/// that names where in the file it is (<c>models[1].input.channels</c>), so an author can fix it.
/// </summary>
internal sealed class DeclarationReader
{
    private readonly string _where;
    private readonly string? _id;

    public DeclarationReader(string where, string? id = null)
    {
        _where = where;
        _id = id;
    }

    public DeclarationReader At(string where) => new(_where.Length == 0 ? where : $"{_where}.{where}", _id);

    public PluginLoadException Invalid(string problem) =>
        new(PluginFailure.InvalidManifest, $"{PluginFolderScanner.ManifestFileName}: {(_where.Length == 0 ? "" : _where + ": ")}{problem}", _id);

    public void RequireObject(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid("must be a JSON object");
    }

    public JsonElement Object(JsonElement parent, string name)
    {
        var value = Field(parent, name);
        if (value.ValueKind != JsonValueKind.Object) throw At(name).Invalid("must be a JSON object");
        return value;
    }

    public IEnumerable<JsonElement> Array(JsonElement parent, string name)
    {
        var value = Field(parent, name);
        if (value.ValueKind != JsonValueKind.Array) throw At(name).Invalid("must be a JSON array");
        return value.EnumerateArray().ToArray();
    }

    public string String(JsonElement parent, string name, bool allowEmpty = false)
    {
        var value = Field(parent, name);
        if (value.ValueKind != JsonValueKind.String || (!allowEmpty && string.IsNullOrWhiteSpace(value.GetString())))
            throw At(name).Invalid(allowEmpty ? "must be a string" : "must be a non-empty string");
        return value.GetString()!;
    }

    public string StringValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString())) throw Invalid("must be a non-empty string");
        return value.GetString()!;
    }

    public double Number(JsonElement parent, string name)
    {
        var value = Field(parent, name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !double.IsFinite(number))
            throw At(name).Invalid("must be a finite number");
        return number;
    }

    public double? OptionalNumber(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out _) ? Number(parent, name) : null;

    public int PositiveInt(JsonElement parent, string name)
    {
        var value = Field(parent, name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number) || number <= 0)
            throw At(name).Invalid("must be a positive whole number");
        return number;
    }

    public bool OptionalBool(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value)) return false;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw At(name).Invalid("must be true or false"),
        };
    }

    public float[] Floats(JsonElement parent, string name) =>
        Array(parent, name).Select((v, i) => v.ValueKind == JsonValueKind.Number && v.TryGetSingle(out float f) && float.IsFinite(f)
            ? f
            : throw At($"{name}[{i}]").Invalid("must be a finite number")).ToArray();

    public T Enum<T>(JsonElement parent, string name) where T : struct, System.Enum
    {
        string text = String(parent, name);
        // Names only: a number would silently accept values the SDK does not define.
        if (!text.Any(char.IsDigit) && System.Enum.TryParse<T>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value)) return value;
        throw At(name).Invalid($"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}");
    }

    private JsonElement Field(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value)) throw Invalid($"lacks the field \"{name}\"");
        return value;
    }
}
