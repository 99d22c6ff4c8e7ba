#!/usr/bin/env bash
# Runs every CellOps test and ends with one plain summary line: "N passed, N failed".
# First the xunit suite (dotnet test, which also builds the module into out/CellOps), then the Pester
# suite, every tests/pester/*.Tests.ps1, in the repository's own pwsh (eng/pwsh tests/run-pester.ps1;
# eng/setup.sh installs pwsh and Pester). The line before the summary gives each suite's counts. A Pester
# that cannot start, or a test file that fails outside its tests, counts as failed.
#
# Arguments go to dotnet test, e.g. tests/run.sh --filter "FullyQualifiedName~Tiff". A filter names xunit
# tests, so with arguments the Pester suite is left out unless CELLOPS_PESTER says otherwise:
#   CELLOPS_PESTER=1     run Pester as well, whatever the arguments
#   CELLOPS_PESTER=0     leave Pester out
#   CELLOPS_PESTER=only  run Pester alone, on the module already built in out/CellOps
# CELLOPS_PWSH=7.6.9 runs Pester in another installed pwsh (see eng/pwsh and eng/tools.sh).
set -uo pipefail
cd "$(dirname "$0")/.."

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

pester_mode=${CELLOPS_PESTER:-}
if [ -z "$pester_mode" ]; then
    if [ "$#" -eq 0 ]; then pester_mode=1; else pester_mode=0; fi
fi

passed=0; failed=0; skipped=0
xunit_summary="xunit: not run"
if [ "$pester_mode" != only ]; then
    dotnet test CellOps.sln -c Release -nologo -v:quiet \
        --logger "trx;LogFilePrefix=cellops" --logger "console;verbosity=normal" \
        --results-directory "$results" "$@" 2>&1 | grep -v -E '^\s*(Passed|Skipped) '
    status=${PIPESTATUS[0]}

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
    xunit_summary="xunit: $passed passed, $failed failed"
fi

pester_summary="pester: not run (dotnet test arguments given; CELLOPS_PESTER=1 runs it too)"
if [ "$pester_mode" != 0 ]; then
    echo "Pester: tests/pester/*.Tests.ps1 in $(bash eng/pwsh --version 2>/dev/null || echo 'pwsh (not installed)')"
    bash eng/pwsh -File tests/run-pester.ps1 2>&1 | tee "$results/pester.log"
    pester_status=${PIPESTATUS[0]}
    line=$(grep -E '^pester: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$results/pester.log" | tail -n1)
    if [ -n "$line" ]; then
        read -r pp pf ps < <(sed -E 's/^pester: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/' <<<"$line")
    else
        # pwsh or Pester did not start, or the run died before its summary.
        pp=0; pf=0; ps=0
    fi
    if [ "$pester_status" -ne 0 ] && [ "$pf" -eq 0 ]; then pf=1; fi
    passed=$((passed + pp)); failed=$((failed + pf)); skipped=$((skipped + ps))
    pester_summary="pester: $pp passed, $pf failed"
fi

[ "$skipped" -eq 0 ] || echo "$skipped skipped"
echo "$xunit_summary; $pester_summary"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
