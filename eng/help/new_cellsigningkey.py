HELP = {
    "name": "New-CellSigningKey",
    "synopsis": "Creates a key pair for signing model packages: a private key only you can read, and its public key beside it.",
    "description": """
New-CellSigningKey writes a new ECDSA P-256 key: the private key as an unencrypted PKCS#8 PEM file
(BEGIN PRIVATE KEY) at -Path, created readable and writable by you only (mode 0600), and the public key
as a SubjectPublicKeyInfo PEM file (BEGIN PUBLIC KEY) at -PublicKeyPath, by default beside it:
lab.pem gives lab.pub.pem (and lab.key.pem gives lab.pub.pem). Each file is written atomically. It
emits a CellOps.Runtime.Signing.SigningKeyFile with both paths and the key id: the SHA-256 of the
public key's SubjectPublicKeyInfo, which Get-CellModelSignature shows for the packages it signs.

Sign packages with the private key (Set-CellModelSignature -KeyPath, Start-CellTraining
-SigningKeyPath); give the public key to every machine that should accept them, listed in its trust
policy ($env:CELLOPS_PACKAGE_POLICY; see about_CellOps). Anyone who can read the private key can sign
as you: keep it out of shared folders and backups others can read. The key is not protected by a
password; there is no revocation other than removing the public key from the policies that list it.

An existing file at either path is an error (OutputExists) unless -Force is given.
""",
    "syntax": [
        ["Path", "PublicKeyPath", "Force", "WhatIf", "Confirm"],
    ],
    "parameters": [
        {"name": "Path", "type": "String", "required": True, "position": "0",
         "description": "The private key file to write (PKCS#8 PEM, mode 0600); relative paths are taken from the current location. Its folder must exist."},
        {"name": "PublicKeyPath", "type": "String", "default": "NAME.pub.pem beside -Path",
         "description": "The public key file to write (SubjectPublicKeyInfo PEM)."},
        {"name": "Force", "type": "SwitchParameter",
         "description": "Replace key files that already exist. The old private key is lost: packages it signed still verify with its public key, which stays trusted as long as a policy lists it."},
        {"name": "WhatIf", "type": "SwitchParameter", "description": "Shows which files would be written, without writing them."},
        {"name": "Confirm", "type": "SwitchParameter", "description": "Asks before writing the key."},
    ],
    "inputs": [("None", "New-CellSigningKey takes no pipeline input.")],
    "outputs": [("CellOps.Runtime.Signing.SigningKeyFile", "The private and public key paths and the key id.")],
    "notes": "The key files are standard PEM: openssl pkey -in lab.pem -noout -text reads them.",
    "examples": [
        {"title": "A lab key",
         "code": "New-CellSigningKey ~/keys/lab.pem",
         "remarks": "Writes ~/keys/lab.pem (only you can read it) and ~/keys/lab.pub.pem, and shows the key id."},
        {"title": "Name the public key",
         "code": "New-CellSigningKey ./signing.key.pem -PublicKeyPath /shared/policy/lab-2027.pub.pem",
         "remarks": "Writes the public key straight into the folder the trust policy reads its keys from."},
    ],
    "links": ["Set-CellModelSignature", "Get-CellModelSignature", "about_CellOps"],
}
