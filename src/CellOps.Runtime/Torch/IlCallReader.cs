using System.Reflection;
using System.Reflection.Emit;

namespace CellOps.Runtime.Torch;

/// <summary>
/// Reads the calls a method's IL makes, with what each call's result is stored into, for
/// <see cref="ScalarLifetimeAudit"/>.
/// </summary>
internal static class IlCallReader
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>One call instruction.</summary>
    /// <param name="Callee">The method called (generic definitions, not instantiations).</param>
    /// <param name="StoredToLocal">The local its result is stored into by the next instruction, or -1.</param>
    /// <param name="MakesObject">Whether it is a newobj (a constructor called by call is a base or chained constructor).</param>
    internal readonly record struct Call(MethodBase Callee, int StoredToLocal, bool MakesObject = false);

    /// <summary>The calls of <paramref name="method"/> in order, and the locals it disposes.</summary>
    internal static (List<Call> Calls, HashSet<int> DisposedLocals) Read(MethodBase method)
    {
        var calls = new List<Call>();
        var disposed = new HashSet<int>();
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or NotSupportedException) { il = null; }
        if (il is null) return (calls, disposed);

        int lastLoadedLocal = -1;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE) value = (short)(0xFE00 | il[i++]);
            if (!OpCodesByValue.TryGetValue(value, out var op)) break;
            int operandAt = i;
            i += OperandSize(op.OperandType, il, i);

            if (StoredLocal(op, il, operandAt) is { } stored && calls.Count > 0 && calls[^1].StoredToLocal == -2)
            {
                calls[^1] = calls[^1] with { StoredToLocal = stored };
            }
            else if (calls.Count > 0 && calls[^1].StoredToLocal == -2)
            {
                calls[^1] = calls[^1] with { StoredToLocal = -1 };
            }

            // A delegate made from a method (ldftn: lambdas, local functions) counts as a call to it: the
            // method that makes the delegate is what runs it, e.g. an optimiser's step and its body.
            if (op.OperandType == OperandType.InlineMethod && (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj || op == OpCodes.Ldftn || op == OpCodes.Ldvirtftn))
            {
                var callee = Resolve(method, BitConverter.ToInt32(il, operandAt));
                if (callee is null) continue;
                if (callee.Name == "Dispose" && lastLoadedLocal >= 0) disposed.Add(lastLoadedLocal);
                // -2: the next instruction decides whether the result went into a local.
                calls.Add(new Call(callee, -2, op == OpCodes.Newobj));
            }
            lastLoadedLocal = LoadedLocal(op, il, operandAt) ?? (op == OpCodes.Brfalse || op == OpCodes.Brfalse_S || op == OpCodes.Constrained ? lastLoadedLocal : -1);
        }
        if (calls.Count > 0 && calls[^1].StoredToLocal == -2) calls[^1] = calls[^1] with { StoredToLocal = -1 };
        return (calls, disposed);
    }

    private static MethodBase? Resolve(MethodBase method, int token)
    {
        try
        {
            var typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
            var methodArguments = method is MethodInfo { IsGenericMethod: true } m ? m.GetGenericArguments() : null;
            var callee = method.Module.ResolveMethod(token, typeArguments, methodArguments);
            return callee is null ? null : Definition(callee);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException or MissingMethodException)
        {
            return null;
        }
    }

    /// <summary>The generic definition of an instantiated method, so that every instantiation is one key.</summary>
    internal static MethodBase Definition(MethodBase method)
    {
        if (method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } generic) method = generic.GetGenericMethodDefinition();
        if (method.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } type)
        {
            try { method = MethodBase.GetMethodFromHandle(method.MethodHandle, type.GetGenericTypeDefinition().TypeHandle) ?? method; }
            catch (ArgumentException) { }
        }
        return method;
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };

    private static int? StoredLocal(OpCode op, byte[] il, int operandAt)
    {
        if (op == OpCodes.Stloc_0) return 0;
        if (op == OpCodes.Stloc_1) return 1;
        if (op == OpCodes.Stloc_2) return 2;
        if (op == OpCodes.Stloc_3) return 3;
        if (op == OpCodes.Stloc_S) return il[operandAt];
        if (op == OpCodes.Stloc) return BitConverter.ToUInt16(il, operandAt);
        return null;
    }

    private static int? LoadedLocal(OpCode op, byte[] il, int operandAt)
    {
        if (op == OpCodes.Ldloc_0) return 0;
        if (op == OpCodes.Ldloc_1) return 1;
        if (op == OpCodes.Ldloc_2) return 2;
        if (op == OpCodes.Ldloc_3) return 3;
        if (op == OpCodes.Ldloc_S || op == OpCodes.Ldloca_S) return il[operandAt];
        if (op == OpCodes.Ldloc || op == OpCodes.Ldloca) return BitConverter.ToUInt16(il, operandAt);
        return null;
    }
}
