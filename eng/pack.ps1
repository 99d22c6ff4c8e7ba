#Requires -Version 7.4
<#
.SYNOPSIS
    Packs the built CellOps module folder for publishing.
.DESCRIPTION
    Copies the module folder (out/CellOps by default) to a staging folder, writes the publisher's
    links into the staged manifest, checks it with Test-ModuleManifest and packs it as
    CellOps-<version>.zip (the folder, for copying onto PSModulePath by hand) and/or
    CellOps.<version>.nupkg (made by Compress-PSResource, for Publish-PSResource -NupkgPath).
    build.ps1 -Pack and tests/pester/Publish.Tests.ps1 both pack through this script.

    CellOps has no public site, so the repository's manifest carries no ProjectUri, LicenseUri or
    HelpInfoUri and its cmdlet help no online address: pass them here when publishing, and they go
    into the packed copy only.
    Writes the paths of the packages it made.
.EXAMPLE
    eng/pack.ps1 -Format Nupkg -ProjectUri https://example.org/cellops -LicenseUri https://example.org/cellops/LICENSE
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/CellOps'),
    [string] $DestinationPath = (Join-Path $PSScriptRoot '../artifacts'),
    [ValidateSet('Zip', 'Nupkg')]
    [string[]] $Format = @('Zip', 'Nupkg'),
    [uri] $ProjectUri,
    [uri] $LicenseUri,
    [uri] $IconUri,
    # Where Update-Help finds the module's updatable help (the manifest's HelpInfoUri).
    [uri] $HelpInfoUri,
    # Where each cmdlet's help is online, for Get-Help -Online; {0} stands for the cmdlet's name.
    [string] $OnlineHelpUri
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$source = Join-Path $ModulePath 'CellOps.psd1'
if (-not (Test-Path -LiteralPath $source)) {
    throw "No module manifest at ${source}: build first (dotnet build CellOps.sln -c Release)."
}
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
foreach ($link in @{ ProjectUri = $ProjectUri; LicenseUri = $LicenseUri; IconUri = $IconUri; HelpInfoUri = $HelpInfoUri }.GetEnumerator()) {
    if ($link.Value -and -not ($link.Value.IsAbsoluteUri -and $link.Value.Scheme -in 'https', 'http')) {
        throw "-$($link.Key) must be an absolute http(s) address; got '$($link.Value)'."
    }
}

if ($OnlineHelpUri) {
    $example = [uri]::new($OnlineHelpUri.Replace('{0}', 'Get-CellModel'), [UriKind]::RelativeOrAbsolute)
    if (-not $OnlineHelpUri.Contains('{0}') -or -not ($example.IsAbsoluteUri -and $example.Scheme -in 'https', 'http')) {
        throw "-OnlineHelpUri must be an absolute http(s) address with {0} where the cmdlet's name goes; got '$OnlineHelpUri'."
    }
}

# The package takes its name from the folder, so the staged copy is always called CellOps.
$staging = Join-Path ([System.IO.Path]::GetTempPath()) "cellops-pack-$([guid]::NewGuid().ToString('n'))"
$staged = Join-Path $staging 'CellOps'
try {
    New-Item -ItemType Directory -Path $staging | Out-Null
    Copy-Item -LiteralPath $ModulePath -Destination $staged -Recurse
    $manifestPath = Join-Path $staged 'CellOps.psd1'

    # A text edit rather than Update-ModuleManifest, which rewrites the whole manifest and drops
    # keys it considers defaults (VariablesToExport = @() among them).
    $text = Get-Content -LiteralPath $manifestPath -Raw
    $quote = { param([uri] $u) "'" + $u.AbsoluteUri.Replace("'", "''") + "'" }
    $psData = foreach ($key in 'ProjectUri', 'LicenseUri', 'IconUri') {
        $value = Get-Variable -Name $key -ValueOnly
        if ($value) { "            $key = $(& $quote $value)" }
    }
    if ($psData) {
        $pattern = '(?m)^(\s*PSData\s*=\s*@\{[ \t]*\r?\n)'
        if ($text -notmatch $pattern) { throw "The manifest $source has no PSData table to take the links." }
        $text = [regex]::new($pattern).Replace($text, { param($m) $m.Value + ($psData -join "`n") + "`n" }, 1)
    }
    if ($HelpInfoUri) {
        $pattern = '(?m)^(\s*ModuleVersion\s*=.*\r?\n)'
        $text = [regex]::new($pattern).Replace($text, { param($m) $m.Value + "    HelpInfoUri          = $(& $quote $HelpInfoUri)`n" }, 1)
    }
    Set-Content -LiteralPath $manifestPath -Value $text -NoNewline

    if ($OnlineHelpUri) {
        # Get-Help -Online opens the first related link of a cmdlet's help that has an address.
        $maml = 'http://schemas.microsoft.com/maml/2004/10'
        foreach ($helpFile in Get-ChildItem -LiteralPath $staged -Recurse -File -Filter '*-Help.xml') {
            $xml = [System.Xml.XmlDocument]::new()
            $xml.PreserveWhitespace = $true
            $xml.Load($helpFile.FullName)
            $names = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
            $names.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
            $names.AddNamespace('maml', $maml)
            foreach ($command in $xml.SelectNodes('//command:command', $names)) {
                $name = $command.SelectSingleNode('command:details/command:name', $names).InnerText.Trim()
                # eng/make_help.py writes command:relatedLinks, PowerShell's own help maml:relatedLinks.
                $related = $command.SelectSingleNode('*[local-name() = "relatedLinks"]')
                if (-not $related) { $related = $command.AppendChild($xml.CreateElement('maml', 'relatedLinks', $maml)) }
                $link = $xml.CreateElement('maml', 'navigationLink', $maml)
                $link.AppendChild($xml.CreateElement('maml', 'linkText', $maml)).InnerText = 'Online Version:'
                $link.AppendChild($xml.CreateElement('maml', 'uri', $maml)).InnerText = $OnlineHelpUri.Replace('{0}', $name)
                $null = $related.PrependChild($link)
            }
            $xml.Save($helpFile.FullName)
        }
    }

    $module = Test-ModuleManifest -Path $manifestPath
    $links = (Import-PowerShellDataFile -LiteralPath $manifestPath).PrivateData.PSData
    foreach ($key in 'ProjectUri', 'LicenseUri', 'IconUri') {
        $value = Get-Variable -Name $key -ValueOnly
        if ($value -and $links[$key] -ne $value.AbsoluteUri) { throw "The packed manifest lost its $key (a duplicate key in $source?)." }
    }

    $destination = New-Item -ItemType Directory -Force -Path $DestinationPath
    if ('Zip' -in $Format) {
        $zip = Join-Path $destination "CellOps-$($module.Version).zip"
        Compress-Archive -LiteralPath $staged -DestinationPath $zip -Force
        Get-Item -LiteralPath $zip
    }
    if ('Nupkg' -in $Format) {
        Compress-PSResource -Path $staged -DestinationPath $destination
        # NuGet's name for the package: id.version, the version without a zero fourth part.
        $version = if ($module.Version.Revision -gt 0) { $module.Version } else { $module.Version.ToString(3) }
        Get-Item -LiteralPath (Join-Path $destination "CellOps.$version.nupkg")
    }
} finally {
    if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
}
