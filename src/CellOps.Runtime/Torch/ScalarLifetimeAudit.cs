using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Torch;

/// <summary>
/// Finds code that lets a TorchSharp <see cref="Scalar"/> be freed while libtorch reads it.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 converts numbers to Scalars implicitly and hands the native handle to libtorch
/// without keeping the Scalar object alive; a garbage collection during the native call then lets its
/// finalizer free the scalar under libtorch (CellOps.Sdk.Torch.Scalars says more). This audit reads IL:
/// it marks every TorchSharp method that makes a Scalar and does not dispose it, and every TorchSharp
/// method that calls a marked one; then it reports calls into marked methods, and Scalars made outside
/// a <c>using</c> local, from any assembly, and marked layers and optimisers in a live network.
/// </remarks>
public sealed class ScalarLifetimeAudit
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
    private static readonly Lazy<ScalarLifetimeAudit> Shared = new(() => new ScalarLifetimeAudit(typeof(torch).Assembly));
    private static readonly Type ScalarType = typeof(Scalar);

    private readonly Assembly torchSharp;
    // Keyed by module and metadata token: MethodInfo equality also compares the type it was reflected
    // from, so a base-class method found through a subclass would not match.
    private readonly HashSet<(Module, int)> unsafeMethods = new();

    private ScalarLifetimeAudit(Assembly torchSharp)
    {
        this.torchSharp = torchSharp;
        var callers = new Dictionary<(Module, int), List<MethodBase>>();
        var work = new Queue<MethodBase>();
        foreach (var method in LoadableTypes(torchSharp).SelectMany(MethodsOf))
        {
            var (calls, _) = IlCallReader.Read(method);
            bool makes = false, disposes = false;
            foreach (var call in calls)
            {
                if (MakesScalar(call.Callee)) makes = true;
                else if (call.Callee.DeclaringType == ScalarType && call.Callee.Name == nameof(Scalar.Dispose)) disposes = true;
                if (call.Callee.Module.Assembly != torchSharp) continue;
                if (!callers.TryGetValue(Key(call.Callee), out var list)) callers[Key(call.Callee)] = list = new();
                list.Add(method);
            }
            if (makes && !disposes && unsafeMethods.Add(Key(method))) work.Enqueue(method);
        }
        // A method that calls a marked method passes it a Scalar it cannot keep alive, or is the
        // caller of one that makes its own: marked too.
        while (work.Count > 0)
        {
            if (!callers.TryGetValue(Key(work.Dequeue()), out var list)) continue;
            foreach (var caller in list)
                if (unsafeMethods.Add(Key(caller))) work.Enqueue(caller);
        }
    }

    /// <summary>The audit of the TorchSharp assembly CellOps runs on (built on first use, about a second).</summary>
    public static ScalarLifetimeAudit ForTorchSharp => Shared.Value;

    /// <summary>The number of TorchSharp methods marked unsafe.</summary>
    public int UnsafeMethodCount => unsafeMethods.Count;

    /// <summary>Whether calling <paramref name="method"/> can free a Scalar libtorch is reading.</summary>
    public bool IsUnsafe(MethodBase method) => unsafeMethods.Contains(Key(method));

    /// <summary>
    /// Calls from <paramref name="assembly"/> into marked TorchSharp methods, and Scalars it makes
    /// (implicit conversions, <c>ToScalar</c>) other than into a local it disposes. Code in types
    /// whose full name starts with one of <paramref name="trustedTypePrefixes"/> may make Scalars it keeps otherwise.
    /// </summary>
    public IReadOnlyList<ScalarLifetimeFinding> Scan(Assembly assembly, params string[] trustedTypePrefixes)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var findings = new List<ScalarLifetimeFinding>();
        foreach (var type in LoadableTypes(assembly))
        {
            bool trusted = trustedTypePrefixes.Any(p => type.FullName?.StartsWith(p, StringComparison.Ordinal) == true);
            foreach (var method in MethodsOf(type))
            {
                var (calls, disposed) = IlCallReader.Read(method);
                foreach (var call in calls)
                {
                    if (call.Callee.Module.Assembly != torchSharp) continue;
                    if (MakesScalar(call.Callee))
                    {
                        if (trusted || (call.StoredToLocal >= 0 && disposed.Contains(call.StoredToLocal))) continue;
                        findings.Add(new(Describe(method), Describe(call.Callee),
                            "hold the Scalar until the call returns: CellOps.Sdk.Torch.Scalars.Of(constant), or `using var s = value.ToScalar();`"));
                    }
                    else if (unsafeMethods.Contains(Key(call.Callee)))
                    {
                        findings.Add(new(Describe(method), Describe(call.Callee),
                            "this TorchSharp member makes a Scalar it does not keep alive; call the overload that takes every Scalar, passing held ones"));
                    }
                    else if ((call.MakesObject || call.Callee is MethodInfo) && Made(call.Callee) is { } made && UnsafeWhenRun(made) is { } advice)
                    {
                        // Its forward or step is reached through a virtual call the IL cannot follow:
                        // the layer or optimiser is caught where it is made.
                        findings.Add(new(Describe(method), Describe(call.Callee), advice));
                    }
                }
            }
        }
        return findings;
    }

    /// <summary>Layers of <paramref name="network"/> (itself included) whose forward is a marked TorchSharp method.</summary>
    public IReadOnlyList<ScalarLifetimeFinding> ScanLayers(nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var findings = new List<ScalarLifetimeFinding>();
        foreach (var (name, module) in network.named_modules().Prepend(("", network)))
        {
            var forward = module.GetType().GetMethod("forward", BindingFlags.Public | BindingFlags.Instance, new[] { typeof(Tensor) });
            if (forward is not null && forward.DeclaringType?.Assembly == torchSharp && IsUnsafe(forward))
            {
                findings.Add(new($"{(name.Length == 0 ? "(network)" : name)} ({module.GetType().FullName})", Describe(forward),
                    $"use CellOps.Sdk.Torch.Layers.{module.GetType().Name} where it exists, or a layer of your own that holds its Scalars"));
            }
        }
        return findings;
    }

    /// <summary>The optimiser's step, if it is a marked TorchSharp method.</summary>
    public ScalarLifetimeFinding? ScanOptimizer(optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var step = optimizer.GetType().GetMethod("step", BindingFlags.Public | BindingFlags.Instance, new[] { typeof(Func<Tensor>) });
        return step is not null && step.DeclaringType?.Assembly == torchSharp && IsUnsafe(step)
            ? new(optimizer.GetType().FullName ?? optimizer.GetType().Name, Describe(step), "use CellOps.Sdk.Torch.Optimizers")
            : null;
    }

    // The TorchSharp type a call makes: a constructor's type, or a factory's return type.
    private Type? Made(MethodBase callee)
    {
        var type = callee is ConstructorInfo ? callee.DeclaringType : (callee as MethodInfo)?.ReturnType;
        return type is not null && type.Assembly == torchSharp ? type : null;
    }

    private readonly Dictionary<Type, string?> runAdvice = new();

    private string? UnsafeWhenRun(Type type)
    {
        lock (runAdvice)
        {
            if (runAdvice.TryGetValue(type, out var known)) return known;
            string? advice = null;
            if (typeof(nn.Module).IsAssignableFrom(type) && !type.IsAbstract
                && type.GetMethod("forward", BindingFlags.Public | BindingFlags.Instance, new[] { typeof(Tensor) }) is { } forward && IsUnsafe(forward))
            {
                advice = $"{type.Name}.forward makes Scalars it does not keep alive; use CellOps.Sdk.Torch.Layers.{type.Name} where it exists";
            }
            else if (typeof(optim.Optimizer).IsAssignableFrom(type) && !type.IsAbstract
                && type.GetMethod("step", BindingFlags.Public | BindingFlags.Instance, new[] { typeof(Func<Tensor>) }) is { } step && IsUnsafe(step))
            {
                advice = $"{type.Name}.step makes Scalars it does not keep alive; use CellOps.Sdk.Torch.Optimizers";
            }
            runAdvice[type] = advice;
            return advice;
        }
    }

    private static (Module, int) Key(MethodBase method) => (method.Module, method.MetadataToken);

    private static bool MakesScalar(MethodBase method) =>
        method is MethodInfo info && info.ReturnType == ScalarType
        && ((method.DeclaringType == ScalarType && method.Name == "op_Implicit")
            || (method.DeclaringType?.Name == "ScalarExtensionMethods" && method.Name.StartsWith("To", StringComparison.Ordinal)));

    private static IEnumerable<MethodBase> MethodsOf(Type type) =>
        type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared));

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }

    private static string Describe(MethodBase method)
    {
        var type = method.DeclaringType;
        // Compiler-made types (lambdas, iterators) are reported as the method they belong to.
        while (type is { DeclaringType: not null } && type.Name.Contains('<')) type = type.DeclaringType;
        string parameters = string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name));
        return $"{type?.Name}.{method.Name}({parameters})";
    }
}
