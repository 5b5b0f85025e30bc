#!/usr/bin/env python3
"""hlint against tidy-html5 alone, in pairs (prints numbers; not a test).

On a shared VM the machine's speed moves by 20-40% from one minute to the
next, so a ratio of two times measured minutes apart says little. Here each
hlint run is paired with a tidy-alone run (`bench/tidy_floor.cpp`) made just
before it on the same corpus with the same threads, the order alternating
from pair to pair, and the ratio of each pair is kept: the median of the
pairs' ratios is the number, with the lowest and highest beside it, and the
fastest times of each side.

usage: bench/paired_ratio.py [BUILD_DIR] [--hlint BINARY] [--corpus DIR] [--pairs 7]
                             [--formats text,json,sarif] [--jobs 2,1]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def wall(cmd):
    start = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--hlint", help="the hlint binary (default: BUILD_DIR/src/hlint)")
    parser.add_argument("--corpus", default="/tmp/hlint-bench/corpus-10000",
                        help="made by bench/corpus_bench.py (or bench/make_corpus.py)")
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--formats", default="text,json,sarif")
    parser.add_argument("--jobs", default="2,1")
    args = parser.parse_args()
    hlint = args.hlint or os.path.join(args.build_dir, "src", "hlint")
    floor = os.path.join(args.build_dir, "bench", "hlint_tidy_floor")
    if not os.path.isdir(args.corpus):
        sys.exit(f"no corpus at {args.corpus}: run bench/corpus_bench.py first, or bench/make_corpus.py")
    print(f"{hlint} against tidy-html5 alone on {args.corpus}, {args.pairs} pairs each, order alternating")
    for jobs in [int(j) for j in args.jobs.split(",")]:
        tidy_cmd = [floor, str(jobs), args.corpus]
        wall(tidy_cmd)  # warm-up: the corpus in the page cache
        for fmt in args.formats.split(","):
            hlint_cmd = [hlint, "--offline", "--config", os.devnull, "--format", fmt, "-j", str(jobs), "-o",
                         os.devnull, args.corpus]
            wall(hlint_cmd)
            ratios, tidy_times, hlint_times = [], [], []
            for k in range(args.pairs):
                if k % 2 == 0:
                    t = wall(tidy_cmd)
                    h = wall(hlint_cmd)
                else:
                    h = wall(hlint_cmd)
                    t = wall(tidy_cmd)
                tidy_times.append(t)
                hlint_times.append(h)
                ratios.append(h / t)
            print(f"  -j {jobs} {fmt:5}: median {statistics.median(ratios):.2f}x tidy "
                  f"(pairs {min(ratios):.2f}-{max(ratios):.2f}); fastest hlint {min(hlint_times):.2f} s, "
                  f"tidy {min(tidy_times):.2f} s; ratio of the fastest {min(hlint_times) / min(tidy_times):.2f}x")


if __name__ == "__main__":
    main()
