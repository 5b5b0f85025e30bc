#!/usr/bin/env python3
"""Offline throughput benchmark (prints numbers; not a test).

Generates corpora of 10,000 and 100,000 documents shaped like the seeds and
runs `hlint --offline` over each with all cores, -j 1 and -j 2, printing
documents/s, MB/s and peak RSS, next to tidy-html5 alone parsing the same HTML
bodies (the floor this design sets) and tidy-html5 with yaml-cpp loading the
front matters (the two parsers the design prescribes). Each run is repeated (--repeat) and the
fastest is printed with the slowest beside it: on a shared machine the spread
is the noise, the fastest is the closest to the machine's real speed. The
output formats after the first (--formats) are timed with all cores.

usage: bench/corpus_bench.py [BUILD_DIR] [--sizes 10000,100000] [--work DIR]
                             [--repeat 3] [--formats text,json,sarif]
"""
import argparse
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def peak_rss_of(cmd):
    """Runs cmd, returns (seconds, peak RSS in MiB of that child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    # A fresh python for each run so ru_maxrss is this child's alone.
    wrapper = ("import resource,subprocess,sys;"
               "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", wrapper] + cmd, capture_output=True, text=True, check=True).stdout
    seconds = time.monotonic() - start
    del before
    return seconds, int(out.strip()) / 1024.0


def corpus_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--work", default="/tmp/hlint-bench")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is printed")
    parser.add_argument("--formats", default="text,json,sarif",
                        help="output formats; the first is timed with all cores, -j 1 and -j 2, the others with all cores")
    args = parser.parse_args()
    hlint = os.path.join(args.build_dir, "src", "hlint")
    floor = os.path.join(args.build_dir, "bench", "hlint_tidy_floor")
    seeds = os.path.join(ROOT, "fixtures", "sample")
    seed_dir = os.path.join(args.work, "seeds")
    os.makedirs(seed_dir, exist_ok=True)
    for name in sorted(os.listdir(seeds))[:5]:  # the user's five seed documents
        with open(os.path.join(seeds, name), "rb") as src, open(os.path.join(seed_dir, name), "wb") as dst:
            dst.write(src.read())
    cores = os.cpu_count()
    print(f"hlint offline benchmark on {cores} cores")
    for size in [int(s) for s in args.sizes.split(",")]:
        corpus = os.path.join(args.work, f"corpus-{size}")
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "make_corpus.py"), seed_dir, corpus, str(size)],
                           check=True)
        mb = corpus_bytes(corpus) / 1e6
        print(f"\n{size} documents, {mb:.1f} MB")
        formats = args.formats.split(",")
        # One untimed run first, so every timed run finds the corpus in the page cache.
        subprocess.run([hlint, "--offline", "--config", os.devnull, "-o", os.devnull, corpus],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs = [(formats[0], jobs) for jobs in (cores, 1, 2)] + [(fmt, cores) for fmt in formats[1:]]
        all_cores_seconds = None
        for fmt, jobs in runs:
            measured = [peak_rss_of([hlint, "--offline", "--config", os.devnull, "--format", fmt, "-j", str(jobs),
                                     "-o", os.devnull, corpus]) for _ in range(args.repeat)]
            seconds = min(s for s, _ in measured)
            slowest = max(s for s, _ in measured)
            rss = max(r for _, r in measured)
            if all_cores_seconds is None:
                all_cores_seconds = seconds
            print(f"  hlint --format {fmt:5} -j {jobs}: {seconds:7.2f} s (slowest {slowest:.2f})  "
                  f"{size / seconds:7.0f} docs/s  {mb / seconds:6.1f} MB/s  peak RSS {rss:6.1f} MiB")
        floors = {}
        for variant in ([], ["--yaml"]):
            runs = []
            for _ in range(args.repeat):
                out = subprocess.run([floor, str(cores), corpus] + variant, capture_output=True, text=True,
                                     check=True).stdout.split()
                runs.append((float(out[0]), int(out[1]), int(out[2])))
            floors[bool(variant)] = (min(runs), max(runs)[0])
        (tidy_seconds, html_files, html_bytes), tidy_slowest = floors[False]
        (parsers_seconds, _, _), parsers_slowest = floors[True]
        print(f"  tidy-html5 alone -j {cores} on the {html_files} HTML bodies ({html_bytes / 1e6:.1f} MB): "
              f"{tidy_seconds:.2f} s (slowest {tidy_slowest:.2f}); "
              f"hlint --format {formats[0]} -j {cores} takes {all_cores_seconds / tidy_seconds:.2f}x that")
        print(f"  tidy-html5 and yaml-cpp (the front matters too) -j {cores}: {parsers_seconds:.2f} s "
              f"(slowest {parsers_slowest:.2f}), {parsers_seconds / tidy_seconds:.2f}x tidy alone; "
              f"hlint takes {all_cores_seconds / parsers_seconds:.2f}x that")

if __name__ == "__main__":
    main()
