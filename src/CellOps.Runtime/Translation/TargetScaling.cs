using System.Text.Json.Serialization;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;

namespace CellOps.Runtime.Translation;

/// <summary>
/// How an image-translation model's targets were scaled for training, per target channel: the raw value
/// at <see cref="OutputRange.LowPercentile"/> of the training pairs maps onto the network's
/// <see cref="OutputLow"/>, the raw value at <see cref="OutputRange.HighPercentile"/> onto <see cref="OutputHigh"/>.
/// Recorded in the package, so predictions are mapped back into the target's own intensity units.
/// </summary>
public sealed record TargetScaling
{
    /// <summary>The target channels' names (e.g. DAPI, MAP2), in output order.</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    /// <summary>Per channel, the raw value that maps onto <see cref="OutputLow"/>.</summary>
    public required IReadOnlyList<float> RawLow { get; init; }

    /// <summary>Per channel, the raw value that maps onto <see cref="OutputHigh"/>.</summary>
    public required IReadOnlyList<float> RawHigh { get; init; }

    /// <summary>The network's output for a pixel at <see cref="RawLow"/>.</summary>
    public required float OutputLow { get; init; }

    /// <summary>The network's output for a pixel at <see cref="RawHigh"/>.</summary>
    public required float OutputHigh { get; init; }

    /// <summary>The pixel type of the training targets (what the predicted intensities mean).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<PixelType>))]
    public PixelType TargetPixelType { get; init; } = PixelType.Float32;

    /// <summary>Number of target channels.</summary>
    [JsonIgnore]
    public int ChannelCount => Channels.Count;

    /// <summary>The index of the target channel named <paramref name="channel"/> (case-insensitive), or −1.</summary>
    public int IndexOf(string channel)
    {
        for (int c = 0; c < Channels.Count; c++)
        {
            if (string.Equals(Channels[c], channel, StringComparison.OrdinalIgnoreCase)) return c;
        }
        return -1;
    }

    /// <summary>Raw units per unit of network output for channel <paramref name="channel"/>.</summary>
    public float RawPerOutput(int channel) => (RawHigh[channel] - RawLow[channel]) / (OutputHigh - OutputLow);

    /// <summary>Maps raw target values of one channel into the network's range, in place.</summary>
    public void ToOutput(int channel, Span<float> values)
    {
        float factor = 1f / RawPerOutput(channel), low = RawLow[channel], outLow = OutputLow;
        for (int i = 0; i < values.Length; i++) values[i] = (values[i] - low) * factor + outLow;
    }

    /// <summary>Maps network outputs of one channel back into raw target units, in place.</summary>
    public void ToRaw(int channel, Span<float> values)
    {
        float factor = RawPerOutput(channel), low = RawLow[channel], outLow = OutputLow;
        for (int i = 0; i < values.Length; i++) values[i] = (values[i] - outLow) * factor + low;
    }

    /// <summary>What is wrong with a scaling read from a package, or null.</summary>
    public string? Problem()
    {
        if (Channels is null || RawLow is null || RawHigh is null) return "has a null where a list belongs";
        if (Channels.Count == 0) return "has no target channel";
        if (RawLow.Count != Channels.Count || RawHigh.Count != Channels.Count) return "does not give one low and one high value per target channel";
        if (!(OutputHigh > OutputLow) || !float.IsFinite(OutputLow) || !float.IsFinite(OutputHigh)) return "has an empty output range";
        for (int c = 0; c < Channels.Count; c++)
        {
            if (!float.IsFinite(RawLow[c]) || !float.IsFinite(RawHigh[c]) || !(RawHigh[c] > RawLow[c]))
                return $"maps channel {Channels[c]} from an empty range ({RawLow[c]}..{RawHigh[c]})";
        }
        return null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join("; ", Channels.Select((name, c) => $"{name} {RawLow[c]:G5}..{RawHigh[c]:G5} → {OutputLow}..{OutputHigh}"));
}
