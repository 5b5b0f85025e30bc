#!/usr/bin/env python3
"""Cost of the corpus audit formats (prints numbers; not a test).

Generates the bench corpus (bench/make_corpus.py, shaped like the user's
five seed documents) at each size and times hlint --offline with
--format json (the reference), --format html, --format documents and
--statistics, each run --repeat times (the fastest is printed beside the
slowest: on a shared machine the spread is the noise). Prints the HTML
report's extra time over JSON (the budget is 15%), its size (budget
10 MB) and every run's peak RSS, at two sizes so that flat memory shows.

usage: bench/audit_bench.py [BUILD_DIR] [--sizes 10000,100000] [--work DIR] [--repeat 3] [-j N]

Times are wall and CPU (user + system) seconds; on a shared machine CPU time is
the steadier measure of the extra work.
"""
import argparse
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def measure(cmd):
    """Runs cmd (stdout discarded); returns (wall seconds, CPU seconds, peak RSS in MiB) of that child."""
    wrapper = ("import resource,subprocess,sys;"
               "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
               "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
               "print(u.ru_utime+u.ru_stime,u.ru_maxrss)")
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-c", wrapper] + cmd, capture_output=True, text=True, check=True).stdout
    cpu, rss = out.split()
    return time.monotonic() - start, float(cpu), int(rss) / 1024.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--work", default="/tmp/hlint-bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    hlint = os.path.join(args.build_dir, "src", "hlint")
    seed_dir = os.path.join(args.work, "seeds")
    os.makedirs(seed_dir, exist_ok=True)
    samples = os.path.join(ROOT, "fixtures", "sample")
    for name in sorted(os.listdir(samples))[:5]:  # the user's five seed documents
        with open(os.path.join(samples, name), "rb") as src, open(os.path.join(seed_dir, name), "wb") as dst:
            dst.write(src.read())
    print(f"hlint audit formats benchmark, -j {args.jobs} ({os.cpu_count()} cores), fastest of {args.repeat}")
    for size in [int(s) for s in args.sizes.split(",")]:
        corpus = os.path.join(args.work, f"corpus-{size}")
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "make_corpus.py"), seed_dir, corpus, str(size)],
                           check=True)
        report = os.path.join(args.work, f"report-{size}.html")
        base = [hlint, "--offline", "--no-cache", "--config", os.devnull, "-j", str(args.jobs)]
        variants = [
            ("--format json", ["--format", "json", "-o", os.devnull]),
            ("--format html", ["--format", "html", "-o", report]),
            ("--format documents", ["--format", "documents", "-o", os.devnull]),
            ("--statistics", ["--statistics", "-o", os.devnull]),
            ("--format json --report html=", ["--format", "json", "-o", os.devnull, "--report", f"html={report}"]),
        ]
        # One untimed run first, so every timed run finds the corpus in the page cache.
        subprocess.run(base + ["-o", os.devnull, corpus], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"\n{size} documents")
        results = {name: [] for name, _ in variants}
        # Interleaved, so that a burst of load on the machine hits every variant alike.
        for _ in range(args.repeat):
            for name, extra in variants:
                results[name].append(measure(base + extra + [corpus]))
        for name, runs in results.items():
            fastest, slowest = min(r[0] for r in runs), max(r[0] for r in runs)
            cpu, rss = min(r[1] for r in runs), max(r[2] for r in runs)
            print(f"  {name:30} {fastest:7.2f} s wall (slowest {slowest:6.2f})  {cpu:7.2f} s CPU  "
                  f"peak RSS {rss:6.1f} MiB")
        # CPU time is the fairer comparison on a loaded machine (wall time
        # also counts the other processes' turns); both are printed.
        for index, what in ((0, "wall"), (1, "CPU")):
            json_best = min(r[index] for r in results["--format json"])
            html_best = min(r[index] for r in results["--format html"])
            print(f"  HTML report: {100.0 * (html_best / json_best - 1):+.1f}% {what} time over --format json "
                  f"(budget +15%)")
        print(f"  HTML report size: {os.path.getsize(report) / 1e6:.2f} MB (budget 10 MB)")


if __name__ == "__main__":
    main()
