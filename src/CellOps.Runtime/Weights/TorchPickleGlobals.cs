namespace CellOps.Runtime.Weights;

/// <summary>
/// The globals a pickled state dict may name: what <c>torch.save(model.state_dict())</c> writes in
/// PyTorch 1.6 to 2.x for float and integer tensors, and nothing else. Every other global is refused
/// when the pickle names it, before anything could call it.
/// </summary>
internal static class TorchPickleGlobals
{
    public static PickleGlobal Resolve(string module, string name, string path)
    {
        switch (module, name)
        {
            case ("collections", "OrderedDict"):
                return new PickleGlobal(module, name, PickleGlobalKind.OrderedDict);
            case ("torch._utils", "_rebuild_tensor_v2"):
                return new PickleGlobal(module, name, PickleGlobalKind.RebuildTensor);
            case ("torch._utils", "_rebuild_parameter"):
                return new PickleGlobal(module, name, PickleGlobalKind.RebuildParameter);
        }
        if (module == "torch" && WeightDTypes.TorchStorages.TryGetValue(name, out var type))
            return new PickleGlobal(module, name, PickleGlobalKind.Storage, type);
        throw Refusal(module, name, path);
    }

    private static UnsafeWeightFileException Refusal(string module, string name, string path)
    {
        string global = $"{module}.{name}";
        string file = System.IO.Path.GetFileName(path);
        string hint = LooksLikeModel(module)
            ? $" {global} looks like a whole pickled model: in PyTorch, save its weights with torch.save(model.state_dict(), path) and import that file."
            : " If the file is a whole pickled model, save its weights with torch.save(model.state_dict(), path) instead.";
        return new UnsafeWeightFileException(path, global,
            $"{file} refers to {global}, which is not a tensor; CellOps reads weight files that hold only tensors " +
            $"and refused the file without running anything in it.{hint}");
    }

    private static bool LooksLikeModel(string module) =>
        module == "__main__" || module.StartsWith("torch.nn.", StringComparison.Ordinal)
        || module.StartsWith("torchvision.models", StringComparison.Ordinal);
}
