using System.Diagnostics;
using System.Globalization;
using CellOps.Fuzz;

// A supervisor runs the executions in child processes of this same program, so that a native crash
// (a decoder in C) or a hang costs one execution, which is then saved, not the campaign.
//   CellOps.Fuzz --target image|package --seeds FILE... --executions N [--seed S] [--out DIR]
//                [--timeout-ms MS] [--memory-mb MB]
// Prints one line per finding and a summary; exits 1 where anything was found.
var options = FuzzOptions.Parse(args);
if (options.Child) return FuzzChild.Run(options);
return FuzzSupervisor.Run(options);

namespace CellOps.Fuzz
{
    internal sealed record FuzzOptions(
        string Target, IReadOnlyList<string> Seeds, long Executions, int Seed, string Out, int TimeoutMs, int MemoryMb,
        bool Child, long From, long Count)
    {
        public static FuzzOptions Parse(string[] args)
        {
            string target = "image", output = Path.Combine(Path.GetTempPath(), "cellops-fuzz");
            var seeds = new List<string>();
            long executions = 1000, from = 0, count = 0;
            int seed = 1, timeout = 5000, memory = 100;
            bool child = false;
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--target": target = Next(); break;
                    case "--seeds":
                        while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) seeds.Add(args[++i]);
                        break;
                    case "--executions": executions = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--out": output = Next(); break;
                    case "--timeout-ms": timeout = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--memory-mb": memory = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--child": child = true; break;
                    case "--from": from = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--count": count = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
            if (seeds.Count == 0) throw new ArgumentException("--seeds names no files.");
            return new FuzzOptions(target, seeds.Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToArray(), executions, seed,
                Path.GetFullPath(output), timeout, memory, child, from, count);
        }

