#!/usr/bin/env bash
# Prepares a machine for CellOps and builds it: installs the system libraries the native parts need
# (where they are missing and this is a Debian/Ubuntu machine we may install on), restores, builds.
# Safe to run again: it installs nothing that is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# OpenCvSharp's native library links against GTK 3.
ldconfig -p 2>/dev/null | grep -q 'libgtk-3.so.0' || need+=(libgtk-3-0)
# Report figures are drawn by SkiaSharp, which finds fonts through fontconfig.
ldconfig -p 2>/dev/null | grep -q 'libfontconfig.so.1' || need+=(libfontconfig1)
fc-list 2>/dev/null | grep -q . || need+=(fonts-dejavu-core fontconfig)
# The build compiles a small C++ runtime shim for TorchSharp where libstdc++ predates GCC 13.
command -v g++ >/dev/null || need+=(g++)

if ((${#need[@]})); then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        echo "setup: installing ${need[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "setup: please install these system packages first: ${need[*]}" >&2
        exit 1
    fi
fi

command -v dotnet >/dev/null || { echo "setup: the .NET SDK (10.0 or later) is required: https://dot.net" >&2; exit 1; }
bash eng/tools.sh
dotnet build CellOps.sln -c Release -nologo -clp:ErrorsOnly -v:quiet
echo "setup: built out/CellOps (the module); run scripts with eng/pwsh"
