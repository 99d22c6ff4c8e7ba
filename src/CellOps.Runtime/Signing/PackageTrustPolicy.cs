using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellOps.Runtime.Signing;

/// <summary>
/// Which package signers this machine trusts: a JSON file named by <see cref="EnvironmentVariable"/>
/// listing public keys (PEM files or inline PEM, each optionally with <c>notAfter</c>), whether every
/// package opened for use must be signed by one of them (<c>requireSignature</c>), and when the policy
/// itself stops being valid (<c>expires</c>).
/// </summary>
/// <remarks>
/// A policy that cannot be read is an error, never "no policy": a damaged or unreadable file must not
/// quietly turn the check off.
/// </remarks>
public sealed class PackageTrustPolicy
{
    /// <summary>The environment variable that holds the full path of the policy file.</summary>
    public const string EnvironmentVariable = "CELLOPS_PACKAGE_POLICY";

    // A policy lists a few keys; a much larger file is not one.
    private const long MaxPolicyBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        // A misspelt setting ("requireSignatures") must not silently leave the check off.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, TrustedKey> _keys;

    private PackageTrustPolicy(string path, bool requireSignature, DateTimeOffset? expires, IEnumerable<TrustedKey> keys)
    {
        Path = path;
        RequireSignature = requireSignature;
        Expires = expires;
        _keys = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        // A key listed twice keeps its longer trust (no limit is the longest).
        foreach (var key in keys)
        {
            if (_keys.TryGetValue(key.KeyId, out var other) && LastsAtLeastAsLong(other, key)) continue;
            _keys[key.KeyId] = key;
        }
    }

    /// <summary>The policy file.</summary>
    public string Path { get; }

    /// <summary>Whether every package opened for use must carry a valid signature by a listed, unexpired key.</summary>
    public bool RequireSignature { get; }

    /// <summary>When the policy stops being valid (every package is then refused); null for never.</summary>
    public DateTimeOffset? Expires { get; }

    /// <summary>The trusted keys.</summary>
    public IReadOnlyCollection<TrustedKey> Keys => _keys.Values;