        public string[] ChildArguments(long from, long count) =>
        [
            "--child", "--target", Target, "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--out", Out,
            "--from", from.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture),
            "--memory-mb", MemoryMb.ToString(CultureInfo.InvariantCulture), "--seeds", .. Seeds,
        ];
    }

    /// <summary>Runs a range of executions and reports each on stdout: "start i", then "done i outcome ms peakMB".</summary>
    internal static class FuzzChild
    {
        public static int Run(FuzzOptions options)
        {
            var seeds = options.Seeds.Select(File.ReadAllBytes).ToArray();
            string work = Directory.CreateTempSubdirectory("cellops-fuzz-").FullName;
            try
            {
                for (long i = options.From; i < options.From + options.Count; i++)
                {
                    int which = (int)(i % seeds.Length);
                    string file = Path.Combine(work, "input" + Targets.Extension(options.Target, options.Seeds[which]));
                    File.WriteAllBytes(file, Mutator.Mutate(seeds[which], options.Seed, i));
                    PeakMemory.Reset();
                    long baseline = PeakMemory.CurrentMb();
                    Console.Out.WriteLine($"start {i}");
                    Console.Out.Flush();
                    var clock = Stopwatch.StartNew();
                    string outcome;
                    long claimedMb = 0;
                    try
                    {
                        (outcome, long claimed) = Targets.Run(options.Target, file);
                        claimedMb = claimed >> 20;
                    }
                    catch (Exception ex)
                    {
                        outcome = "exception:" + ex.GetType().Name + ":" + ex.Message.ReplaceLineEndings(" ");
                    }
                    long peak = PeakMemory.PeakMb() - baseline;
                    Console.Out.WriteLine($"done {i} {clock.ElapsedMilliseconds} {peak} {claimedMb} {outcome}");
                    Console.Out.Flush();
                }
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
            return 0;
        }
    }

    /// <summary>Peak resident memory of this process, resettable between executions (Linux: /proc/self/clear_refs).</summary>
    internal static class PeakMemory
    {
        public static void Reset()
        {
            GC.Collect();
            try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        public static long CurrentMb() => Status("VmRSS:");

        public static long PeakMb() => Status("VmHWM:");

        private static long Status(string key)
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
                }
            }
            return 0;
        }
    }

    /// <summary>Starts children over the whole range, saves every finding, and prints the figures.</summary>
    internal static class FuzzSupervisor
    {
        private const long Batch = 2000;

        // Well past the slow-execution bound, so that a loaded machine is not taken for a hang.
        private static int HangMs(FuzzOptions options) => Math.Max(30_000, options.TimeoutMs * 10);

        public static int Run(FuzzOptions options)
        {
            Directory.CreateDirectory(options.Out);
            var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
            var findings = new List<string>();
            long done = 0, maxMs = 0, maxMb = 0, maxClaimMb = 0;
            var clock = Stopwatch.StartNew();
            long next = 0;
            while (next < options.Executions)
            {
                long count = Math.Min(Batch, options.Executions - next);
                long resumeAt = RunChild(options, next, count, (i, ms, mb, claimedMb, outcome) =>
                {
                    done++;
                    maxMs = Math.Max(maxMs, ms);
                    if (mb > maxMb) { maxMb = mb; maxClaimMb = claimedMb; }
                    string kind = outcome.StartsWith("exception:", StringComparison.Ordinal) ? "exception" : outcome;
                    outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
                    if (kind == "exception") findings.Add(Save(options, i, outcome));
                    // Reading an image that really is large is work the caller asked for: memory counts as a
                    // finding beyond the bound only where it also exceeds three times the pixels claimed.
                    else if (mb > options.MemoryMb && mb > 3 * claimedMb) findings.Add(Save(options, i, $"memory: {mb} MB above baseline for {claimedMb} MB of pixels ({outcome})"));
                    else if (ms > options.TimeoutMs && Again(options, i) is var again && again > options.TimeoutMs)
                    {
                        findings.Add(Save(options, i, $"slow: {ms} ms, {again} ms alone ({outcome})"));
                    }
                }, finding => { done++; findings.Add(finding); outcomes["crash or hang"] = outcomes.GetValueOrDefault("crash or hang") + 1; });
                next = resumeAt;
            }

            Console.WriteLine($"fuzz {options.Target}: {done} executions in {clock.Elapsed.TotalSeconds:0} s from {options.Seeds.Count} seed(s), run seed {options.Seed}");
            foreach (var (kind, n) in outcomes.OrderByDescending(o => o.Value)) Console.WriteLine($"  {n,8}  {kind}");
            Console.WriteLine($"  slowest execution {maxMs} ms; largest peak {maxMb} MB above the process's baseline (for a file claiming {maxClaimMb} MB of pixels)");
            Console.WriteLine($"  findings: {findings.Count}{(findings.Count > 0 ? " (inputs in " + options.Out + ")" : "")}");
            return findings.Count == 0 ? 0 : 1;
        }

        // A slow execution on a busy machine may be the machine: time it again, alone in a fresh child.
        private static long Again(FuzzOptions options, long execution)
        {
            long ms = long.MaxValue;
            RunChild(options, execution, 1, (_, time, _, _, _) => ms = time, _ => { });
            return ms;
        }

        // Runs one child from `from`; returns where the next child starts (past a crash or hang).
        private static long RunChild(FuzzOptions options, long from, long count, Action<long, long, long, long, string> onDone, Action<string> onLost)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add(typeof(FuzzSupervisor).Assembly.Location);
            foreach (var arg in options.ChildArguments(from, count)) info.ArgumentList.Add(arg);
            using var child = Process.Start(info)!;
            long current = from - 1;
            bool inFlight = false;
            var lines = new System.Collections.Concurrent.BlockingCollection<string>();
            var reader = Task.Run(() =>
            {
                while (child.StandardOutput.ReadLine() is { } line) lines.Add(line);
                lines.CompleteAdding();
            });
            while (true)
            {
                if (!lines.TryTake(out var line, inFlight ? HangMs(options) : Timeout.Infinite))
                {
                    if (lines.IsCompleted) break;
                    child.Kill(entireProcessTree: true);
                    onLost(Save(options, current, $"hang: no answer within {HangMs(options)} ms"));
                    return current + 1;
                }
                var parts = line.Split(' ', 6);
                if (parts[0] == "start")
                {
                    current = long.Parse(parts[1], CultureInfo.InvariantCulture);
                    inFlight = true;
                }
                else if (parts[0] == "done")
                {
                    inFlight = false;
                    onDone(long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture),
                        long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[4], CultureInfo.InvariantCulture), parts[5]);
                }
            }
            child.WaitForExit();
            reader.Wait();
            if (inFlight)
            {
                onLost(Save(options, current, $"crash: the process ended with code {child.ExitCode} during this input"));
                return current + 1;
            }
            return from + count;
        }

        private static string Save(FuzzOptions options, long execution, string what)
        {
            int which = (int)(execution % options.Seeds.Count);
            string name = $"{options.Target}-{options.Seed}-{execution}{Targets.Extension(options.Target, options.Seeds[which])}";
            File.WriteAllBytes(Path.Combine(options.Out, name), Mutator.Mutate(File.ReadAllBytes(options.Seeds[which]), options.Seed, execution));
            string line = $"{name}: {what} (seed file {Path.GetFileName(options.Seeds[which])})";
            Console.WriteLine("  finding " + line);
            File.AppendAllText(Path.Combine(options.Out, "findings.txt"), line + Environment.NewLine);
            return line;
        }
    }
}
