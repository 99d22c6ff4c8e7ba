namespace CellOps.Runtime.Weights;

/// <summary>The container a weight file was written in, as recognised from its first bytes.</summary>
public enum WeightFormat
{
    /// <summary><c>torch.save</c>'s zip format (PyTorch ≥ 1.6): a pickle naming tensors, and raw storages.</summary>
    PyTorchZip,

    /// <summary>Hugging Face's safetensors: a JSON header, then raw little-endian tensors.</summary>
    Safetensors,
}
