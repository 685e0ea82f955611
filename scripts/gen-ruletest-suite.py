#!/usr/bin/env python3
"""Generates a large promtool unit-test suite (rule file + test file) for benchmarking `klaxon test rules`
against `promtool test rules`.

Every service gets 4 rules (2 recording, 2 alerting) and `--instances` instances with 4 series each
(requests, errors, up, a latency gauge written value by value); samples every 15 s for `--hours` hours.
Every query selects one service, so no query exceeds promtool's 10000-sample limit.

    scripts/gen-ruletest-suite.py --services 150 --instances 8 --hours 4 --out /tmp/suite
    klaxon test rules /tmp/suite/tests.yml
"""
import argparse
import os
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=150)
    parser.add_argument("--instances", type=int, default=8)
    parser.add_argument("--hours", type=float, default=4)
    parser.add_argument("--groups", type=int, default=1, help="test groups (each loads all series)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="ruletest-suite")
    args = parser.parse_args()
    random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    steps = int(args.hours * 3600 / 15)  # samples per series, minus one
    end_minutes = int(args.hours * 60)

    with open(os.path.join(args.out, "rules.yml"), "w") as f:
        f.write("groups:\n")
        for s in range(args.services):
            svc = f"svc{s}"
            f.write(f"  - name: {svc}\n    rules:\n")
            f.write(f"      - record: service:requests:rate5m\n"
                    f"        expr: sum by (service) (rate(requests_total{{service=\"{svc}\"}}[5m]))\n")
            f.write(f"      - record: service:errors:ratio5m\n"
                    f"        expr: sum by (service) (rate(errors_total{{service=\"{svc}\"}}[5m]))"
                    f" / sum by (service) (rate(requests_total{{service=\"{svc}\"}}[5m]))\n")
            f.write(f"      - alert: HighErrorRatio\n"
                    f"        expr: service:errors:ratio5m{{service=\"{svc}\"}} > 0.05\n"
                    f"        for: 5m\n        labels: {{severity: page}}\n"
                    f"        annotations: {{summary: \"{{{{ $labels.service }}}} fails\"}}\n")
            f.write(f"      - alert: InstanceDown\n"
                    f"        expr: up{{service=\"{svc}\"}} == 0\n"
                    f"        for: 2m\n        labels: {{severity: ticket}}\n"
                    f"        annotations: {{summary: \"{{{{ $labels.instance }}}} down\"}}\n")

    with open(os.path.join(args.out, "tests.yml"), "w") as f:
        f.write("rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n")
        for g in range(args.groups):
            f.write(f"  - name: group{g}\n    interval: 15s\n    input_series:\n")
            failing = set()
            down = set()
            latest_max = {}
            for s in range(args.services):
                svc = f"svc{s}"
                bad = s % 10 == 0
                if bad:
                    failing.add(svc)
                for i in range(args.instances):
                    labels = f'service="{svc}", instance="i{i}"'
                    f.write(f"      - series: 'requests_total{{{labels}}}'\n        values: '0+{10 + i}x{steps}'\n")
                    errors = (1 + i) if bad else 0
                    f.write(f"      - series: 'errors_total{{{labels}}}'\n        values: '0+{errors}x{steps}'\n")
                    if (s + i) % 17 == 0:
                        half = steps // 2
                        f.write(f"      - series: 'up{{{labels}}}'\n        values: '1x{half} 0x{steps - half - 1}'\n")
                        down.add((svc, f"i{i}"))
                    else:
                        f.write(f"      - series: 'up{{{labels}}}'\n        values: '1x{steps}'\n")
                    values = [f"{random.uniform(0.01, 2):.3f}" for _ in range(steps + 1)]
                    # The last hour, as (end - 1h, end] selects it.
                    last_hour = max(float(v) for v in values[steps - 239:])
                    latest_max[s] = max(latest_max.get(s, 0.0), last_hour)
                    gauge = " ".join(values)
                    f.write(f"      - series: 'latency_seconds{{{labels}}}'\n        values: '{gauge}'\n")
            f.write("    alert_rule_test:\n")
            for minute in (30, end_minutes):
                f.write(f"      - eval_time: {minute}m\n        alertname: HighErrorRatio\n        exp_alerts:\n")
                for svc in sorted(failing):
                    f.write(f"          - exp_labels: {{service: {svc}, severity: page}}\n")
                    f.write(f"            exp_annotations: {{summary: {svc} fails}}\n")
                f.write(f"      - eval_time: {minute}m\n        alertname: InstanceDown\n")
                expected = sorted(down) if minute >= end_minutes else []
                if not expected:
                    f.write("        exp_alerts: []\n")
                    continue
                f.write("        exp_alerts:\n")
                for svc, inst in expected:
                    f.write(f"          - exp_labels: {{service: {svc}, instance: {inst}, severity: ticket}}\n")
                    f.write(f"            exp_annotations: {{summary: {inst} down}}\n")
            f.write("    promql_expr_test:\n")
            for s in range(0, args.services, max(1, args.services // 20)):
                rate = sum(10 + i for i in range(args.instances)) / 15
                f.write(f"      - expr: round(service:requests:rate5m{{service=\"svc{s}\"}} * 100)\n"
                        f"        eval_time: {end_minutes}m\n        exp_samples:\n"
                        f"          - labels: '{{service=\"svc{s}\"}}'\n"
                        f"            value: {round(rate * 100)}\n")
                f.write(f"      - expr: max by (service) (max_over_time(latency_seconds{{service=\"svc{s}\"}}[1h]))\n"
                        f"        eval_time: {end_minutes}m\n        exp_samples:\n"
                        f"          - labels: '{{service=\"svc{s}\"}}'\n            value: {latest_max[s]}\n")
    print(f"wrote {args.out}/rules.yml ({args.services * 4} rules) and {args.out}/tests.yml "
          f"({args.groups} group(s), {args.services * args.instances * 4} series, "
          f"{args.services * args.instances * 4 * (steps + 1) * args.groups} samples)")


if __name__ == "__main__":
    main()
