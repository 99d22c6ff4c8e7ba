HELP = {
    "name": "Get-CellModelSignature",
    "synopsis": "Tells whether model packages are signed, by which key and signer, and whether the trust policy accepts them.",
    "description": """
Get-CellModelSignature checks each package's signature entry against the package's bytes and emits a
CellOps.Runtime.Signing.PackageSignatureStatus: Status is Signed (the signature verifies over every
entry), Unsigned (there is none) or Invalid (the package changed after signing, an entry was added,
removed or renamed, or the signature entry is damaged; Reason says which); KeyId is the SHA-256 of the
signing key's SubjectPublicKeyInfo, Signer and SignedAt what the signer recorded; Trusted says whether
the signature verifies with a key that the current trust policy lists and that is not past its
notAfter, under a policy that has not expired, and Reason says why not.

The trust policy is the JSON file whose full path is in $env:CELLOPS_PACKAGE_POLICY:
{ "requireSignature": true, "expires": "2027-12-31T00:00:00Z", "trustedKeys": [ { "path":
"lab.pub.pem", "notAfter": "2027-06-30T00:00:00Z" }, { "pem": "-----BEGIN PUBLIC KEY-----\\n..." } ] }.
Key paths are relative to the policy file; notAfter, expires and a "comment" on the policy or a key
are optional; any other setting is an error. Under a policy that requires signatures,
Invoke-CellModel, Export-AttentionMap and Start-CellTraining -From refuse a package that is unsigned
(PackageUnsigned), whose signature does not verify (PackageSignatureInvalid), signed by an unlisted key
(PackageSignerUntrusted) or by a key past its notAfter (PackageSignerExpired), and every package once
the policy has expired (PackagePolicyExpired): terminating errors of category SecurityError whose
target is the package. Without requireSignature, unsigned packages are accepted but a signature that
does not verify is still refused. A policy file that cannot be read or is not valid is itself an error
(PackagePolicyInvalid), for this cmdlet too: it is never ignored. So is a policy file, or a key file it
names, that every user can write (anyone could add a key): chmod o-w it.

Trust is the policy's key list: there are no certificate chains and no revocation; to stop trusting a
key, remove it from the policy (or give it a notAfter).
""",
    "syntax": [
        ["Path"],
    ],
    "parameters": [
        {"name": "Path", "type": "Object[]", "required": True, "position": "0", "pipeline": "True (ByValue)", "aliases": ["FullName", "Model"],
         "description": "The packages: .cellmodel paths (relative to the current location), FileInfo objects, TrainedModel or ImportedModel objects. A file that is not a zip is a non-terminating ModelPackageInvalid error."},
    ],
    "inputs": [("System.Object", "Package paths, FileInfo, TrainedModel or ImportedModel objects.")],
    "outputs": [("CellOps.Runtime.Signing.PackageSignatureStatus", "One per package: a table of Name, Status, Trusted, Signer, SignedAt and the start of KeyId; Format-List shows the whole key id, the reason and the policy file.")],
    "notes": "Get-CellModelSignature checks the signature only; Invoke-CellModel also checks the package's manifest and SHA-256 list.",
    "examples": [
        {"title": "Is this package signed?",
         "code": "Get-CellModelSignature ./cm.cellmodel",
         "remarks": "One row: Signed, Unsigned or Invalid, with the signer and whether the policy trusts the key."},
        {"title": "Why is a package refused?",
         "code": "Get-ChildItem ./models/*.cellmodel | Get-CellModelSignature | Where-Object { -not $_.Trusted } | Format-List Name, Status, Reason",
         "remarks": "Lists the packages the current policy would not accept, and why."},
    ],
    "links": ["New-CellSigningKey", "Set-CellModelSignature", "about_CellOps"],
}
