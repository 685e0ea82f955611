#!/usr/bin/env bash
# Fuzzes one of Klaxon's parsers with libFuzzer: scripts/fuzz.sh TARGET [SECONDS]   (TARGET: promql|series|…)
# Crashing inputs land in fuzz-artifacts/TARGET/; copy them to Tests/Fixtures/fuzz-crashers/TARGET/ once fixed,
# where the test suite replays them forever.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target}
seconds=${2:-600}
scripts/setup.sh
swift build --scratch-path .build-fuzz -c release --product KlaxonFuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DKLAXON_LIBFUZZER >&2
mkdir -p "fuzz-artifacts/$target" ".build-fuzz/corpus/$target"
shared=${KLAXON_SHARED:-../shared}
if [ -z "$(ls -A ".build-fuzz/corpus/$target")" ] && [ -d "$shared" ]; then
    python3 scripts/fuzz/seed-corpus.py "$shared" .build-fuzz/corpus >&2
fi
KLAXON_FUZZ_TARGET=$target .build-fuzz/release/KlaxonFuzz ".build-fuzz/corpus/$target" \
    -max_total_time="$seconds" -max_len=4096 -timeout=5 -artifact_prefix="fuzz-artifacts/$target/" -print_final_stats=1
