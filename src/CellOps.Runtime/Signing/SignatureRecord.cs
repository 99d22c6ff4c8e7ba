using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellOps.Runtime.Signing;

/// <summary>
/// The package entry <c>signature/signature.json</c>: who signed, when, with which key, and the
/// signature over <see cref="PackageDigest"/>'s message.
/// </summary>
internal sealed record SignatureRecord
{
    public const int CurrentFormat = 1;

    // The record is written by CellOps in a few hundred bytes; a large one is not a signature.
    public const long MaxBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Format { get; init; }

    public string Algorithm { get; init; } = "";

    public string KeyId { get; init; } = "";

    /// <summary>The signer's SubjectPublicKeyInfo, base64: lets a reader check the signature without the policy; trust still comes from the policy's key list.</summary>
    public string PublicKey { get; init; } = "";

    public string Signer { get; init; } = "";

    public DateTimeOffset SignedUtc { get; init; }

    public string Signature { get; init; } = "";

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    /// <exception cref="JsonException">Not a signature record.</exception>
    public static SignatureRecord FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<SignatureRecord>(json, Options) ?? throw new JsonException("The signature is null.");
}
