#!/usr/bin/env bash
# Quick start, command 1: set up what is missing, build Klaxon (release) and run it.
# With no arguments it runs `klaxon serve` on its embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product klaxon >&2
if [ $# -eq 0 ]; then set -- serve; fi
exec .build/release/klaxon "$@"
