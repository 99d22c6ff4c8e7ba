#!/usr/bin/env bash
# Runs every CellOps test and ends with one plain summary line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet test CellOps.sln -c Release -nologo -v:quiet \
    --logger "trx;LogFilePrefix=cellops" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@" 2>&1 | grep -v -E '^\s*(Passed|Skipped) ' 
status=${PIPESTATUS[0]}

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # The build or the test host failed before any test could report.
    failed=1
fi
[ "$skipped" -eq 0 ] || echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
