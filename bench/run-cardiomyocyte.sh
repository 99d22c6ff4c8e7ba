#!/usr/bin/env bash
# Cardiomyocyte tile classifier: CellOps (TorchSharp) vs the same network in PyTorch, on this machine.
# Installs Debian's python3-torch where Debian's python3 lacks torch (needs root), builds CellOps in
# Release, then runs both benchmarks (same network, batch, threads and protocol) in alternating rounds,
# so that load from other processes falls on both alike, and prints tiles/s with the ratio CellOps/PyTorch.
# Usage: bash bench/run-cardiomyocyte.sh [--quick] [--rounds N]   (default 3 rounds; 1 with --quick)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
rounds=
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=(--quick) ;;
        --rounds) rounds=$2; shift ;;
        *) echo "usage: $0 [--quick] [--rounds N]" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$rounds" ] || { [ ${#quick[@]} -gt 0 ] && rounds=1 || rounds=3; }

python=/usr/bin/python3   # Debian's python: the one python3-torch installs into (PATH may hold another)
if ! "$python" -c 'import torch' 2>/dev/null; then
    echo "Installing Debian's python3-torch ..."
    if [ "$(id -u)" -ne 0 ]; then echo "python3-torch is missing and installing it needs root (apt-get)." >&2; exit 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch >/dev/null \
        || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch >/dev/null; }
fi

dotnet build bench/CellOps.Benchmarks -c Release -nologo -v:quiet >/dev/null
bench_dll=
for candidate in bench/CellOps.Benchmarks/bin/Release/net10.0/*/CellOps.Benchmarks.dll bench/CellOps.Benchmarks/bin/Release/net10.0/CellOps.Benchmarks.dll; do
    if [ -f "$candidate" ]; then bench_dll=$candidate; break; fi
done
[ -n "$bench_dll" ] || { echo "CellOps.Benchmarks.dll not found after the build." >&2; exit 1; }

run_cellops() { dotnet "$bench_dll" cardiomyocyte "${quick[@]}"; }
run_pytorch() { "$python" bench/pytorch/cardiomyocyte.py "${quick[@]}"; }
results=""
for ((round = 1; round <= rounds; round++)); do
    # Alternate which side goes first.
    if ((round % 2 == 1)); then order="cellops pytorch"; else order="pytorch cellops"; fi
    for side in $order; do
        echo "== round $round/$rounds: $side (load average $(cut -d' ' -f1-3 /proc/loadavg)) =="
        out=$(run_$side)
        echo "$out"
        results+="$round $(grep "^RESULT $side " <<<"$out")"$'\n'
    done
done

echo
echo "Cardiomyocyte.TileClassifier (depth 4, width 32), 64x64 tiles, batch 64, $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $rounds round(s)"
awk '
    $2 == "RESULT" {
        r = $1; side = $3; n = (r > n ? r : n)
        for (f = 4; f <= NF; f++) { split($f, kv, "="); v[side, kv[1], r] = kv[2] }
    }
    function median(a, k,    i, j, tmp) {
        for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
        return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    function summary(label, key,    r, c, p, q, mr) {
        for (r = 1; r <= n; r++) { c[r] = v["cellops", key, r]; p[r] = v["pytorch", key, r]; q[r] = c[r] / p[r] }
        mr = median(q, n)
        printf "%-22s %14.1f %14.1f %8.2f  %s\n", label, median(c, n), median(p, n), mr, (mr >= 1.0 ? "met" : "MISSED")
        return mr
    }
    END {
        printf "%-22s %5s %14s %14s %8s\n", "phase", "round", "CellOps t/s", "PyTorch t/s", "ratio"
        for (r = 1; r <= n; r++) {
            printf "%-22s %5d %14.1f %14.1f %8.2f\n", "inference (median)", r, v["cellops", "inference", r], v["pytorch", "inference", r], v["cellops", "inference", r] / v["pytorch", "inference", r]
            printf "%-22s %5d %14.1f %14.1f %8.2f\n", "training (median)", r, v["cellops", "training", r], v["pytorch", "training", r], v["cellops", "training", r] / v["pytorch", "training", r]
        }
        print ""
        print "over all rounds (tiles/s: median of the rounds; ratio: median of the rounds'"'"' ratios; goal: ratio >= 1.0)"
        printf "%-22s %14s %14s %8s  %s\n", "phase", "CellOps t/s", "PyTorch t/s", "ratio", "goal"
        ri = summary("inference (median run)", "inference")
        rt = summary("training (median run)", "training")
        bi = summary("inference (best run)", "inference_best")
        bt = summary("training (best run)", "training_best")
        printf "RESULT ratio inference=%.2f training=%.2f inference_best=%.2f training_best=%.2f\n", ri, rt, bi, bt
    }' <<<"$results"
