#!/usr/bin/env bash
# Load test of `klaxon serve` (issue 5): TARGETS simulated targets × SERIES series at a 15 s interval, plus 500
# rules in 40 groups, for MINUTES minutes; samples the daemon's CPU and memory from /proc and its evaluation
# and scrape timings from its own API, then prints a summary table. Release builds only.
#
# Usage: scripts/bench/serve-load.sh [MINUTES]          (default 8: 32 scrape rounds, [5m] windows full)
# Environment:
#   TARGETS=1000 SERIES=1000   simulated targets (127.10.A.B:PORT, one LoadTargets server) and series each
#   SERVICES=10                scrape jobs (svc-0 …), the targets split evenly between them
#   DOWN=2                     extra targets answering 503 (so `up == 0` alerts have something to find)
#   RULES=1                    0: no rule files (scrape-only run, to isolate ingest cost)
#   WARMUP=60                  seconds excluded from the rates (first scrapes create the series)
#   PERF=0                     N > 0: record a flat `perf` profile of the daemon for the last N seconds
#   PERF_CALLERS=0             1: record call graphs (DWARF) instead; read with `perf report --children`
#   SKIP_BUILD=0               1: use the existing release binaries
#   KEEP=0                     1: keep the work directory (config, rules, samples, log)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
minutes=${1:-8}
targets=${TARGETS:-1000}
series=${SERIES:-1000}
services=${SERVICES:-10}
down=${DOWN:-2}
with_rules=${RULES:-1}
warmup=${WARMUP:-60}
perf_seconds=${PERF:-0}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --product klaxon >&2
    (cd Benchmarks && swift build -c release --product LoadTargets >&2)
fi
klaxon="$root/.build/release/klaxon"
loadtargets="$root/Benchmarks/.build/release/LoadTargets"

