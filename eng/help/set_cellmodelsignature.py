HELP = {
    "name": "Set-CellModelSignature",
    "synopsis": "Signs model packages with a private key, so a trust policy can require that they come from you unchanged.",
    "description": """
Set-CellModelSignature first verifies each package as Invoke-CellModel would (a damaged or altered
package is a ModelPackageInvalid error and is not signed), then adds its signature entry,
signature/signature.json, replacing one already there. The signature (ECDSA P-256 with SHA-256, from
.NET's own cryptography) covers the name, length and SHA-256 of every entry of the package except the
signature entry itself, together with the signer name, the signing time and the key: changing,
adding, removing or renaming any entry afterwards, the manifest and its SHA-256 list included, makes
the signature invalid. The package is rewritten atomically (a signed copy is renamed over it), so it
is always either the old package or the signed one.

A signature says that the package's bytes were signed by someone holding the key and have not changed
since. It does not make a plugin's code trustworthy, and it protects nothing if the private key is
readable by others (a warning says so when the key file is readable by group or others).
""",
    "syntax": [
        ["Path", "KeyPath", "Signer", "PassThru", "WhatIf", "Confirm"],
    ],
    "parameters": [
        {"name": "Path", "type": "Object[]", "required": True, "position": "0", "pipeline": "True (ByValue)", "aliases": ["FullName", "Model"],
         "description": "The packages to sign: .cellmodel paths (relative to the current location), FileInfo objects from Get-ChildItem, TrainedModel objects from Start-CellTraining or ImportedModel objects from ConvertTo-CellModel. A path that names no file is a terminating ModelPackageNotFound error."},
        {"name": "KeyPath", "type": "String", "required": True,
         "description": "The private key (PEM) to sign with, from New-CellSigningKey. A file that is missing or holds no P-256 private key is a terminating SigningKeyInvalid error."},
        {"name": "Signer", "type": "String", "default": "the user name",
         "description": "The name or comment recorded as the signer (shown by Get-CellModelSignature), at most 256 characters. It is covered by the signature, but it is only a label: trust comes from the key."},
        {"name": "PassThru", "type": "SwitchParameter",
         "description": "Emit each signed package's signature status, as Get-CellModelSignature gives it."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Shows which packages would be signed, without changing them."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Asks before signing each package."},
    ],
    "inputs": [("System.Object", "Package paths, FileInfo, TrainedModel or ImportedModel objects.")],
    "outputs": [("CellOps.Runtime.Signing.PackageSignatureStatus", "With -PassThru, one per signed package. Without it, nothing.")],
    "notes": "Signing again with another key replaces the signature; a package carries one signature.",
    "examples": [
        {"title": "Sign a package",
         "code": "Set-CellModelSignature ./cm.cellmodel -KeyPath ~/keys/lab.pem -Signer 'Stem cell lab'",
         "remarks": "Adds the signature entry to cm.cellmodel."},
        {"title": "Sign every package of a folder and show the result",
         "code": "Get-ChildItem ./models/*.cellmodel | Set-CellModelSignature -KeyPath ~/keys/lab.pem -PassThru",
         "remarks": "One status row per package: Signed, the key id and whether the current policy trusts the key."},
    ],
    "links": ["New-CellSigningKey", "Get-CellModelSignature", "about_CellOps"],
}
