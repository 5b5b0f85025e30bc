#!/usr/bin/env python3
"""Scale bench: does any rule or parser stage take superlinear time? (prints
numbers; not a test: timings belong to a quiet machine, not to ctest).

Every adversarial shape of issue 18 (and a few more) is generated at two sizes,
N and 2N bytes. For each shape, hlint runs once per rule (`--select RULE`,
`-j 1 --offline`, its own empty config) on each size; the CPU time of the
child (user + sys, the median of --repeat runs: a shared machine adds noise in
both directions, not only time) at 2N is divided by the time at N.
A linear rule prints about 2; the budget is 2.5 per doubling. The model (the
decoding, the HTML scan, tidy, the DOM, the YAML) is built for every rule, so
a superlinear parser stage shows up in every rule of its shape.

usage: bench/scale_bench.py [BUILD_DIR] [--size 400000] [--repeat 3]
                            [--shapes a,b] [--rules x,y] [--budget 2.5]
exits 1 when some ratio is over the budget. Ends with a Markdown table, one row
per shape: the model's own ratio, the median and the worst ratio over the rules.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "fuzz"))
import hostile_shapes  # noqa: E402  (the same generators feed the fuzzer)


def cpu_seconds(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--size", type=int, default=400_000, help="the smaller size, in bytes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per rule and size; the median counts")
    parser.add_argument("--shapes", default="", help="comma-separated shape names (default: all)")
    parser.add_argument("--rules", default="", help="comma-separated rule ids (default: every rule)")
    parser.add_argument("--budget", type=float, default=2.5)
    parser.add_argument("--hlint", default="", help="the binary (default: BUILD_DIR/src/hlint)")
    args = parser.parse_args()
    hlint = args.hlint or os.path.join(args.build_dir, "src", "hlint")
    listed = subprocess.run([hlint, "--list-rules"], capture_output=True, text=True, check=True).stdout.split("\n")
    rules = args.rules.split(",") if args.rules else [line.split()[0] for line in listed if "/" in line[:40]]
    shapes = hostile_shapes.SHAPES
    if args.shapes:
        wanted = set(args.shapes.split(","))
        shapes = {name: make for name, make in shapes.items() if name in wanted}

    worst = (0.0, "", "")
    over = []
    by_shape = {}  # shape -> [(rule, ratio)], the model alone first
    with tempfile.TemporaryDirectory(prefix="hlint-scale-") as work:
        config = os.path.join(work, "empty.yaml")
        open(config, "w").close()
        base = [hlint, "--offline", "--config", config, "--format", "json", "-j", "1", "-o", os.devnull,
                "--max-file-size", "1G"]
        print(f"sizes {args.size} and {2 * args.size} bytes, -j 1, CPU seconds, median of {args.repeat}; "
              f"budget {args.budget}x per doubling")
        for shape, make in shapes.items():
            files = []
            for size in (args.size, 2 * args.size):
                path = os.path.join(work, f"{shape}-{size}.txt")
                with open(path, "wb") as out:
                    out.write(make(size))
                files.append(path)
            print(f"\n{shape}: {hostile_shapes.DESCRIPTIONS[shape]}")
            for rule in ["(model only: document/empty)"] + rules:
                select = ["--select", "document/empty"] if rule.startswith("(") else ["--select", rule]
                times = [statistics.median(cpu_seconds(base + select + [f]) for _ in range(args.repeat)) for f in files]
                # Below 20 ms the ratio is noise (start-up dominates): floor it.
                ratio = max(times[1], 0.02) / max(times[0], 0.02)
                mark = "  OVER" if ratio > args.budget else ""
                print(f"  {rule:34s} {times[0]:7.3f} s {times[1]:7.3f} s  x{ratio:4.2f}{mark}", flush=True)
                by_shape.setdefault(shape, []).append((rule, ratio, times))
                if ratio > worst[0]:
                    worst = (ratio, shape, rule)
                if ratio > args.budget:
                    over.append((shape, rule, ratio))
    print("\n| shape | model N → 2N (s) | model | median over rules | worst rule | worst |")
    print("| --- | --- | --- | --- | --- | --- |")
    for shape, results in by_shape.items():
        model_times, model_ratio = results[0][2], results[0][1]
        rule_results = results[1:] or results
        median = statistics.median(ratio for _, ratio, _ in rule_results)
        rule, ratio, _ = max(rule_results, key=lambda result: result[1])
        print(f"| {shape} | {model_times[0]:.3f} → {model_times[1]:.3f} | ×{model_ratio:.2f} | ×{median:.2f} "
              f"| {rule} | ×{ratio:.2f} |")
    print(f"\nworst ratio: x{worst[0]:.2f} ({worst[1]}, {worst[2]})")
    for shape, rule, ratio in over:
        print(f"over budget: {shape} {rule} x{ratio:.2f}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
