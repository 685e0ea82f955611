#!/usr/bin/env bash
# Regenerates the differential-testing fixtures: Tests/Fixtures/differential/seed-<N>.json.
#
#   scripts/differential/record.sh                 seeds 1 2 3, 220 queries each
#   SEEDS="4 5" CASES=200 scripts/differential/record.sh
#
# Fetches Prometheus 2.42 (scripts/install-references.sh), builds `klaxon`, generates each seed's plan with
# `klaxon conformance differential-plan`, and answers it with scripts/differential/record.py (which starts and
# stops its own Prometheus on 127.0.0.1). Needs python3. See scripts/differential/README.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$repo/Tests/Fixtures/differential"
seeds="${SEEDS:-1 2 3}"
cases="${CASES:-220}"

prometheus="" promtool=""
while IFS='=' read -r name path; do
    case "$name" in
        prometheus) prometheus="$path" ;;
        promtool) promtool="$path" ;;
    esac
done < <("$repo/scripts/install-references.sh" ${KLAXON_REFERENCES:+"$KLAXON_REFERENCES"})
[ -n "$prometheus" ] && [ -n "$promtool" ] || { echo "error: prometheus/promtool not available" >&2; exit 1; }

(cd "$repo" && swift build --product klaxon >&2)
klaxon="$(cd "$repo" && swift build --product klaxon --show-bin-path)/klaxon"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
for seed in $seeds; do
    if ! "$klaxon" conformance differential-plan --seed "$seed" --cases "$cases" > "$work/plan-$seed.json"; then
        echo "error: 'klaxon conformance differential-plan' failed (is ConformanceCommand registered in Klaxon.swift?)" >&2
        exit 1
    fi
    python3 "$repo/scripts/differential/record.py" --prometheus "$prometheus" --promtool "$promtool" \
        --plan "$work/plan-$seed.json" --out "$out/seed-$seed.json"
done
