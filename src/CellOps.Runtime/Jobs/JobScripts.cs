namespace CellOps.Runtime.Jobs;

/// <summary>The scripts a job's tasks run, written into its folder when it is made.</summary>
public static class JobScripts
{
    /// <summary>Writes task.ps1 and task.sh for <paramref name="job"/> into <paramref name="folder"/>.</summary>
    public static void Write(string folder, JobManifest job)
    {
        Imaging.Formats.AtomicFile.WriteText(JobFolder.TaskScript(folder),
            job.Kind == JobKind.TrainingTrial ? TrialScript(job.Launcher.ModulePath) : TaskScript(job.Launcher.ModulePath));
        Imaging.Formats.AtomicFile.WriteText(JobFolder.ShellScript(folder), ShellScript(folder, job.Launcher));
    }

    /// <summary>
    /// The PowerShell side of a task: import the module the session used, read the shard, predict, save. Any error
    /// fails the task with its message in the report (and in the log).
    /// </summary>
    public static string TaskScript(string modulePath) =>
        Preamble("One task of a CellOps job (Submit-CellJob): predicts its shard of micrographs and saves the results.", modulePath) + """
        try {
            $parameters = $task.Parameters
            $micrographs = @(Import-Micrograph -LiteralPath $task.Inputs)
            $results = @($micrographs | Invoke-CellModel -Model $task.Model @parameters)
            $task.Complete([CellOps.Runtime.Inference.PredictionResult[]]$results)
            "task ${Index}: $($task.Inputs.Count) micrograph(s) predicted"
        }
        catch {
            $task.Fail("$($_.Exception.Message)")
            throw
        }

        """;

    /// <summary>
    /// The PowerShell side of a training trial: import the module, read the search's tile set, train with the trial's
    /// hyperparameters, save the score and package. A diverged training is a result (the search learns these values are
    /// bad); any other error fails the task.
    /// </summary>
    public static string TrialScript(string modulePath) =>
        Preamble("One trial of a CellOps hyperparameter search (Start-CellTraining -Optimize -ParallelTrials): trains and saves its score.", modulePath) + """
        try {
            $parameters = $task.Parameters
            $tiles = $task.ReadTiles()
            $trained = Start-CellTraining -Model $task.Model -InputObject $tiles -HyperParameter $task.HyperParameters -OutFile $task.Package -Force @parameters
            $task.CompleteTrial($trained)
            "task ${Index}: trained, validation loss $($trained.ValidationLoss)"
        }
        catch {
            if ($_.FullyQualifiedErrorId -like 'TrainingDiverged,*') {
                $task.Diverged("$($_.Exception.Message)")
                "task ${Index}: diverged"
                return
            }
            $task.Fail("$($_.Exception.Message)")
            throw
        }

        """;

    // What every task script starts with: its parameters, errors that stop it, the session's module, and its run begun.
    private static string Preamble(string purpose, string modulePath) => $$"""
        # {{purpose}}
        param([Parameter(Mandatory)][string]$JobPath, [Parameter(Mandatory)][int]$Index)
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        Import-Module -Name {{Quote(modulePath)}}
        $task = [CellOps.Runtime.Jobs.JobTaskRun]::Begin($JobPath, $Index)

        """;

    /// <summary>The shell side: starts pwsh on the task script; the index comes as the argument or from Slurm's array.</summary>
    public static string ShellScript(string folder, JobLauncher launcher)
    {
        var command = new[] { launcher.Executable }.Concat(launcher.Arguments)
            .Concat(["-NoProfile", "-NonInteractive", "-File", JobFolder.TaskScript(folder), "-JobPath", folder])
            .Select(ShellQuote);
        return "#!/bin/sh\n# Runs one task of a CellOps job: sh task.sh N, or as a Slurm array element.\n" +
            "index=${1:-$SLURM_ARRAY_TASK_ID}\n" +
            $"exec {string.Join(' ', command)} -Index \"$index\"\n";
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

    internal static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
