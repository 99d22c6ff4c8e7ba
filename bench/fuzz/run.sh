#!/usr/bin/env bash
# The fuzzing campaign over the readers of untrusted files: mutated images (TIFF, PNG, JPEG, BMP)
# through the decoders, and mutated model packages through the package reader.
#   bash bench/fuzz/run.sh [--executions N] [--seed S] [--out DIR]
# Seeds: the valid TIFFs of ../shared/data/tiff-image-rs and tiff-libtiff (where present), the
# shipped BCCD smear and mask, and a package trained here. Each execution's file is a deterministic
# function of (run seed, execution number), so a finding is reproduced from its name. Every finding
# (an exception other than a clear refusal, a crash, a hang, a peak over 100 MB above baseline and
# over three times the pixel bytes the file claims, or an
# execution over 1 s) is saved in the output folder; prints a summary per target and
# "N passed, N failed" (targets without findings).
set -uo pipefail
cd "$(dirname "$0")/../.."
executions=10000; seed=1; out=/tmp/cellops-fuzz
while (($#)); do
    case $1 in
        --executions) executions=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "fuzz: unknown option $1" >&2; exit 2 ;;
    esac
done
dotnet build bench/CellOps.Fuzz -c Release -nologo -v:q -clp:ErrorsOnly || exit 1
fuzz=$(ls bench/CellOps.Fuzz/bin/Release/net10.0/*/CellOps.Fuzz.dll | head -n1)
mkdir -p "$out"

# Small valid seeds keep each execution short: the mutations, not the pixel count, find the bugs.
image_seeds=()
for dir in ../shared/data/tiff-image-rs/images ../shared/data/tiff-libtiff tests/CellOps.Tests/Imaging/Tiff/Samples bench/fuzz/seeds; do
    [ -d "$dir" ] || continue
    while IFS= read -r f; do image_seeds+=("$f"); done < <(find "$dir" -maxdepth 1 -size -64k \( -name '*.tif' -o -name '*.tiff' \) | sort)
done
image_seeds+=(examples/data/bccd/BloodImage_00000.jpg examples/data/bccd/BloodImage_00000_wbc.png)

package=$out/seed.cellmodel
if [ ! -f "$package" ]; then
    eng/pwsh -Command "Import-Micrograph examples/data/bccd/BloodImage_0000[0-1].jpg -PairWith { \$_.FullName -replace '\.jpg$', '_wbc.png' } -PairRole Mask |
        New-TileSet -Size 64 -Target Label -AreaFraction 0.2 | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 1 -HyperParameter @{ Depth = 2; BaseWidth = 8 } -OutFile '$package' | Out-Null" || exit 1
fi

passed=0; failed=0
for target in image package; do
    if [ "$target" = image ]; then seeds=("${image_seeds[@]}"); else seeds=("$package"); fi
    if dotnet "$fuzz" --target "$target" --executions "$executions" --seed "$seed" --out "$out/$target" --timeout-ms 1000 --memory-mb 100 --seeds "${seeds[@]}"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