work=$(mktemp -d /tmp/klaxon-serve-load.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
target_port=$(free_port)
klaxon_port=$(free_port)
daemon_pid=""
server_pid=""
cleanup() {
    [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    if [ "${KEEP:-0}" = 1 ]; then echo "work directory: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# --- configuration: prometheus.yml and the rule files ------------------------------------------------------
python3 - "$work" "$targets" "$series" "$services" "$down" "$with_rules" "$target_port" <<'PY'
import math, os, sys
work, targets, series, services, down, with_rules, port = sys.argv[1], *map(int, sys.argv[2:])
fixed = 190  # TargetBody.fixedSeries
subsystems = max(1, (series - fixed) // 20)  # complete subsystems (ops_total and inflight)

def address(k):
    return f"127.10.{k // 250}.{k % 250 + 1}:{port}"

jobs = {f"svc-{s}": [] for s in range(services)}
for k in range(targets + down):
    jobs[f"svc-{k * services // (targets + down)}"].append(address(k))

lines = ["global:", "  scrape_interval: 15s", "  scrape_timeout: 10s", "  evaluation_interval: 15s"]
if with_rules:
    lines += ["rule_files:", "  - rules/*.yml"]
lines.append("scrape_configs:")
for job, addrs in jobs.items():
    lines += [f"  - job_name: {job}", "    static_configs:", "      - targets:"]
    lines += [f"          - {a}" for a in addrs]
open(os.path.join(work, "prometheus.yml"), "w").write("\n".join(lines) + "\n")

def sub(i):
    return f"load_subsystem_{i % subsystems:02d}"

def rec(name, expr):
    return {"record": name, "expr": expr}

def alert(name, expr, hold, **labels):
    return {"alert": name, "expr": expr, "for": hold, "labels": {"severity": "page", **labels},
            "annotations": {"summary": name + " on {{ $labels.job }} {{ $labels.instance }}: {{ $value }}"}}

groups = []
for s in range(services):
    sel = f'job="svc-{s}"'
    groups.append((f"svc-{s}-recording", [
        rec("job_handler_code:load_http_requests:rate5m",
            f"sum by (job, handler, code) (rate(load_http_requests_total{{{sel}}}[5m]))"),
        rec("job:load_http_requests:rate5m", f"sum by (job) (rate(load_http_requests_total{{{sel}}}[5m]))"),
        rec("job:load_http_errors:rate5m", f'sum by (job) (rate(load_http_requests_total{{{sel},code=~"5.."}}[5m]))'),
        rec("job_handler:load_http_request_duration_seconds:p99",
            f"histogram_quantile(0.99, sum by (job, handler, le) (rate(load_http_request_duration_seconds_bucket{{{sel}}}[5m])))"),
        rec("job_handler:load_http_request_duration_seconds:p50",
            f"histogram_quantile(0.5, sum by (job, handler, le) (rate(load_http_request_duration_seconds_bucket{{{sel}}}[5m])))"),
        rec("job:load_http_request_duration_seconds:mean5m",
            f"sum by (job) (rate(load_http_request_duration_seconds_sum{{{sel}}}[5m])) / sum by (job) (rate(load_http_request_duration_seconds_count{{{sel}}}[5m]))"),
        rec("instance:load_cpu_busy:ratio5m",
            f'1 - sum by (job, instance) (rate(load_cpu_seconds_total{{{sel},mode="idle"}}[5m]))'),
        rec("instance:load_memory:ratio",
            f"sum by (job, instance) (load_memory_bytes{{{sel}}}) / on (job, instance) load_memory_limit_bytes{{{sel}}}"),
    ] + [rec(f"job_op:{sub(4 * s + i)}_ops:rate5m", f"sum by (job, op) (rate({sub(4 * s + i)}_ops_total{{{sel}}}[5m]))")
         for i in range(5)]))
    groups.append((f"svc-{s}-alerts", [
        alert("HighErrorRatio", f"job:load_http_errors:rate5m{{{sel}}} / job:load_http_requests:rate5m{{{sel}}} > 0.01", "5m"),
        alert("HighLatencyP99", f"job_handler:load_http_request_duration_seconds:p99{{{sel}}} > 1", "10m"),
        alert("InstanceDown", f"up{{{sel}}} == 0", "1m"),
        alert("JobAbsent", f"absent(up{{{sel}}})", "5m"),
        alert("QueueBacklog", f"load_queue_depth{{{sel}}} > 900", "2m"),
        alert("MemoryNearLimit", f"instance:load_memory:ratio{{{sel}}} > 0.9", "5m"),
        alert("CPUSaturated", f"instance:load_cpu_busy:ratio5m{{{sel}}} > 0.95", "10m"),
        alert("BatchJobStale", f"time() - load_last_success_timestamp_seconds{{{sel}}} > 3600", "15m"),
        alert("HandlerErrors",
              f'sum by (job, instance, handler) (rate(load_http_requests_total{{{sel},code="500"}}[5m])) / sum by (job, instance, handler) (rate(load_http_requests_total{{{sel}}}[5m])) > 0.05', "5m"),
        alert("VersionSkew", f"count by (job) (count by (job, version) (load_build_info{{{sel}}})) > 1", "30m"),
        alert("ScrapeSlow", f"scrape_duration_seconds{{{sel}}} > 5", "5m"),
        alert("SubsystemSaturated", f"max by (job, instance) ({sub(3 * s)}_inflight{{{sel}}}) > 95", "5m"),
        alert("SubsystemStalled", f"rate({sub(3 * s + 1)}_ops_total{{{sel}}}[5m]) == 0", "10m"),
    ]))
    slo = [rec(f"job:slo_errors_per_request:ratio_rate{w}",
               f'sum by (job) (rate(load_http_requests_total{{{sel},code=~"5.."}}[{w}])) / sum by (job) (rate(load_http_requests_total{{{sel}}}[{w}]))')
           for w in ("5m", "30m", "1h", "6h")]
    slo += [rec(f"job:slo_latency_good:ratio_rate{w}",
                f'sum by (job) (rate(load_http_request_duration_seconds_bucket{{{sel},le="0.25"}}[{w}])) / sum by (job) (rate(load_http_request_duration_seconds_count{{{sel}}}[{w}]))')
            for w in ("5m", "1h")]
    slo += [
        alert("ErrorBudgetBurnFast",
              f"job:slo_errors_per_request:ratio_rate1h{{{sel}}} > (14.4 * 0.001) and job:slo_errors_per_request:ratio_rate5m{{{sel}}} > (14.4 * 0.001)", "2m"),
        alert("ErrorBudgetBurnSlow",
              f"job:slo_errors_per_request:ratio_rate6h{{{sel}}} > (6 * 0.001) and job:slo_errors_per_request:ratio_rate30m{{{sel}}} > (6 * 0.001)", "15m"),
        alert("LatencySLOBreach", f"job:slo_latency_good:ratio_rate5m{{{sel}}} < 0.95", "10m"),
        rec("job:load_queue_depth:max", f"max by (job) (load_queue_depth{{{sel}}})"),
        rec("job:load_queue_depth:avg_over_10m", f"avg by (job) (avg_over_time(load_queue_depth{{{sel}}}[10m]))"),
        rec("job:up:ratio", f"avg by (job) (up{{{sel}}})"),
        alert("AvailabilityLow", f"job:up:ratio{{{sel}}} < 0.99", "5m"),
    ]
    groups.append((f"svc-{s}-slo", slo))

groups.append(("fleet-availability", [
    alert("AnyTargetDown", "count(up == 0) > 0", "5m"),
    alert("TooFewTargets", f"count by (job) (up) < {targets // services - 10}", "5m"),
    alert("BuildInfoAbsent", "absent(load_build_info)", "5m"),
    rec("fleet:up:sum", "sum(up)"),
    rec("fleet:targets:count", "count(up)"),
    rec("job:scrape_samples_scraped:sum", "sum by (job) (scrape_samples_scraped)"),
    rec("job:scrape_duration_seconds:max", "max by (job) (scrape_duration_seconds)"),
    rec("job:scrape_series_added:sum", "sum by (job) (scrape_series_added)"),
    rec("fleet:build_info:count_by_version", "count by (version) (load_build_info)"),
    rec("fleet:cpu_busy:top5", "topk(5, instance:load_cpu_busy:ratio5m)"),
    rec("fleet:memory_ratio:p90", "quantile(0.9, instance:load_memory:ratio)"),
]))
groups.append(("fleet-http", [
    rec("handler_code:load_http_requests:rate5m", "sum by (handler, code) (rate(load_http_requests_total[5m]))"),
    rec("fleet:load_http_request_duration_seconds:p99",
        "histogram_quantile(0.99, sum by (le) (rate(load_http_request_duration_seconds_bucket[5m])))"),
    rec("fleet:load_http_requests:rate5m", "sum(job:load_http_requests:rate5m)"),
    rec("fleet:load_http_errors:ratio5m", "sum(job:load_http_errors:rate5m) / sum(job:load_http_requests:rate5m)"),
    alert("FleetErrorRatioHigh", "fleet:load_http_errors:ratio5m > 0.01", "10m"),
    rec("job:load_http_request_duration_seconds:p99_max",
        "max by (job) (job_handler:load_http_request_duration_seconds:p99)"),
    alert("FleetLatencyHigh", "fleet:load_http_request_duration_seconds:p99 > 2", "10m"),
    rec("fleet:load_cpu_busy:avg", "avg(instance:load_cpu_busy:ratio5m)"),
    rec("fleet:load_memory_bytes:sum", "sum by (area) (load_memory_bytes)"),
    alert("FleetMemoryHot", "count(instance:load_memory:ratio > 0.9) > 50", "5m"),
    rec("fleet:batch_age_seconds:max", "max by (batch) (time() - load_last_success_timestamp_seconds)"),
]))
extras = [
    lambda k: rec("fleet:load_queue_depth:avg", "avg(load_queue_depth)"),
    lambda k: rec("job:load_queue_depth:stddev", "stddev by (job) (load_queue_depth)"),
    lambda k: alert("QueuesHot", "count(load_queue_depth > 500) > 100", "5m"),
    lambda k: rec("job:load_cpu_seconds:rate5m", "sum by (job, mode) (rate(load_cpu_seconds_total[5m]))"),
    lambda k: alert("ManyInstancesBusy", "count by (job) (instance:load_cpu_busy:ratio5m > 0.9) > 5", "10m"),
    lambda k: rec("job:load_build_info:count", "count by (job) (load_build_info)"),
    lambda k: alert("ScrapeSamplesDropped", "sum by (job) (scrape_samples_scraped - scrape_samples_post_metric_relabeling) > 0", "5m"),
    lambda k: rec("fleet:up:ratio", "avg(up)"),
]
for g in range(8):
    rules = []
    for i in range(4):
        k = 4 * g + i
        rules.append(rec(f"job:{sub(k)}_ops:rate5m", f"sum by (job) (rate({sub(k)}_ops_total[5m]))"))
        rules.append(rec(f"job:{sub(k)}_inflight:max", f"max by (job) ({sub(k)}_inflight)"))
    rules.append(alert("SubsystemFleetSaturation", f"job:{sub(4 * g)}_inflight:max > 96", "5m", subsystem=sub(4 * g)))
    rules.append(rec(f"fleet:{sub(4 * g + 1)}_ops:rate5m", f"sum(job:{sub(4 * g + 1)}_ops:rate5m)"))
    rules.append(extras[g](g))
    groups.append((f"fleet-subsystems-{g}", rules))

total = sum(len(r) for _, r in groups)
if with_rules:
    os.makedirs(os.path.join(work, "rules"), exist_ok=True)
    def q(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    for start in range(0, len(groups), 10):
        out = ["groups:"]
        for name, rules in groups[start:start + 10]:
            out += [f"  - name: {name}", "    rules:"]
            for r in rules:
                kind = "record" if "record" in r else "alert"
                out.append(f"      - {kind}: {r[kind]}")
                out.append(f"        expr: {q(r['expr'])}")
                if kind == "alert":
                    out.append(f"        for: {r['for']}")
                    out.append("        labels:")
                    out += [f"          {k}: {q(v)}" for k, v in r["labels"].items()]
                    out.append("        annotations:")
                    out += [f"          {k}: {q(v)}" for k, v in r["annotations"].items()]
        open(os.path.join(work, "rules", f"load-{start // 10}.yml"), "w").write("\n".join(out) + "\n")
print(f"config: {targets} targets + {down} down in {services} jobs, {series} series each; "
      f"{total if with_rules else 0} rules in {len(groups) if with_rules else 0} groups", file=sys.stderr)
PY

# --- run ------------------------------------------------------------------------------------------------------
"$loadtargets" --port "$target_port" --series "$series" --down-from "$targets" >"$work/targets.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.10.0.1:$target_port/metrics" -o /dev/null && break; sleep 0.1; done
curl -sf "http://127.10.0.1:$target_port/metrics" -o /dev/null || { cat "$work/targets.log" >&2; exit 1; }
echo "uptime before: $(uptime)" >&2
"$klaxon" serve --config "$work/prometheus.yml" --listen "127.0.0.1:$klaxon_port" --data-dir "$work/data" \
    --log-level warning >"$work/klaxon.log" 2>&1 &
daemon_pid=$!

python3 - "$daemon_pid" "$server_pid" "$klaxon_port" "$minutes" "$warmup" "$perf_seconds" "$work" <<'PY'
import json, os, statistics, subprocess, sys, time, urllib.parse, urllib.request
pid, server_pid, port, minutes, warmup, perf_seconds, work = sys.argv[1:]
pid, server_pid, minutes, warmup, perf_seconds = int(pid), int(server_pid), float(minutes), float(warmup), int(perf_seconds)
base = f"http://127.0.0.1:{port}"
tick = os.sysconf("SC_CLK_TCK")

def cpu(p):
    with open(f"/proc/{p}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

def status(p):
    out = {}
    with open(f"/proc/{p}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(value.split()[0])
    return out

def get(path, timeout=30):
    with urllib.request.urlopen(base + path, timeout=timeout) as r:
        return r.read()

def query(expr):
    body = json.loads(get("/api/v1/query?" + urllib.parse.urlencode({"query": expr}), timeout=120))
    return [(r["metric"], float(r["value"][1])) for r in body["data"]["result"]]

def metric_sum(text, name):
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total

start = time.time()
for _ in range(300):
    try:
        get("/-/ready", timeout=2)
        break
    except Exception:
        time.sleep(0.2)
ready = time.time() - start
end = start + minutes * 60
evals = {}  # group -> {lastEvaluation: seconds}
samples = []  # (t, cpu, rss, threads)
window_start = None
perf = None
while time.time() < end:
    now = time.time()
    st = status(pid)
    samples.append((now - start, cpu(pid), st["VmRSS"], st["Threads"], cpu(server_pid)))
    if window_start is None and now - start >= warmup:
        window_start = samples[-1]
    if perf is None and perf_seconds > 0 and now - start >= max(warmup, minutes * 60 - perf_seconds - 15):
        graph = ["--call-graph", "dwarf,32768", "-F", "99"] if os.environ.get("PERF_CALLERS") == "1" else ["-F", "499"]
        perf = subprocess.Popen(["perf", "record", *graph, "-p", str(pid), "-o", f"{work}/perf.data",
                                 "--", "sleep", str(perf_seconds)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    try:
        groups = json.loads(get("/api/v1/rules?exclude_alerts=true"))["data"]["groups"]
        for g in groups:
            if g["lastEvaluation"].startswith("0001"):
                continue
            evals.setdefault(g["name"], {})[g["lastEvaluation"]] = (now - start, g["evaluationTime"])
    except Exception as e:
        print(f"rules poll failed: {e}", file=sys.stderr)
    time.sleep(max(0.0, 4.0 - (time.time() - now)))
final = samples[-1]
st = status(pid)
if perf:
    perf.wait()

w0 = window_start
span = final[0] - w0[0]
cpu_s = final[1] - w0[1]
seconds = int(round(span))
scraped = query(f"sum(sum_over_time(scrape_samples_scraped[{seconds}s]))")
scraped = scraped[0][1] if scraped else 0.0
rounds = query(f"max(count_over_time(up[{seconds}s]))")
rounds = rounds[0][1] if rounds else 0
up = query("sum(up)")
up = up[0][1] if up else 0
scrape_p50 = query(f"quantile(0.5, quantile_over_time(0.5, scrape_duration_seconds[{seconds}s]))")
scrape_p99 = query(f"quantile(0.99, quantile_over_time(0.99, scrape_duration_seconds[{seconds}s]))")
scrape_max = query(f"max(max_over_time(scrape_duration_seconds[{seconds}s]))")
metrics = get("/metrics").decode()
series = metric_sum(metrics, "klaxon_storage_series")
storage_bytes = metric_sum(metrics, "klaxon_storage_bytes")
missed = metric_sum(metrics, "klaxon_rule_group_iterations_missed_total")
failures = metric_sum(metrics, "klaxon_rule_evaluation_failures_total")
alerts = json.loads(get("/api/v1/alerts"))["data"]["alerts"]

durations = []
per_group = {}
for name, by_time in evals.items():
    ds = [d for (t, d) in by_time.values() if t >= w0[0]]
    if ds:
        per_group[name] = ds
        durations += ds
rss_max = max(s[2] for s in samples if s[0] >= w0[0])
threads = final[3]

def ms(x):
    return f"{x * 1000:.1f} ms"

print()
print(f"| measurement window | {span:.0f} s after a {w0[0]:.0f} s warm-up (ready after {ready:.1f} s); {rounds:.0f} scrape rounds |")
print("|---|---|")
print(f"| targets up / series in store | {up:.0f} / {series:,.0f} |")
print(f"| samples scraped in window | {scraped:,.0f} ({scraped / span:,.0f}/s) |")
print(f"| daemon CPU | {cpu_s:.1f} s = {100 * cpu_s / span:.1f} % of one core |")
print(f"| ingest per daemon CPU-second (everything the daemon did counted) | {scraped / cpu_s:,.0f} samples |")
print(f"| RSS now / max in window / VmHWM (peak) | {st['VmRSS'] / 1024:.0f} / {rss_max / 1024:.0f} / {st['VmHWM'] / 1024:.0f} MiB |")
print(f"| storage's own estimate (chunks + index) | {storage_bytes / 2**20:.0f} MiB |")
print(f"| threads | {threads} |")
if durations:
    durations.sort()
    worst = max(per_group.items(), key=lambda kv: max(kv[1]))
    p50s = sorted(statistics.median(v) for v in per_group.values())
    print(f"| group evaluations seen | {len(durations)} in {len(per_group)} groups |")
    print(f"| group evaluation p50 / p90 / p99 / max (all) | {ms(statistics.median(durations))} / "
          f"{ms(durations[int(0.9 * (len(durations) - 1))])} / {ms(durations[int(0.99 * (len(durations) - 1))])} / {ms(durations[-1])} |")
    print(f"| slowest group: max / p50 | {worst[0]}: {ms(max(worst[1]))} / {ms(statistics.median(worst[1]))} "
          f"({100 * max(worst[1]) / 15:.2f} % of 15 s) |")
    print(f"| per-group p50, highest | {ms(p50s[-1])} |")
    print(f"| sum of group p50s per 15 s round | {ms(sum(p50s))} |")
    print(f"| missed iterations / rule failures | {missed:.0f} / {failures:.0f} |")
    print(f"| alerts pending+firing | {len(alerts)} |")
steady_from = final[0] - 120
if steady_from >= 330:  # [5m] windows full and two more minutes
    s0 = next(s for s in samples if s[0] >= steady_from)
    print(f"| last {final[0] - s0[0]:.0f} s ([5m] windows full): daemon CPU | {100 * (final[1] - s0[1]) / (final[0] - s0[0]):.1f} % of one core |")
    late = {n: [d for (t, d) in by_time.values() if t >= steady_from] for n, by_time in evals.items()}
    late = {n: v for n, v in late.items() if v}
    if late:
        allv = sorted(d for v in late.values() for d in v)
        worst = max(late.items(), key=lambda kv: max(kv[1]))
        print(f"| last {final[0] - s0[0]:.0f} s: group evaluation p50 / max (all groups) | {ms(statistics.median(allv))} / {ms(allv[-1])} ({worst[0]}) |")
        print(f"| last {final[0] - s0[0]:.0f} s: sum of group p50s per round | {ms(sum(statistics.median(v) for v in late.values()))} |")
print(f"| scrape duration p50 / p99 / max | {ms(scrape_p50[0][1] if scrape_p50 else 0)} / {ms(scrape_p99[0][1] if scrape_p99 else 0)} / {ms(scrape_max[0][1] if scrape_max else 0)} |")
print(f"| LoadTargets CPU | {100 * (final[4] - w0[4]) / span:.1f} % of one core |")
print()
print("per group (p50 / max):")
for name in sorted(per_group, key=lambda n: -max(per_group[n]))[:12]:
    v = per_group[name]
    print(f"  {name:28s} {ms(statistics.median(v)):>10s} {ms(max(v)):>10s}  ({len(v)} evaluations)")
with open(f"{work}/samples.csv", "w") as f:
    f.write("t,cpu_seconds,rss_kib,threads,loadtargets_cpu_seconds\n")
    for s in samples:
        f.write(",".join(str(x) for x in s) + "\n")
PY
echo "uptime after: $(uptime)" >&2
if [ "$perf_seconds" -gt 0 ]; then
    perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -v '^#' | grep '%' |
        head -60 > "$work/perf-top.txt" || true
    echo "perf: $work/perf-top.txt" >&2
    cat "$work/perf-top.txt"
fi
grep -c 'level=error' "$work/klaxon.log" >/dev/null && echo "errors logged: $(grep -c 'level=error' "$work/klaxon.log")" >&2 || true
