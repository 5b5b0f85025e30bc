#!/usr/bin/env python3
"""CPU cost of each rule (prints numbers; not a test).

Runs `hlint -j 1 --offline` over a directory once with no rule but
document/empty (the cost of loading the model and writing nothing), then once
per rule with that rule added, and prints the CPU time each rule adds, per
document. CPU time (user + sys of the child) rather than wall time, the best
of --repeat runs, so the numbers survive a busy machine better.

usage: bench/rule_cost.py [BUILD_DIR] [--corpus DIR] [--repeat 3] [--rules a,b]
"""
import argparse
import os
import resource
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def cpu_seconds(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--corpus", default="/tmp/hlint-bench/corpus-10000/0000",
                        help="a directory of documents (bench/make_corpus.py makes one)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rules", default="", help="comma-separated rule ids (default: every rule)")
    parser.add_argument("--format", default="json")
    args = parser.parse_args()
    hlint = os.path.join(args.build_dir, "src", "hlint")
    docs = sum(len(files) for _, _, files in os.walk(args.corpus))
    base_cmd = [hlint, "--offline", "--config", os.devnull, "--format", args.format, "-j", "1", "-o", os.devnull]

    def best(extra):
        return min(cpu_seconds(base_cmd + extra + [args.corpus]) for _ in range(args.repeat))

    base = best(["--select", "document/empty"])
    everything = best([])
    listed = subprocess.run([hlint, "--list-rules"], capture_output=True, text=True, check=True).stdout.split("\n")
    rules = args.rules.split(",") if args.rules else [line.split()[0] for line in listed if "/" in line[:40]]
    print(f"{docs} documents in {args.corpus}, -j 1, best of {args.repeat}")
    print(f"  model only (document/empty): {base:6.2f} s  {base / docs * 1e6:7.0f} us/doc")
    print(f"  every rule:                  {everything:6.2f} s  {everything / docs * 1e6:7.0f} us/doc")
    costs = []
    for rule in rules:
        costs.append((best(["--select", "document/empty", "--select", rule]) - base, rule))
    for cost, rule in sorted(costs, reverse=True):
        print(f"  {rule:32s} {cost * 1e3:8.1f} ms  {cost / docs * 1e6:7.1f} us/doc")


if __name__ == "__main__":
    main()
