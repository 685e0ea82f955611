#!/usr/bin/env bash
# Idle memory of `klaxon serve` on its embedded default (bundled rules/ against its own registry), release
# build: starts it from the repository root, waits WAIT seconds (default 60), prints VmRSS, VmHWM, the
# anonymous/file split and the thread count, then stops it with SIGTERM and checks that it exits 0.
#
# Usage: scripts/bench/idle-rss.sh            (SKIP_BUILD=1 to use the existing release binary)
# It passes only --listen (a free port, so it cannot collide with another daemon); NO_FLAGS=1 passes nothing
# at all (then 127.0.0.1:9097 must be free).
set -euo pipefail
cd "$(dirname "$0")/../.."
wait_seconds=${WAIT:-60}
if [ "${SKIP_BUILD:-0}" != 1 ]; then swift build -c release --product klaxon >&2; fi
klaxon=.build/release/klaxon
log=$(mktemp /tmp/klaxon-idle-rss.XXXXXX.log)
if [ "${NO_FLAGS:-0}" = 1 ]; then
    args=()
    port=9097
else
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    args=(--listen "127.0.0.1:$port")
fi
echo "uptime: $(uptime)"
"$klaxon" serve "${args[@]}" 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/-/ready" -o /dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/-/ready" -o /dev/null || { echo "not ready:"; cat "$log"; exit 1; }
sleep "$wait_seconds"
field() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
rss=$(field VmRSS); hwm=$(field VmHWM); anon=$(field RssAnon); file=$(field RssFile); threads=$(field Threads)
cpu=$(awk '{ print ($14 + $15) }' "/proc/$pid/stat")
targets=$(curl -sf "http://127.0.0.1:$port/api/v1/targets" | python3 -c \
    'import json,sys; print(len(json.load(sys.stdin)["data"]["activeTargets"]))')
groups=$(curl -sf "http://127.0.0.1:$port/api/v1/rules" | python3 -c \
    'import json,sys; print(len(json.load(sys.stdin)["data"]["groups"]))')
printf 'after %s s: VmRSS %.1f MiB, VmHWM %.1f MiB (anonymous %.1f MiB, file-backed %.1f MiB), %s threads, ' \
    "$wait_seconds" "$(echo "$rss/1024" | bc -l)" "$(echo "$hwm/1024" | bc -l)" "$(echo "$anon/1024" | bc -l)" \
    "$(echo "$file/1024" | bc -l)" "$threads"
printf 'CPU %.2f s; %s rule groups, %s targets\n' "$(echo "$cpu/$(getconf CLK_TCK)" | bc -l)" "$groups" "$targets"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
trap 'rm -f "$log"' EXIT
if [ "$status" -ne 0 ]; then
    echo "FAIL: exit status $status after SIGTERM"
    tail -5 "$log"
    exit 1
fi
echo "SIGTERM: exit status 0"
