using System.Management.Automation;
using System.Management.Automation.Language;

namespace CellOps.Cli;

/// <summary>
/// Which parameter names of a script are switches. Needed because a command line is only words:
/// "-Force next" means something else when Force is a switch than when it takes a value.
/// </summary>
internal sealed class ScriptParameterInfo
{
    // Common parameters that scripts with [CmdletBinding()] or [Parameter()] get for free.
    private static readonly string[] CommonSwitches = ["Verbose", "Debug", "WhatIf", "Confirm"];
    private static readonly string[] CommonValued =
    [
        "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    ];

    private readonly Dictionary<string, bool> _isSwitchByName = new(StringComparer.OrdinalIgnoreCase);

    public static ScriptParameterInfo Empty { get; } = new();

    public static ScriptParameterInfo FromScript(ScriptBlockAst script)
    {
        var info = new ScriptParameterInfo();
        var paramBlock = script.ParamBlock;
        if (paramBlock is null)
        {
            return info;
        }

        foreach (var parameter in paramBlock.Parameters)
        {
            var isSwitch = parameter.StaticType == typeof(SwitchParameter);
            info._isSwitchByName[parameter.Name.VariablePath.UserPath] = isSwitch;
            foreach (var alias in AliasesOf(parameter))
            {
                info._isSwitchByName[alias] = isSwitch;
            }
        }

        if (IsAdvanced(script))
        {
            foreach (var name in CommonSwitches)
            {
                info._isSwitchByName.TryAdd(name, true);
            }

            foreach (var name in CommonValued)
            {
                info._isSwitchByName.TryAdd(name, false);
            }
        }

        return info;
    }

    /// <summary>
    /// True when <paramref name="name"/> (possibly abbreviated, as the engine allows) can only mean a switch.
    /// </summary>
    public bool IsSwitch(string name)
    {
        if (_isSwitchByName.TryGetValue(name, out var exact))
        {
            return exact;
        }

        var candidates = _isSwitchByName
            .Where(pair => pair.Key.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return candidates.Count > 0 && candidates.All(pair => pair.Value);
    }

    private static bool IsAdvanced(ScriptBlockAst script)
    {
        var paramBlock = script.ParamBlock!;
        return paramBlock.Attributes.Any(a => IsNamed(a.TypeName, "CmdletBinding"))
            || paramBlock.Parameters.Any(p => p.Attributes.Any(a => IsNamed(a.TypeName, "Parameter")));
    }

    private static IEnumerable<string> AliasesOf(ParameterAst parameter) =>
        parameter.Attributes
            .OfType<AttributeAst>()
            .Where(a => IsNamed(a.TypeName, "Alias"))
            .SelectMany(a => a.PositionalArguments)
            .SelectMany(ConstantStrings);

    private static IEnumerable<string> ConstantStrings(ExpressionAst expression) => expression switch
    {
        StringConstantExpressionAst text => [text.Value],
        ArrayLiteralAst array => array.Elements.SelectMany(ConstantStrings),
        _ => [],
    };

    private static bool IsNamed(ITypeName typeName, string name) =>
        typeName.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
        || typeName.Name.Equals(name + "Attribute", StringComparison.OrdinalIgnoreCase);
}
