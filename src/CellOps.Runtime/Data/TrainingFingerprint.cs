using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Data;

/// <summary>
/// A SHA-256 over what defines a training set: each tile's source file, frame, rectangle and label,
/// in order. Two packages with the same fingerprint were trained on the same tiles.
/// </summary>
public static class TrainingFingerprint
{
    /// <summary>Lowercase hex SHA-256 of the tiles' identities and labels.</summary>
    public static string Compute(IEnumerable<Tile> tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> numbers = stackalloc byte[24];
        foreach (var tile in tiles)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(tile.Source.Path ?? tile.Source.Name));
            hash.AppendData(new byte[] { 0 });
            BinaryPrimitives.WriteInt32LittleEndian(numbers[0..], tile.Frame);
            BinaryPrimitives.WriteInt32LittleEndian(numbers[4..], tile.Rect.X);
            BinaryPrimitives.WriteInt32LittleEndian(numbers[8..], tile.Rect.Y);
            BinaryPrimitives.WriteInt32LittleEndian(numbers[12..], tile.Rect.Width);
            BinaryPrimitives.WriteInt32LittleEndian(numbers[16..], tile.Rect.Height);
            BinaryPrimitives.WriteInt32LittleEndian(numbers[20..], tile.Label);
            hash.AppendData(numbers);
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
