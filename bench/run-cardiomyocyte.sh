#!/usr/bin/env bash
# Cardiomyocyte tile classifier: CellOps (TorchSharp) vs the same network in PyTorch, on this machine.
# Installs Debian's python3-torch where Debian's python3 lacks torch (needs root), builds CellOps in
# Release, runs both benchmarks with the same protocol and prints tiles/s with the ratio CellOps/PyTorch.
# Usage: bash bench/run-cardiomyocyte.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."

python=/usr/bin/python3   # Debian's python: the one python3-torch installs into (PATH may hold another)
if ! "$python" -c 'import torch' 2>/dev/null; then
    echo "Installing Debian's python3-torch ..."
    if [ "$(id -u)" -ne 0 ]; then echo "python3-torch is missing and installing it needs root (apt-get)." >&2; exit 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch >/dev/null \
        || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch >/dev/null; }
fi

dotnet build bench/CellOps.Benchmarks -c Release -nologo -v:quiet >/dev/null
bench_dll=$(ls bench/CellOps.Benchmarks/bin/Release/net10.0/*/CellOps.Benchmarks.dll bench/CellOps.Benchmarks/bin/Release/net10.0/CellOps.Benchmarks.dll 2>/dev/null | head -n1)

echo "== CellOps (TorchSharp) =="
cellops_out=$(dotnet "$bench_dll" cardiomyocyte "$@" | tee /dev/stderr)
echo "== PyTorch =="
pytorch_out=$("$python" bench/pytorch/cardiomyocyte.py "$@" | tee /dev/stderr)

value() { grep "^RESULT $1 " <<<"$2" | sed -n "s/.* $3=\([0-9.]*\).*/\1/p"; }
ci=$(value cellops "$cellops_out" inference); ct=$(value cellops "$cellops_out" training)
pi=$(value pytorch "$pytorch_out" inference); pt=$(value pytorch "$pytorch_out" training)

echo
echo "Cardiomyocyte.TileClassifier, 64x64 tiles, batch 64, $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p'))"
awk -v ci="$ci" -v ct="$ct" -v pi="$pi" -v pt="$pt" 'BEGIN {
    printf "%-10s %14s %14s %10s %6s\n", "phase", "CellOps t/s", "PyTorch t/s", "ratio", "goal"
    ri = ci / pi; rt = ct / pt
    printf "%-10s %14.1f %14.1f %10.2f %6s\n", "inference", ci, pi, ri, (ri >= 1.0 ? "met" : "MISSED")
    printf "%-10s %14.1f %14.1f %10.2f %6s\n", "training", ct, pt, rt, (rt >= 1.0 ? "met" : "MISSED")
    printf "RESULT ratio inference=%.2f training=%.2f\n", ri, rt
}'
