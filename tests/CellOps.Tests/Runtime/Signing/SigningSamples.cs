using System.Text.Json.Nodes;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Signing;
using CellOps.Tests.Runtime.Packaging;

namespace CellOps.Tests.Runtime.Signing;

/// <summary>Keys, signed packages and policy files for the signing tests.</summary>
internal static class SigningSamples
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A new key pair saved as NAME.pem and NAME.pub.pem in <paramref name="folder"/>.</summary>
    public static (SigningKey Key, string PrivatePath, string PublicPath) NewKey(string folder, string name = "lab")
    {
        var key = SigningKey.Create();
        string privatePath = Path.Combine(folder, name + ".pem");
        string publicPath = Path.Combine(folder, name + ".pub.pem");
        key.Save(privatePath, publicPath);
        return (key, privatePath, publicPath);
    }

    public static string SignedPackage(string folder, SigningKey key, string name = "model.cellmodel")
    {
        var path = PackageSamples.Write(folder, name: name);
        PackageSigner.Sign(path, key, "Stem cell lab", Now);
        return path;
    }

    /// <summary>Writes a policy file; each key is (public PEM path, notAfter).</summary>
    public static string Policy(string folder, bool requireSignature, DateTimeOffset? expires, params (string PublicPath, DateTimeOffset? NotAfter)[] keys)
    {
        var keyList = new JsonArray();
        foreach (var (publicPath, notAfter) in keys)
        {
            var entry = new JsonObject { ["path"] = Path.GetFileName(publicPath) };
            if (notAfter is { } limit) entry["notAfter"] = limit.ToString("O");
            keyList.Add(entry);
        }
        var policy = new JsonObject { ["requireSignature"] = requireSignature, ["trustedKeys"] = keyList };
        if (expires is { } e) policy["expires"] = e.ToString("O");
        var path = Path.Combine(folder, "policy.json");
        File.WriteAllText(path, policy.ToJsonString());
        return path;
    }

    /// <summary>What an attacker does: change one byte of the weights and list the new SHA-256 in the manifest, so the SHA-256 check passes.</summary>
    public static void TamperAndRehash(string path)
    {
        byte[]? changed = null;
        PackageSamples.ReplaceEntry(path, "weights/network.bin", bytes =>
        {
            bytes[100] ^= 0x01;
            changed = bytes;
            return bytes;
        });
        PackageSamples.EditManifest(path, json => json["entries"]!["weights/network.bin"] = PackageSamples.Sha256(changed!));
    }

    public static ModelPackage OpenUnder(string path, PackageTrustPolicy? policy) =>
        ModelPackage.Open(path, PackageSamples.Host, policy);
}
