#!/usr/bin/env python3
"""Answer a differential-testing plan with a real Prometheus and write the recorded fixture.

    record.py --prometheus BIN --promtool BIN --plan plan.json --out Tests/Fixtures/differential/NAME.json

The plan (data set and queries, from `klaxon conformance differential-plan`) is written as OpenMetrics text,
turned into TSDB blocks with `promtool tsdb create-blocks-from openmetrics`, and served by a Prometheus started
on 127.0.0.1 with a free port and a temporary data directory. Every query goes to /api/v1/query or
/api/v1/query_range; queries the reference rejects are dropped (and listed). Prometheus is stopped by its PID.
Standard library only.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request


def om_escape(value):
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def om_timestamp(ms):
    """Seconds text that Prometheus's OpenMetrics parser turns back into exactly `ms`.

    The parser computes int64(seconds * 1000), which truncates: 1700000000.137 * 1000 can come out as
    ...136.99999. When it would, a few more digits nudge the float up without reaching the next millisecond.
    """
    text = "%d.%03d" % (ms // 1000, ms % 1000)
    for suffix in ("", "0001", "00001", "000001", "0000001"):
        candidate = text + suffix
        if int(float(candidate) * 1000) == ms:
            return candidate
    raise ValueError("cannot write timestamp %d exactly" % ms)


def om_value(v):
    if v != v or v in (float("inf"), float("-inf")):
        raise ValueError("fixtures must not contain NaN or infinite samples")
    return repr(float(v))


def write_openmetrics(series, path):
    by_name = {}
    for s in series:
        by_name.setdefault(s["labels"]["__name__"], []).append(s)
    with open(path, "w") as out:
        for name in sorted(by_name):
            for s in by_name[name]:
                labels = ",".join(
                    '%s="%s"' % (k, om_escape(v)) for k, v in sorted(s["labels"].items()) if k != "__name__"
                )
                head = name + ("{" + labels + "}" if labels else "")
                for k, v in enumerate(s["values"]):
                    if v is None:
                        continue
                    t = s["start"] + k * s["interval"]
                    out.write("%s %s %s\n" % (head, om_value(v), om_timestamp(t)))
        out.write("# EOF\n")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def api(base, path, params):
    data = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(base + path, data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())


def seconds(ms):
    return "%d.%03d" % (ms // 1000, ms % 1000)


def to_ms(ts):
    return int(round(float(ts) * 1000))


def convert(data):
    kind = data["resultType"]
    result = data["result"]
    if kind in ("scalar", "string"):
        return {"resultType": kind, "time": to_ms(result[0]), "value": result[1]}
    series = []
    for item in result:
        points = [item["value"]] if kind == "vector" else item["values"]
        series.append({
            "labels": item["metric"],
            "t": [to_ms(p[0]) for p in points],
            "v": [p[1] for p in points],
        })
    return {"resultType": kind, "series": series}


def start_prometheus(binary, data_dir, work):
    config = os.path.join(work, "prometheus.yml")
    with open(config, "w") as f:
        f.write("global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\n")
    port = free_port()
    log = open(os.path.join(work, "prometheus.log"), "w")
    process = subprocess.Popen(
        [
            binary,
            "--config.file=" + config,
            "--storage.tsdb.path=" + data_dir,
            "--storage.tsdb.retention.time=100y",
            "--web.listen-address=127.0.0.1:%d" % port,
            "--query.lookback-delta=5m",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=work,
    )
    base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("prometheus exited early; see %s" % log.name)
        try:
            status, _ = http_get(base + "/-/ready", timeout=2)
            if status == 200:
                return process, base
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.25)
    stop(process)
    raise RuntimeError("prometheus did not become ready; see %s" % log.name)


def stop(process):
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def version(binary):
    out = subprocess.run([binary, "--version"], capture_output=True, text=True)
    first = (out.stdout or out.stderr).splitlines()[0]
    # "prometheus, version 2.42.0+ds (branch: ...)"
    return "prometheus " + first.split("version ", 1)[1].split(" ", 1)[0]


def write_fixture(fixture, path):
    def dump(obj):
        return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=False)

    lines = ["{"]
    for key in ("format", "seed", "reference"):
        lines.append('"%s":%s,' % (key, dump(fixture[key])))
    lines.append('"series":[')
    lines.append(",\n".join(dump(s) for s in fixture["series"]))
    lines.append("],")
    lines.append('"cases":[')
    lines.append(",\n".join(dump(c) for c in fixture["cases"]))
    lines.append("]")
    lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--promtool", required=True)
    parser.add_argument("--plan", required=True, help="plan JSON from `klaxon conformance differential-plan`")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    with open(args.plan) as f:
        plan = json.load(f)

    work = tempfile.mkdtemp(prefix="klaxon-differential-")
    process = None
    try:
        om = os.path.join(work, "data.om")
        data_dir = os.path.join(work, "data")
        write_openmetrics(plan["series"], om)
        subprocess.run(
            [args.promtool, "tsdb", "create-blocks-from", "openmetrics", om, data_dir],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        process, base = start_prometheus(args.prometheus, data_dir, work)

        kept, dropped = [], []
        for case in plan["cases"]:
            query = case.get("referenceExpr") or case["expr"]
            if case.get("time") is not None:
                reply = api(base, "/api/v1/query", {"query": query, "time": seconds(case["time"])})
            else:
                r = case["range"]
                reply = api(base, "/api/v1/query_range", {
                    "query": query, "start": seconds(r["start"]), "end": seconds(r["end"]), "step": "%g" % (r["step"] / 1000),
                })
            if reply.get("status") != "success":
                dropped.append((case["id"], query, reply.get("error")))
                continue
            case["answer"] = convert(reply["data"])
            kept.append(case)
        plan["cases"] = kept
        plan["reference"] = version(args.prometheus)
        write_fixture(plan, args.out)
        print("%s: %d cases recorded, %d dropped" % (args.out, len(kept), len(dropped)))
        for case_id, query, error in dropped:
            print("  dropped %s: %s: %s" % (case_id, query, error))
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
