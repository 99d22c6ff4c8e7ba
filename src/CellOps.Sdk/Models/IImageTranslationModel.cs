using static TorchSharp.torch;

namespace CellOps.Sdk.Models;

/// <summary>
/// An image-to-image model (<see cref="ModelTask.ImageTranslation"/>, trained on <see cref="Tiling.TileTarget.Image"/>
/// tiles): from each input tile it predicts the paired image's region, e.g. fluorescence channels from a
/// phase-contrast z-stack. The numbers of input and output channels come from the data, so the host builds
/// the network with <see cref="CreateNetwork(HyperParameterValues, int, int)"/>.
/// </summary>
/// <remarks>
/// <para>Targets reach the model scaled per channel into <see cref="OutputRange"/> (see
/// <see cref="Training.TrainingBatch.Targets"/>); the host records the scaling in the package and maps
/// predictions back into the target's own intensity units.</para>
/// <para>The network maps N×C×H×W inputs to N×C'×H×W outputs of the same height and width.
/// Invoke-CellModel predicts overlapping tiles and blends them into one image per output channel.</para>
/// </remarks>
public interface IImageTranslationModel : ICellModel
{
    /// <summary>The values the network's outputs span (e.g. −1..1 after tanh); the host scales targets into it.</summary>
    OutputRange OutputRange { get; }

    /// <summary>
    /// Builds the network on the CPU with fresh weights for <paramref name="inputChannels"/> input and
    /// <paramref name="outputChannels"/> output channels.
    /// </summary>
    /// <param name="hyperParameters">Resolved values of <see cref="ICellModel.HyperParameters"/>.</param>
    /// <param name="inputChannels">Channels of the input micrographs (e.g. the z-planes of a stack).</param>
    /// <param name="outputChannels">Channels of the paired images (e.g. DAPI and MAP2).</param>
    nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters, int inputChannels, int outputChannels);
}
