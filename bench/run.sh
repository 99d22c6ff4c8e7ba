#!/usr/bin/env bash
# Runs every CellOps benchmark against its peer on this machine and prints one table:
#   bash bench/run.sh [--quick] [--json PATH] [other CellOps.Benchmarks options]
# Installs what is missing first (Debian/Ubuntu, as root): python3-torch and python3-torchvision for the PyTorch peer, gcc and
# libtiff-dev for the libtiff peer, then builds the harness in Release and runs it. The full run takes
# about 10 minutes on 2 cores and writes bench/results/latest.json; --quick checks in well under a
# minute that everything works (tiny sizes, one run: its figures mean nothing) and writes quick.json.
set -euo pipefail
cd "$(dirname "$0")/.."

python=/usr/bin/python3   # Debian's python, the one python3-torch installs into (PATH may hold another)
need=()
"$python" -c 'import torch' 2>/dev/null || need+=(python3-torch)
"$python" -c 'import torchvision' 2>/dev/null || need+=(python3-torchvision)   # the resnet suite's peer
command -v cc >/dev/null || need+=(gcc)
# The header decides whether the libtiff peer compiles; the tools are handy for looking at the files.
[ -e /usr/include/x86_64-linux-gnu/tiffio.h ] || [ -e /usr/include/tiffio.h ] || ls /usr/include/*/tiffio.h >/dev/null 2>&1 || need+=(libtiff-dev)
command -v tiffinfo >/dev/null || need+=(libtiff-tools)

if ((${#need[@]})); then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        echo "bench: installing ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; } \
            || echo "bench: could not install ${need[*]}; the rows of the missing peers will say so" >&2
    else
        echo "bench: ${need[*]} missing (install them as root for the peers); the rows of the missing peers will say so" >&2
    fi
fi

command -v dotnet >/dev/null || { echo "bench: the .NET SDK (10.0 or later) is required: https://dot.net" >&2; exit 1; }
# eng/setup.sh's system libraries (libgtk-3 for OpenCV, the C++ shim for TorchSharp) come first on a fresh machine.
ldconfig -p 2>/dev/null | grep -q 'libgtk-3.so.0' || bash eng/setup.sh
dotnet build bench/CellOps.Benchmarks -c Release -nologo -v:q -clp:ErrorsOnly

program=
for candidate in bench/CellOps.Benchmarks/bin/Release/net10.0/*/CellOps.Benchmarks.dll bench/CellOps.Benchmarks/bin/Release/net10.0/CellOps.Benchmarks.dll; do
    if [ -f "$candidate" ] && { [ -z "$program" ] || [ "$candidate" -nt "$program" ]; }; then program=$candidate; fi
done
[ -n "$program" ] || { echo "bench: CellOps.Benchmarks.dll not found after the build" >&2; exit 1; }
exec dotnet "$program" --python "$python" "$@"
