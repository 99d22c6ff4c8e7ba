using System.Text.Json;

namespace CellOps.Reporting;

/// <summary>
/// Numbers in report JSON. JSON has no infinity, and Utf8JsonWriter refuses one: an infinite value (a
/// perfect prediction's PSNR) is written as the string <c>"Infinity"</c>, as System.Text.Json writes and
/// reads it with <see cref="System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals"/>
/// (and PowerShell's <c>[double]'Infinity'</c> converts); an undefined one (null, NaN) as null.
/// </summary>
internal static class JsonNumbers
{
    public static void Write(Utf8JsonWriter json, string name, double? value)
    {
        json.WritePropertyName(name);
        WriteValue(json, value);
    }

    public static void WriteValue(Utf8JsonWriter json, double? value)
    {
        switch (value)
        {
            case null or double.NaN:
                json.WriteNullValue();
                break;
            case double.PositiveInfinity:
                json.WriteStringValue("Infinity");
                break;
            case double.NegativeInfinity:
                json.WriteStringValue("-Infinity");
                break;
            default:
                json.WriteNumberValue(value.Value);
                break;
        }
    }
}