    /// <summary>The policy <see cref="EnvironmentVariable"/> names; null when it is unset or empty.</summary>
    /// <exception cref="PackageTrustException"><see cref="PackageTrustFailure.PolicyInvalid"/>: the variable holds a relative path, or the file cannot be read.</exception>
    public static PackageTrustPolicy? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value)) return null;
        // Relative would mean a different policy in every folder the user works in.
        if (!System.IO.Path.IsPathFullyQualified(value))
        {
            throw new PackageTrustException(PackageTrustFailure.PolicyInvalid, value,
                $"{EnvironmentVariable} is '{value}', a relative path; set it to the full path of the package trust policy file.");
        }
        return Load(value);
    }

    /// <summary>Reads a policy file.</summary>
    /// <exception cref="PackageTrustException"><see cref="PackageTrustFailure.PolicyInvalid"/>: missing, unreadable, not valid JSON, an unknown setting, or a key that cannot be read.</exception>
    public static PackageTrustPolicy Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        PolicyFile file;
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists) throw Invalid(full, "does not exist");
            if (info.Length > MaxPolicyBytes) throw Invalid(full, "is too large to be a trust policy");
            if (WritableByEveryone(full)) throw Invalid(full, "is writable by every user, so anyone could add their key to it; remove that permission (chmod o-w)");
            file = JsonSerializer.Deserialize<PolicyFile>(File.ReadAllBytes(full), Options) ?? throw Invalid(full, "is empty (null)");
        }
        catch (JsonException e)
        {
            throw Invalid(full, $"is not a valid policy: {e.Message.TrimEnd('.')}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(full, $"cannot be read: {e.Message.TrimEnd('.')}", e);
        }

        var folder = System.IO.Path.GetDirectoryName(full)!;
        var keys = new List<TrustedKey>();
        var listed = file.TrustedKeys ?? new List<KeyEntry>();
        for (int i = 0; i < listed.Count; i++)
        {
            var entry = listed[i] ?? throw Invalid(full, $"has an empty entry {i + 1} in trustedKeys");
            if ((entry.Path is null) == (entry.Pem is null))
                throw Invalid(full, $"has trustedKeys entry {i + 1} with {(entry.Path is null ? "neither" : "both")} 'path' and 'pem'; give one");
            if (entry.Path is not null && WritableByEveryone(System.IO.Path.Combine(folder, entry.Path)))
                throw Invalid(full, $"lists the key file {System.IO.Path.Combine(folder, entry.Path)}, which every user can write, so anyone could replace it with their own key; remove that permission (chmod o-w)");
            try
            {
                keys.Add(entry.Path is not null
                    ? TrustedKey.Load(System.IO.Path.Combine(folder, entry.Path), entry.NotAfter)
                    : TrustedKey.FromPem(entry.Pem!, $"{full}, trustedKeys entry {i + 1}", entry.NotAfter));
            }
            catch (Exception e) when (e is SigningKeyException or ArgumentException)
            {
                throw Invalid(full, $"lists a key that cannot be used: {e.Message.TrimEnd('.')}", e);
            }
        }
        if (file.RequireSignature == true && keys.Count == 0)
            throw Invalid(full, "requires signatures but lists no trustedKeys, so it would refuse every package");
        return new PackageTrustPolicy(full, file.RequireSignature ?? false, file.Expires, keys);
    }

    /// <summary>The listed key with this id, or null.</summary>
    public TrustedKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    /// <summary>Whether the policy is past <see cref="Expires"/> at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => Expires is { } limit && now > limit;

    /// <summary>
    /// Throws unless the policy accepts the package open in <paramref name="zip"/>: the policy must be
    /// unexpired; a signature the package carries must verify, whether or not one is required; and under
    /// <see cref="RequireSignature"/> it must be by a listed key that is not past its <c>notAfter</c>.
    /// </summary>
    /// <param name="zip">The package, open for reading: the same handle the caller goes on to read, so the bytes checked are the bytes used.</param>
    /// <param name="path">The package file, for messages.</param>
    /// <param name="now">The time expiry is checked at.</param>
    /// <exception cref="PackageTrustException">The package is refused.</exception>
    public void Enforce(ZipArchive zip, string path, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var shown = System.IO.Path.GetFileName(path);
        if (IsExpired(now))
        {
            throw new PackageTrustException(PackageTrustFailure.PolicyExpired, path,
                $"{shown} cannot be used: the package trust policy {Path} expired on {Expires:u}. Ask whoever keeps it for a renewed policy (or a new 'expires').");
        }
        var status = PackageSignatureVerifier.Inspect(zip, path, this, now);
        switch (status.Status)
        {
            case SignatureState.Invalid:
                throw new PackageTrustException(PackageTrustFailure.SignatureInvalid, path,
                    $"{shown} has a signature that does not verify: {status.Reason}. Do not use it; get the package again from its source.");
            case SignatureState.Unsigned when RequireSignature:
                throw new PackageTrustException(PackageTrustFailure.Unsigned, path,
                    $"{shown} is not signed, and the package trust policy {Path} requires signed packages. Have it signed with a trusted key (Set-CellModelSignature).");
            case SignatureState.Signed when RequireSignature && Find(status.KeyId!) is null:
                throw new PackageTrustException(PackageTrustFailure.SignerUntrusted, path,
                    $"{shown} is signed by key {status.KeyId} ({status.Signer}), which the package trust policy {Path} does not list. Have it signed with a trusted key, or add the signer's public key to the policy if you trust it.");
            case SignatureState.Signed when RequireSignature && Find(status.KeyId!)!.IsExpired(now):
                var key = Find(status.KeyId!)!;
                throw new PackageTrustException(PackageTrustFailure.SignerExpired, path,
                    $"{shown} is signed by key {status.KeyId} ({status.Signer}), which the package trust policy {Path} trusted only until {key.NotAfter:u}. Have it signed again with a current key.");
        }
    }

    private static bool WritableByEveryone(string path) =>
        !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & UnixFileMode.OtherWrite) != 0;

    private static bool LastsAtLeastAsLong(TrustedKey a, TrustedKey b) =>
        a.NotAfter is null || (b.NotAfter is not null && a.NotAfter >= b.NotAfter);

    private static PackageTrustException Invalid(string full, string problem, Exception? inner = null) =>
        new(PackageTrustFailure.PolicyInvalid, full,
            $"The package trust policy {full} {problem}. No package is accepted until it is fixed, or until {EnvironmentVariable} is cleared.", inner);

    private sealed class PolicyFile
    {
        public bool? RequireSignature { get; set; }

        public DateTimeOffset? Expires { get; set; }

        public List<KeyEntry>? TrustedKeys { get; set; }

        /// <summary>For people reading the policy.</summary>
        public string? Comment { get; set; }
    }

    private sealed class KeyEntry
    {
        public string? Path { get; set; }

        public string? Pem { get; set; }

        public DateTimeOffset? NotAfter { get; set; }

        /// <summary>For people reading the policy: whose key it is.</summary>
        public string? Comment { get; set; }
    }
}
