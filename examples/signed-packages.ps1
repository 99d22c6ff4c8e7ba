<#
.SYNOPSIS
    Signs a model package with the lab's key and makes this session use only signed packages.
.DESCRIPTION
    A package's SHA-256 list catches damage, not a sender: anyone can change the weights and list the
    new hashes. This script makes a signing key, trains a small white-cell tile classifier on the
    shipped BCCD smears and signs its package as it is written (Start-CellTraining -SigningKeyPath),
    writes a trust policy that requires signatures by that key, and predicts with the package under
    the policy. It then copies the package, changes one weight byte and re-lists its SHA-256 as a
    forger would, and shows Invoke-CellModel refusing the copy (PackageSignatureInvalid).

    Returns the signature status of both packages (the forged one is Invalid). From the repository:
    eng/pwsh examples/signed-packages.ps1
.PARAMETER DataPath
    Folder with the smears (*.jpg) and their masks (*_wbc.png).
.PARAMETER OutputDirectory
    Where the key, the policy and the packages go.
#>
#Requires -Modules CellOps
[CmdletBinding()]
param(
    [string] $DataPath = [IO.Path]::Combine($PSScriptRoot, 'data', 'bccd'),
    [string] $OutputDirectory = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'examples', 'signed-packages'))
)
$ErrorActionPreference = 'Stop'
$null = New-Item -ItemType Directory -Force $OutputDirectory
$keyPath = Join-Path $OutputDirectory 'lab.pem'
$key = New-CellSigningKey $keyPath -Force
Write-Host "Signing key $($key.KeyId.Substring(0, 16))… in $keyPath (public key: $($key.PublicKeyPath))"

$fields = Import-Micrograph (Join-Path $DataPath 'BloodImage_0000?.jpg') -Role BrightField `
    -PairWith { $_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask
$tiles = $fields | New-TileSet -Size 64 -Target Label -AreaFraction 0.2
$package = Join-Path $OutputDirectory 'wbc.cellmodel'
$null = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 3 -Seed 1 -HyperParameter @{ Depth = 2; BaseWidth = 8 } `
    -OutFile $package -SigningKeyPath $keyPath -Force

# The policy names the keys this machine trusts; relative key paths are taken from the policy's folder.
$policy = Join-Path $OutputDirectory 'policy.json'
@{ requireSignature = $true; trustedKeys = @(@{ path = 'lab.pub.pem'; comment = 'the lab' }) } | ConvertTo-Json -Depth 3 |
    Set-Content -LiteralPath $policy
$env:CELLOPS_PACKAGE_POLICY = $policy
try {
    $result = $tiles | Invoke-CellModel $package
    Write-Host ('Signed package accepted under {0}: {1} tiles predicted, accuracy {2:0.000}' -f $policy, $result.Count, $result.Evaluation.Accuracy)

    # A forged copy: one weight byte changed and its SHA-256 re-listed in the manifest.
    $forged = Join-Path $OutputDirectory 'forged.cellmodel'
    Copy-Item -LiteralPath $package -Destination $forged -Force
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::Open($forged, 'Update')
    try {
        $entry = $zip.GetEntry('weights/network.bin')
        $stream = $entry.Open(); $bytes = [IO.MemoryStream]::new(); $stream.CopyTo($bytes); $stream.Dispose()
        $weights = $bytes.ToArray(); $weights[$weights.Length - 1] = $weights[$weights.Length - 1] -bxor 1
        $entry.Delete()
        $out = $zip.CreateEntry('weights/network.bin').Open(); $out.Write($weights, 0, $weights.Length); $out.Dispose()
        $manifestEntry = $zip.GetEntry('manifest.json')
        $reader = [IO.StreamReader]::new($manifestEntry.Open()); $manifest = $reader.ReadToEnd() | ConvertFrom-Json; $reader.Dispose()
        $manifest.entries.'weights/network.bin' = (Get-FileHash -InputStream ([IO.MemoryStream]::new($weights)) -Algorithm SHA256).Hash.ToLowerInvariant()
        $manifestEntry.Delete()
        $writer = [IO.StreamWriter]::new($zip.CreateEntry('manifest.json').Open()); $writer.Write(($manifest | ConvertTo-Json -Depth 20)); $writer.Dispose()
    } finally { $zip.Dispose() }

    $refusal = $null
    try { $null = $tiles | Invoke-CellModel $forged } catch { $refusal = $_ }
    Write-Host ('Forged copy refused: {0} ({1})' -f $refusal.FullyQualifiedErrorId.Split(',')[0], $refusal.CategoryInfo.Category)

    Get-CellModelSignature $package, $forged
} finally {
    $env:CELLOPS_PACKAGE_POLICY = $null
}
