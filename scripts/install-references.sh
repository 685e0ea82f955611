#!/usr/bin/env bash
# Fetches the reference programs Klaxon is tested against (Debian bookworm's Prometheus 2.42 and
# Alertmanager 0.25) into a cache directory, without installing or starting anything.
#
#   scripts/install-references.sh [CACHE_DIR]      (default: <repo>/.references, or $KLAXON_REFERENCES)
#
# Idempotent: packages already downloaded and unpacked are reused. Prints four lines, `name=path`, for
# prometheus, promtool, prometheus-alertmanager and amtool. Needs apt-get and dpkg (Debian/Ubuntu).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${1:-${KLAXON_REFERENCES:-$repo/.references}}"
mkdir -p "$cache/debs" "$cache/root"
cache="$(cd "$cache" && pwd)"

packages=(prometheus prometheus-alertmanager)

for cmd in apt-get dpkg; do
    command -v "$cmd" >/dev/null || { echo "error: $cmd not found (a Debian-based system is required)" >&2; exit 1; }
done

have_deb() { compgen -G "$cache/debs/${1}_*.deb" >/dev/null; }

download() {
    (cd "$cache/debs" && apt-get download "$1") >&2
}

for pkg in "${packages[@]}"; do
    if have_deb "$pkg"; then
        continue
    fi
    if ! download "$pkg"; then
        echo "note: apt-get download $pkg failed; running apt-get update once and retrying" >&2
        if [ "$(id -u)" -eq 0 ]; then apt-get update >&2; else sudo apt-get update >&2; fi
        download "$pkg"
    fi
done

for pkg in "${packages[@]}"; do
    deb="$(ls -1 "$cache/debs/${pkg}"_*.deb | sort | tail -n 1)"
    stamp="$cache/root/.unpacked-$(basename "$deb")"
    if [ ! -e "$stamp" ]; then
        dpkg -x "$deb" "$cache/root"
        touch "$stamp"
    fi
done

# Debian's Alertmanager reads its default notification templates from a compiled-in path and exits without
# them; copy them there when they are missing and the path is writable (root), as installing the package would.
templates=/usr/share/prometheus/alertmanager
if [ ! -e "$templates/default.tmpl" ] && [ -e "$cache/root$templates/default.tmpl" ]; then
    if mkdir -p "$templates" 2>/dev/null && cp "$cache/root$templates"/*.tmpl "$templates/" 2>/dev/null; then
        echo "note: copied Alertmanager's templates to $templates" >&2
    else
        echo "note: cannot write $templates: the tests that run Alertmanager will be skipped" >&2
    fi
fi

status=0
for bin in prometheus promtool prometheus-alertmanager amtool; do
    path="$cache/root/usr/bin/$bin"
    if [ -x "$path" ]; then
        echo "$bin=$path"
    else
        echo "error: $bin not found at $path" >&2
        status=1
    fi
done
exit $status
