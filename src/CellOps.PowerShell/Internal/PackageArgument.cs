using System.Management.Automation;
using CellOps.Runtime.Training;

namespace CellOps.PowerShell.Internal;

/// <summary>Reads a parameter that names a model package: a .cellmodel path, a FileInfo, a TrainedModel from Start-CellTraining or an ImportedModel from ConvertTo-CellModel.</summary>
internal static class PackageArgument
{
    /// <summary>Error id of a package path that names no file (target: the full path).</summary>
    public const string NotFoundId = "ModelPackageNotFound";

    /// <summary>The package's full path; a terminating error where the value names none or the file does not exist.</summary>
    public static string ToPath(PSCmdlet cmdlet, object value, string parameter)
    {
        string path = Resolve(cmdlet, value, parameter);
        // Checked here so that every cmdlet reports a mistyped path as missing, not as a damaged package.
        if (Directory.Exists(path))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-{parameter}: '{path}' is a folder, not a model package (.cellmodel file)."),
                "ModelPackageIsFolder", ErrorCategory.InvalidArgument, path));
        }
        if (!File.Exists(path))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new FileNotFoundException($"-{parameter}: the model package '{path}' does not exist.", path),
                NotFoundId, ErrorCategory.ObjectNotFound, path));
        }
        return path;
    }

    private static string Resolve(PSCmdlet cmdlet, object value, string parameter)
    {
        object model = value is PSObject wrapped ? wrapped.BaseObject : value;
        switch (model)
        {
            case TrainedModel trained when trained.Path is not null:
                return trained.Path;
            case CellOps.Runtime.Importing.ImportedModel imported:
                return imported.Path;
            case FileInfo file:
                return file.FullName;
            case string text:
                return FileSystemPaths.ToFullPath(cmdlet, text);
            default:
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-{parameter} takes a .cellmodel path, a TrainedModel from Start-CellTraining or an ImportedModel from ConvertTo-CellModel, not {model.GetType().Name}."),
                    "InvalidModelArgument", ErrorCategory.InvalidArgument, model));
                return "";
        }
    }
}
