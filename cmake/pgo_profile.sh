#!/usr/bin/env bash
# Makes the profile for a profile-guided build (HLINT_PGO=USE): builds an
# instrumented hlint in a scratch build directory, runs it over the test
# fixtures (every check's positive and negative cases, the user's seed
# documents, hostile shapes) in the main output formats, and leaves the
# profile in DATA_DIR. It trains on the fixtures only, never on the benchmark
# corpus, so the benchmarks measure the gain on text it has not seen.
#
# usage: cmake/pgo_profile.sh DATA_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(realpath -m "$1")"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
gen="$scratch/build"
cmake -S "$root" -B "$gen" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHLINT_BUILD_TESTS=OFF \
  -DHLINT_PGO=GENERATE -DHLINT_PGO_DATA="$scratch/profile" >/dev/null
cmake --build "$gen" -j "$(nproc)" --target hlint
hlint="$gen/src/hlint"
cd "$root"
# --offline: the training run fetches nothing. Exit status 1 means findings.
for format in text json sarif html; do
  "$hlint" --offline --config /dev/null --no-cache --format "$format" -o /dev/null -j "$(nproc)" fixtures || [ $? -le 1 ]
done
"$hlint" --offline --no-cache -o /dev/null fixtures/sample || [ $? -le 1 ]
rm -rf "$data"
mkdir -p "$(dirname "$data")"
mv "$scratch/profile" "$data"
echo "profile for HLINT_PGO=USE written to $data ($(find "$data" -name '*.gcda' | wc -l) files)"
