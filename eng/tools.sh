#!/usr/bin/env bash
# Installs the PowerShell that CellOps is tested with, and Pester, into the repository's own tool
# folder (.tools/), never into the user's profile or global tools. Idempotent: a tool already at the
# pinned version is left alone, so a second run costs nothing and needs no network.
#   .tools/pwsh/pwsh                     PowerShell (the .NET global tool package, run from a tool path)
#   .tools/pwsh-<version>/pwsh           further PowerShell versions, only when CELLOPS_PWSH_ALSO names them
#   .tools/modules/Pester/<version>/     Pester, laid out as a module folder pwsh finds on PSModulePath
set -euo pipefail
cd "$(dirname "$0")/.."

pwsh_version=${CELLOPS_PWSH_VERSION:-7.6.10}
pester_version=${CELLOPS_PESTER_VERSION:-5.7.1}
tools=$PWD/.tools

installed_pwsh() { [ -x "$1/pwsh" ] && "$1/pwsh" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null; }

# PowerShell as the .NET global tool package, pinned: without a version the feed's newest (7.7.0) is
# taken, which does not start here.
install_pwsh() {
    local version=$1 dir=$2
    if [ "$(installed_pwsh "$dir" || true)" != "$version" ]; then
        echo "setup: installing PowerShell $version into ${dir#"$PWD/"}"
        rm -rf "$dir"
        dotnet tool install --tool-path "$dir" PowerShell --version "$version" >/dev/null
    fi
}
install_pwsh "$pwsh_version" "$tools/pwsh"
# Further versions to test with, each beside the first: CELLOPS_PWSH_ALSO="7.6.9" installs
# .tools/pwsh-7.6.9, which eng/pwsh runs when CELLOPS_PWSH=7.6.9.
for also in ${CELLOPS_PWSH_ALSO:-}; do
    install_pwsh "$also" "$tools/pwsh-$also"
done

pester_dir=$tools/modules/Pester/$pester_version
if [ ! -f "$pester_dir/Pester.psd1" ]; then
    echo "setup: installing Pester $pester_version into .tools/modules"
    # Pester's NuGet package keeps the module under tools/. A throwaway project outside the
    # repository (so the repository's Directory.Build.* files do not apply) downloads it.
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cat > "$work/pester.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$pester_version]" /></ItemGroup>
</Project>
PROJ
    dotnet restore "$work/pester.csproj" --packages "$work/packages" -v:quiet -nologo >/dev/null
    mkdir -p "$pester_dir"
    cp -R "$work/packages/pester/$pester_version/tools/." "$pester_dir/"
fi
