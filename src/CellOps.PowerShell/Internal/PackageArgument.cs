using System.Management.Automation;
using CellOps.Runtime.Training;

namespace CellOps.PowerShell.Internal;

/// <summary>Reads a parameter that names a model package: a .cellmodel path, a FileInfo, or a TrainedModel from Start-CellTraining.</summary>
internal static class PackageArgument
{
    /// <summary>The package's full path; a terminating error where the value names none.</summary>
    public static string ToPath(PSCmdlet cmdlet, object value, string parameter)
    {
        object model = value is PSObject wrapped ? wrapped.BaseObject : value;
        switch (model)
        {
            case TrainedModel trained when trained.Path is not null:
                return trained.Path;
            case FileInfo file:
                return file.FullName;
            case string text:
                return FileSystemPaths.ToFullPath(cmdlet, text);
            default:
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-{parameter} takes a .cellmodel path or a TrainedModel from Start-CellTraining, not {model.GetType().Name}."),
                    "InvalidModelArgument", ErrorCategory.InvalidArgument, model));
                return "";
        }
    }
}
