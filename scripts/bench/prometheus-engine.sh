#!/usr/bin/env bash
# Times Prometheus 2.42's PromQL engine on the benchmark data set (see gen_openmetrics.py), side by side
# with Klaxon's (Benchmarks: swift run -c release EngineComparison). Uses the evalTotalTime Prometheus
# reports with stats=all, so HTTP and JSON encoding are not counted. Usage: prometheus-engine.sh SERIES
set -euo pipefail
cd "$(dirname "$0")/../.."
series=${1:-10000}
samples=${SAMPLES:-41}
refs=$(scripts/install-references.sh)
prometheus=$(echo "$refs" | sed -n 's/^prometheus=//p')
promtool=$(echo "$refs" | sed -n 's/^promtool=//p')
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
end=$(( $(date +%s) / 60 * 60 - 600 ))
python3 scripts/bench/gen_openmetrics.py "$series" "$samples" "$end" "$work/data.om"
"$promtool" tsdb create-blocks-from openmetrics "$work/data.om" "$work/tsdb" >/dev/null
printf 'global:\n  scrape_interval: 1h\n' > "$work/prometheus.yml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=100y --log.level=error &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.2; done
for q in 'sum by (job) (rate(x_total[5m]))' 'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))'; do
    times=()
    for i in $(seq 12); do
        t=$(curl -sf --get "http://127.0.0.1:$port/api/v1/query" --data-urlencode "query=$q" \
            --data-urlencode "time=$end" --data-urlencode "stats=all" |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["stats"]["timings"]["evalTotalTime"])')
        [ "$i" -gt 2 ] && times+=("$t")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf 'prometheus 2.42  series=%-7s %-62s median %.2f ms\n' "$series" "$q" "$(echo "$median * 1000" | bc -l)"
done
