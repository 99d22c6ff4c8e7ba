using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellOps.Runtime.Packaging;

/// <summary>How manifests are written: camelCase, enums as names, indented, NaN and infinities allowed (a metric can be NaN).</summary>
internal static class PackageJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };
}
