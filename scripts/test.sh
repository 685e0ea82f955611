#!/usr/bin/env bash
# Quick start, command 2: set up what is missing and pass the whole test suite.
# Installs the build prerequisite (libyaml-dev) and the test-only references (Debian's prometheus/promtool and
# prometheus-alertmanager, unpacked under .references/, never started as services), builds, runs Klaxon's
# own conformance gates against ../shared/conformance, then the Swift Testing suite (its summary is the last line).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${KLAXON_SHARED:-$ROOT/../shared}
export KLAXON_SHARED=$SHARED

scripts/setup.sh
if [ -x scripts/install-references.sh ]; then
    if refs=$(scripts/install-references.sh 2>&1); then
        echo "$refs" | sed 's/^/references: /'
        export PATH="$ROOT/.references/root/usr/bin:$PATH"
    else
        echo "references: not installed (tests that need them will say so):"
        echo "$refs" | tail -3 | sed 's/^/references: /'
    fi
fi

swift build --build-tests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
swift build --build-tests >/dev/null   # fail here, with the message above, if the build is broken
KLAXON=$(swift build --show-bin-path)/klaxon

if [ -d "$SHARED/conformance/promql" ] && [ -f Tests/KlaxonConformanceTests/conformance-floor.txt ]; then
    floor=$(tr -dc 0-9 < Tests/KlaxonConformanceTests/conformance-floor.txt)
    echo "== klaxon conformance promql (floor: $floor passing statements)"
    "$KLAXON" conformance promql "$SHARED/conformance/promql" --min-pass "$floor" | tail -1
fi

echo "== swift test"
# Per-test "started"/"passed" lines are dropped (failures, suites and the closing "Test run with …" stay).
swift test --skip-build 2>&1 | grep -Ev '^(✔|◇|􁁛|􀟈) (Test "|Test case |Suite .* started)' 
