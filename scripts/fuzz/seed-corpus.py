#!/usr/bin/env python3
"""Seeds the fuzz corpora from Prometheus's conformance scripts (read from ../shared, never copied into the
repository): eval expressions for `promql`, load lines for `series`, promtool fixtures for `yaml`."""
import glob, os, re, sys

shared, out = sys.argv[1], sys.argv[2]
count = 0
def write(target, text):
    global count
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, f"seed{count}"), "w") as f:
        f.write(text)
    count += 1

for path in glob.glob(os.path.join(shared, "conformance/promql/*.test")):
    for line in open(path):
        m = re.match(r"\s*eval(?:_\w+)?\s+(?:instant at \S+|range from \S+ to \S+ step \S+)\s+(.*)", line)
        if m:
            write("promql", m.group(1))
        elif line.startswith("  ") and line.strip() and not line.strip().startswith(("expect", "#")):
            write("series", line.strip())
for path in glob.glob(os.path.join(shared, "conformance/promtool/testdata/*.yml")):
    write("yaml", open(path).read())
print(f"seeded {count} inputs")
