using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CellOps.Imaging.Formats;

namespace CellOps.Runtime.Jobs;

/// <summary>
/// The layout of a job folder: job.json (the manifest), task.ps1 and task.sh (what each task runs), and per task
/// logs/task-N.log, status/task-N.json (its report) and results/task-N.json (its saved predictions, or a training trial's
/// result beside its package results/task-N.cellmodel); a search job also holds tiles.celltiles.
/// </summary>
public static class JobFolder
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The manifest.</summary>
    public static string Manifest(string folder) => Path.Combine(folder, "job.json");

    /// <summary>The PowerShell script every task runs.</summary>
    public static string TaskScript(string folder) => Path.Combine(folder, "task.ps1");

    /// <summary>The shell script that starts a task (the Slurm batch script; the local driver runs it too).</summary>
    public static string ShellScript(string folder) => Path.Combine(folder, "task.sh");

    /// <summary>Task <paramref name="index"/>'s log (its output and errors).</summary>
    public static string Log(string folder, int index) => Path.Combine(folder, "logs", Name(index, "log"));

    /// <summary>Task <paramref name="index"/>'s report.</summary>
    public static string Report(string folder, int index) => Path.Combine(folder, "status", Name(index, "json"));

    /// <summary>Task <paramref name="index"/>'s saved predictions.</summary>
    public static string Output(string folder, int index) => Path.Combine(folder, "results", Name(index, "json"));

    /// <summary>A search's tile set, which every trial trains on (see <see cref="Data.TileSetFile"/>).</summary>
    public static string Tiles(string folder) => Path.Combine(folder, "tiles.celltiles");

    /// <summary>Training trial <paramref name="index"/>'s model package.</summary>
    public static string Package(string folder, int index) => Path.Combine(folder, "results", Name(index, "cellmodel"));

    /// <summary>Training trial <paramref name="index"/>'s saved result, or null where it has saved none (or it cannot be read).</summary>
    public static TrialResult? ReadTrialResult(string folder, int index)
    {
        string path = Output(folder, index);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<TrialResult>(File.ReadAllBytes(path), Json);
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>Saves training trial <paramref name="index"/>'s result atomically.</summary>
    public static void WriteTrialResult(string folder, int index, TrialResult result)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Output(folder, index))!);
        AtomicFile.Write(Output(folder, index), JsonSerializer.SerializeToUtf8Bytes(result, Json));
    }

    /// <summary>Whether <paramref name="folder"/> holds a job.</summary>
    public static bool IsJob(string folder) => File.Exists(Manifest(folder));

    /// <summary>Reads the job in <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">No job there.</exception>
    /// <exception cref="InvalidDataException">Its manifest is damaged.</exception>
    public static JobManifest Load(string folder)
    {
        string path = Manifest(folder);
        if (!File.Exists(path)) throw new FileNotFoundException($"{folder} holds no CellOps job (no job.json).", path);
        JobManifest? job;
        try
        {
            job = JsonSerializer.Deserialize<JobManifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The job manifest {path} is damaged: {ex.Message}", ex);
        }
        if (job is null || job.Tasks is null || job.Inputs is null || job.Launcher is null || job.Submissions is null || job.Parameters is null)
            throw new InvalidDataException($"The job manifest {path} is damaged: a part is missing.");
        return job;
    }

    /// <summary>Writes the manifest atomically.</summary>
    public static void Save(string folder, JobManifest job) => AtomicFile.Write(Manifest(folder), JsonSerializer.SerializeToUtf8Bytes(job, Json));

    /// <summary>Task <paramref name="index"/>'s report, or null where it has written none (or it cannot be read yet).</summary>
    public static TaskReport? ReadReport(string folder, int index)
    {
        string path = Report(folder, index);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<TaskReport>(File.ReadAllBytes(path), Json);
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>Writes task <paramref name="index"/>'s report atomically.</summary>
    public static void WriteReport(string folder, int index, TaskReport report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Report(folder, index))!);
        AtomicFile.Write(Report(folder, index), JsonSerializer.SerializeToUtf8Bytes(report, Json));
    }

    private static string Name(int index, string extension) => string.Create(CultureInfo.InvariantCulture, $"task-{index}.{extension}");
}
