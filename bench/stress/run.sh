#!/usr/bin/env bash
# The stress check of the native runtime: many fresh trainings and inferences while busy loops
# oversubscribe the CPU (the condition under which freed Scalars used to fail 2-3 runs in 8), each
# in its own pwsh process; every run must succeed. Not part of the test run: it takes minutes.
#   bash bench/stress/run.sh [--trainings N] [--inferences N] [--busy K] [--root DIR]
# --root runs another checkout's build (its eng/pwsh, or out/cellops before that host was retired) with these scripts, e.g. an older commit
# to compare against. Prints one line per run, a table, and "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
trainings=8; inferences=16; busy=4
while (($#)); do
    case $1 in
        --trainings) trainings=$2; shift 2 ;;
        --inferences) inferences=$2; shift 2 ;;
        --busy) busy=$2; shift 2 ;;
        --root) root=$(cd "$2" && pwd); shift 2 ;;
        *) echo "stress: unknown option $1" >&2; exit 2 ;;
    esac
done
host="$root/eng/pwsh"
[ -x "$host" ] || host="$root/out/cellops"
[ -x "$host" ] || { echo "stress: neither $root/eng/pwsh nor $root/out/cellops found; build first (bash eng/setup.sh)" >&2; exit 1; }
work=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
for ((i = 0; i < busy; i++)); do sh -c 'while :; do :; done' & pids+=($!); done
echo "stress: $(nproc) cores, $busy busy loops, $trainings trainings, $inferences inferences, host $host"

passed=0; failed=0; declare -A failures
run() {  # kind index script args...
    local kind=$1 index=$2; shift 2
    local start=$SECONDS
    if timeout 900 "$host" -NonInteractive "$@" >"$work/log" 2>&1; then
        passed=$((passed + 1)); echo "  $kind $index: ok ($((SECONDS - start)) s)"
    else
        failed=$((failed + 1)); failures[$kind]=$(( ${failures[$kind]:-0} + 1 ))
        echo "  $kind $index: FAILED ($((SECONDS - start)) s): $(grep -m1 -v '^\s*$' "$work/log" | cut -c1-200)"
        grep -E -m3 'scalar|Scalar|Expected false|alpha' "$work/log" | sed 's/^/      /' | cut -c1-200
    fi
}
for ((i = 1; i <= trainings; i++)); do run training "$i" "$here/train.ps1" -OutFile "$work/r$i.cellmodel"; done
model=$(ls "$work"/r*.cellmodel 2>/dev/null | head -n1)
if [ -z "$model" ]; then
    "$host" -NonInteractive "$here/train.ps1" -OutFile "$work/model.cellmodel" >/dev/null 2>&1 && model="$work/model.cellmodel"
fi
if [ -n "$model" ]; then
    for ((i = 1; i <= inferences; i++)); do run inference "$i" "$here/predict.ps1" -Model "$model"; done
else
    echo "stress: no training succeeded, so no inference could run" >&2
fi
printf '\n%-10s %6s %7s\n' kind runs failed
printf '%-10s %6s %7s\n' training "$trainings" "${failures[training]:-0}"
printf '%-10s %6s %7s\n' inference "$inferences" "${failures[inference]:-0}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
