#!/usr/bin/env bash
# Measures KlaxonStorage: append throughput (batch by reference, and by labels), select+decode throughput,
# sealed bytes per sample by kind of data (with and without timestamp jitter), and the footprint of
# 1M series x 120 samples (resident memory, overhead per series). Results go to stdout; record them in
# Benchmarks/RESULTS.md. Needs about 1 GiB of memory and a few minutes (plus the first release build).
#
#   scripts/measure-storage.sh                 # everything
#   scripts/measure-storage.sh 'Compression.*' # one group (a regular expression over benchmark names)
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
filter="${1:-.*}"
exec swift package --disable-sandbox benchmark --target StorageBenchmarks --filter "$filter" --no-progress
