#!/usr/bin/env bash
# Installs what building Klaxon needs when it is missing: libyaml's headers (Debian's libyaml-dev).
# Idempotent and quiet when everything is present.
set -euo pipefail

need_apt=()
if ! pkg-config --exists yaml-0.1 2>/dev/null; then need_apt+=(libyaml-dev); fi
if ! command -v pkg-config >/dev/null 2>&1; then need_apt+=(pkg-config); fi

if ((${#need_apt[@]})); then
    echo "setup: installing ${need_apt[*]}" >&2
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >&2
fi
