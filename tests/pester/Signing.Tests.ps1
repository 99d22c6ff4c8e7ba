# Package signing in real pwsh: a key from New-CellSigningKey signs a freshly trained package, Get-CellModelSignature
# reports it, and a trust policy in $env:CELLOPS_PACKAGE_POLICY lets Invoke-CellModel use it and refuses the
# same package once its weights are changed and re-hashed.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support.ps1')
    $data = New-FieldFolder -Count 3 -Seed 5
    $tiles = Import-Field $data | New-TileSet -Size 64 -Target Label -AreaFraction 0.3
    $package = Join-Path $TestDrive 'signed.cellmodel'
    $null = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -ValidationFraction 0 -HyperParameter $TinyClassifier -Threads 1 -OutFile $package
}

AfterAll {
    $env:CELLOPS_PACKAGE_POLICY = $null
}

Describe 'Signed packages' {
    It 'round-trips New-CellSigningKey, Set-CellModelSignature and Get-CellModelSignature, and a policy enforces it' {
        $key = New-CellSigningKey (Join-Path $TestDrive 'lab.pem')
        $key.KeyId | Should -Match '^[0-9a-f]{64}$'
        [int](Get-Item -LiteralPath $key.Path).UnixFileMode | Should -Be ([int][IO.UnixFileMode]'UserRead, UserWrite') -Because 'only its owner may read a private key'
        (Get-Content -LiteralPath $key.PublicKeyPath -Raw) | Should -BeLike '-----BEGIN PUBLIC KEY-----*'

        (Get-CellModelSignature $package).Status | Should -Be 'Unsigned'
        $signed = Get-Item -LiteralPath $package | Set-CellModelSignature -KeyPath $key.Path -Signer 'Stem cell lab' -PassThru
        $signed.Status | Should -Be 'Signed'
        $signed.KeyId | Should -Be $key.KeyId
        $signed.Signer | Should -Be 'Stem cell lab'
        ($signed | Format-Table | Out-String -Width 80) | Should -Match 'signed\.cellmodel\s+Signed'

        $policy = Join-Path $TestDrive 'policy.json'
        @{ requireSignature = $true; trustedKeys = @(@{ path = 'lab.pub.pem' }) } | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath $policy
        $env:CELLOPS_PACKAGE_POLICY = $policy
        (Get-CellModelSignature $package).Trusted | Should -BeTrue
        $prediction = $tiles | Invoke-CellModel $package -Threads 1
        $prediction.Count | Should -BeGreaterThan 0

        # Change one byte of the weights and list its new SHA-256, as someone forging a package would.
        Add-Type -AssemblyName System.IO.Compression
        $zip = [IO.Compression.ZipFile]::Open($package, 'Update')
        try {
            $entry = $zip.GetEntry('weights/network.bin')
            $stream = $entry.Open(); $copy = [IO.MemoryStream]::new(); $stream.CopyTo($copy); $stream.Dispose()
            $bytes = $copy.ToArray(); $bytes[10] = $bytes[10] -bxor 1
            $entry.Delete()
            $out = $zip.CreateEntry('weights/network.bin').Open(); $out.Write($bytes, 0, $bytes.Length); $out.Dispose()
            $manifestEntry = $zip.GetEntry('manifest.json')
            $reader = [IO.StreamReader]::new($manifestEntry.Open()); $manifest = $reader.ReadToEnd() | ConvertFrom-Json; $reader.Dispose()
            $manifest.entries.'weights/network.bin' = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
            $manifestEntry.Delete()
            $writer = [IO.StreamWriter]::new($zip.CreateEntry('manifest.json').Open()); $writer.Write(($manifest | ConvertTo-Json -Depth 10)); $writer.Dispose()
        }
        finally { $zip.Dispose() }

        (Get-CellModelSignature $package).Status | Should -Be 'Invalid'
        { $tiles | Invoke-CellModel $package -Threads 1 -ErrorAction Stop } | Should -Throw -ErrorId 'PackageSignatureInvalid,CellOps.PowerShell.Commands.InvokeCellModelCommand'
        $env:CELLOPS_PACKAGE_POLICY = $null
    }
}
