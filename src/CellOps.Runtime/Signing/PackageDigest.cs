using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CellOps.Runtime.Packaging;

namespace CellOps.Runtime.Signing;

/// <summary>
/// The message a package signature signs: the signature's own fields, then every entry of the zip
/// except the signature entry, in ordinal name order, each as its SHA-256, length and name. Adding,
/// removing, renaming or changing any entry, the manifest and its SHA-256 list included, changes it.
/// </summary>
internal static class PackageDigest
{
    private const string Header = "CellOps package signature 1";

    /// <summary>Every entry but the signature, hashed as stored (decompressed).</summary>
    /// <exception cref="InvalidDataException">An entry name is unsafe or occurs twice, or an entry cannot be decompressed.</exception>
    public static IReadOnlyList<EntryDigest> Entries(ZipArchive zip)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var digests = new List<EntryDigest>();
        foreach (var entry in zip.Entries)
        {
            // Names are written into the message one per line; the name rules exclude control characters.
            var problem = PackageEntryNames.Problem(entry.FullName);
            if (problem is not null) throw new InvalidDataException($"it has an unsafe entry name '{entry.FullName}' ({problem})");
            if (!seen.Add(entry.FullName)) throw new InvalidDataException($"it has the entry '{entry.FullName}' twice");
            if (entry.FullName == PackageEntryNames.Signature) continue;
            // The same bound ModelPackage.Open applies, so checking a signature cannot be made to read a zip bomb.
            if (entry.Length > PackageLimits.MaxEntryBytes)
                throw new InvalidDataException($"its entry '{entry.FullName}' claims {entry.Length:N0} bytes, more than the {PackageLimits.MaxEntryBytes:N0} CellOps accepts");
            using var stream = entry.Open();
            using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long length = 0;
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hasher.AppendData(buffer, 0, read);
                length += read;
                if (length > entry.Length) throw new InvalidDataException($"its entry '{entry.FullName}' holds more data than its recorded size");
            }
            digests.Add(new EntryDigest(entry.FullName, length, hasher.GetHashAndReset()));
        }
        digests.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return digests;
    }

    /// <summary>The bytes signed for <paramref name="record"/>'s fields (its signature aside) and <paramref name="entries"/>.</summary>
    public static byte[] Message(SignatureRecord record, IReadOnlyList<EntryDigest> entries)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("algorithm ").Append(record.Algorithm).Append('\n');
        text.Append("key ").Append(record.KeyId).Append('\n');
        text.Append("public-key ").Append(record.PublicKey).Append('\n');
        // JSON-quoted so a signer name cannot contain a line break that forges a later field.
        text.Append("signer ").Append(JsonSerializer.Serialize(record.Signer)).Append('\n');
        text.Append("signed ").Append(record.SignedUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("entries ").Append(entries.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var entry in entries)
        {
            text.Append(Convert.ToHexString(entry.Sha256).ToLowerInvariant()).Append(' ')
                .Append(entry.Length.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(entry.Name).Append('\n');
        }
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    /// <summary>One entry's name, decompressed length and SHA-256.</summary>
    public sealed record EntryDigest(string Name, long Length, byte[] Sha256);
}
