using System.Text.Json;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;

namespace CellOps.PluginHost.Manifest;

/// <summary>
/// One model as a plugin's <c>plugin.json</c> declares it: everything Get-CellModel, tab completion and
/// hyperparameter checks need, so that a model can be listed without running the plugin's code. When the
/// plugin does load, the host compares this with what the model itself says and refuses a difference.
/// </summary>
public sealed class ModelDeclaration
{
    private ModelDeclaration(string name, string description, ModelTask task, InputSpec input, TileTarget target,
        IReadOnlyList<string> classNames, IReadOnlyList<HyperParameter> hyperParameters)
    {
        Name = name;
        Description = description;
        Task = task;
        Input = input;
        Target = target;
        ClassNames = classNames;
        HyperParameters = hyperParameters;
    }

    /// <summary>The model's name within its plugin.</summary>
    public string Name { get; }

    /// <summary>One or two sentences on the model.</summary>
    public string Description { get; }

    /// <summary>What the model predicts.</summary>
    public ModelTask Task { get; }

    /// <summary>The input the network takes.</summary>
    public InputSpec Input { get; }

    /// <summary>The tile target the model trains on.</summary>
    public TileTarget Target { get; }

    /// <summary>Class names, index = class.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The hyperparameters with ranges and defaults.</summary>
    public IReadOnlyList<HyperParameter> HyperParameters { get; }

    /// <summary>The declaration of a live model: what its plugin's manifest should say.</summary>
    public static ModelDeclaration Describe(ICellModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelDeclaration(model.Name, model.Description ?? "", model.Task, model.Input, model.Target,
            model.ClassNames?.ToArray() ?? Array.Empty<string>(), model.HyperParameters?.ToArray() ?? Array.Empty<HyperParameter>());
    }

    internal void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("name", Name);
        json.WriteString("description", Description);
        json.WriteString("task", Task.ToString());
        json.WriteString("target", Target.ToString());
        json.WriteStartObject("input");
        json.WriteNumber("tileSize", Input.TileSize);
        if (Input.AnyTileSize) json.WriteBoolean("anyTileSize", true);
        json.WriteNumber("channels", Input.Channels);
        json.WriteString("normalization", Input.Normalization.Kind.ToString());
        if (Input.Normalization.Kind == NormalizationKind.Fixed)
        {
            WriteNumbers(json, "mean", Input.Normalization.Mean);
            WriteNumbers(json, "std", Input.Normalization.Std);
        }
        json.WriteEndObject();
        json.WriteStartArray("classes");
        foreach (var name in ClassNames) json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteStartArray("hyperParameters");
        foreach (var p in HyperParameters) WriteHyperParameter(json, p);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static ModelDeclaration Read(JsonElement element, string where)
    {
        var json = new DeclarationReader(where);
        json.RequireObject(element);
        string name = json.String(element, "name");
        var input = json.Object(element, "input");
        var normalization = json.Enum<NormalizationKind>(input, "normalization");
        Normalization norm;
        try
        {
            norm = normalization == NormalizationKind.Fixed
                ? new Normalization(normalization, json.Floats(input, "mean"), json.Floats(input, "std"))
                : new Normalization(normalization);
        }
        catch (ArgumentException ex)
        {
            throw json.Invalid($"input.normalization: {ex.Message}");
        }
        int tileSize = json.PositiveInt(input, "tileSize");
        int channels = json.PositiveInt(input, "channels");
        var spec = new InputSpec(tileSize, channels, norm) { AnyTileSize = json.OptionalBool(input, "anyTileSize") };
        var hyper = json.Array(element, "hyperParameters").Select((p, i) => ReadHyperParameter(json.At($"hyperParameters[{i}]"), p)).ToArray();
        var duplicate = hyper.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw json.Invalid($"the hyperparameter '{duplicate.Key}' is declared twice");
        return new ModelDeclaration(
            name,
            json.String(element, "description", allowEmpty: true),
            json.Enum<ModelTask>(element, "task"),
            spec,
            json.Enum<TileTarget>(element, "target"),
            json.Array(element, "classes").Select((c, i) => json.At($"classes[{i}]").StringValue(c)).ToArray(),
            hyper);
    }

    private static HyperParameter ReadHyperParameter(DeclarationReader json, JsonElement element)
    {
        json.RequireObject(element);
        string name = json.String(element, "name");
        var kind = json.Enum<HyperParameterKind>(element, "kind");
        string description = json.String(element, "description", allowEmpty: true);
        try
        {
            var parameter = kind == HyperParameterKind.Categorical
                ? new HyperParameter(name, json.Array(element, "choices").Select((c, i) => json.At($"choices[{i}]").StringValue(c)).ToArray(), json.String(element, "default"), description)
                : new HyperParameter(name, kind, json.Number(element, "min"), json.Number(element, "max"), json.Number(element, "default"), description);
            double? older = json.OptionalNumber(element, "valueInOlderPackages");
            return older is null ? parameter : parameter with { ValueInOlderPackages = older };
        }
        catch (ArgumentException ex)
        {
            throw json.Invalid(ex.Message);
        }
    }

    private static void WriteHyperParameter(Utf8JsonWriter json, HyperParameter p)
    {
        json.WriteStartObject();
        json.WriteString("name", p.Name);
        json.WriteString("kind", p.Kind.ToString());
        if (p.Kind == HyperParameterKind.Categorical)
        {
            json.WriteStartArray("choices");
            foreach (var choice in p.Choices) json.WriteStringValue(choice);
            json.WriteEndArray();
            json.WriteString("default", p.FormatValue(p.Default));
        }
        else
        {
            json.WriteNumber("min", p.Min);
            json.WriteNumber("max", p.Max);
            json.WriteNumber("default", p.Default);
        }
        if (p.ValueInOlderPackages is { } older) json.WriteNumber("valueInOlderPackages", older);
        json.WriteString("description", p.Description);
        json.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IReadOnlyList<float> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }
}
