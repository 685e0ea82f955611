#!/usr/bin/env python3
"""Writes the engine benchmark's data set as OpenMetrics text (for `promtool tsdb create-blocks-from openmetrics`).

The same data is generated in Swift by Benchmarks/Sources/EngineComparison (EngineData.swift): counters
`x_total{job, instance}` and classic-histogram buckets `h_bucket{instance, le}`, `samples` points every 15 s
ending at `end` (Unix seconds). Usage: gen_openmetrics.py SERIES SAMPLES END OUT
"""
import sys

BUCKETS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"]

def main():
    series, samples, end, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    start = end - (samples - 1) * 15
    with open(out, "w") as f:
        f.write("# TYPE x counter\n")
        for i in range(series):
            step = 1 + i % 7
            labels = 'instance="i%d",job="j%d"' % (i, i % 10)
            for k in range(samples):
                f.write("x_total{%s} %d %d\n" % (labels, k * step, start + k * 15))
        f.write("# TYPE h histogram\n")
        for i in range(series // len(BUCKETS)):
            scale = 1 + i % 3
            for j, le in enumerate(BUCKETS):
                labels = 'instance="i%d",le="%s"' % (i, le)
                for k in range(samples):
                    f.write("h_bucket{%s} %d %d\n" % (labels, k * (j + 1) * scale, start + k * 15))
        f.write("# EOF\n")

main()
