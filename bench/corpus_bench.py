#!/usr/bin/env python3
"""Offline throughput benchmark (prints numbers; not a test).

Generates corpora of 10,000 and 100,000 documents shaped like the seeds and
runs `hlint --offline` over each with all cores, -j 1 and -j 2, printing
documents/s, MB/s and peak RSS, next to tidy-html5 alone parsing the same HTML
bodies (the floor this design sets) and tidy-html5 with yaml-cpp loading the
front matters (the two parsers the design prescribes). Each run is repeated (--repeat) and the
fastest is printed with the slowest beside it: on a shared machine the spread
is the noise, the fastest is the closest to the machine's real speed. Every
format is timed at every thread count (--jobs), and each run is set against
tidy alone at the same thread count, in wall time and in CPU time (user +
system: on a busy machine, where other work takes the cores, the CPU time
moves less than the wall time).

usage: bench/corpus_bench.py [BUILD_DIR] [--hlint BINARY] [--sizes 10000,100000] [--work DIR]
                             [--repeat 3] [--formats text,json,sarif] [--jobs 2,1]
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def measure(cmd):
    """Runs cmd; returns (wall seconds, CPU seconds (user + system), peak RSS in MiB, stdout) of that child."""
    # A fresh python for each run so the rusage is this child's alone.
    wrapper = ("import resource,subprocess,sys,json;"
               "p=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE,stderr=subprocess.DEVNULL);"
               "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
               "print(json.dumps([u.ru_utime+u.ru_stime,u.ru_maxrss,p.stdout.decode()]))")
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-c", wrapper] + cmd, capture_output=True, text=True, check=True).stdout
    seconds = time.monotonic() - start
    cpu, rss, stdout = json.loads(out)
    return seconds, cpu, rss / 1024.0, stdout


def corpus_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--hlint", help="the hlint binary (default: BUILD_DIR/src/hlint)")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--work", default="/tmp/hlint-bench")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is printed")
    parser.add_argument("--formats", default="text,json,sarif", help="output formats, each timed at every --jobs")
    parser.add_argument("--jobs", default=f"{os.cpu_count()},1", help="thread counts, e.g. 2,1")
    args = parser.parse_args()
    hlint = args.hlint or os.path.join(args.build_dir, "src", "hlint")
    floor = os.path.join(args.build_dir, "bench", "hlint_tidy_floor")
    seeds = os.path.join(ROOT, "fixtures", "sample")
    seed_dir = os.path.join(args.work, "seeds")
    os.makedirs(seed_dir, exist_ok=True)
    for name in sorted(os.listdir(seeds))[:5]:  # the user's five seed documents
        with open(os.path.join(seeds, name), "rb") as src, open(os.path.join(seed_dir, name), "wb") as dst:
            dst.write(src.read())
    jobs_list = [int(j) for j in args.jobs.split(",")]
    formats = args.formats.split(",")
    print(f"hlint offline benchmark on {os.cpu_count()} cores: {hlint}")
    print("(wall: the fastest of the runs, the slowest beside it; CPU: user + system seconds of the fastest run;"
          " x tidy: against tidy-html5 alone on the same bodies with the same threads, in wall and in CPU time)")
    for size in [int(s) for s in args.sizes.split(",")]:
        corpus = os.path.join(args.work, f"corpus-{size}")
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "make_corpus.py"), seed_dir, corpus, str(size)],
                           check=True)
        mb = corpus_bytes(corpus) / 1e6
        print(f"\n{size} documents, {mb:.1f} MB")
        # One untimed run first, so every timed run finds the corpus in the page cache.
        subprocess.run([hlint, "--offline", "--config", os.devnull, "-o", os.devnull, corpus],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        floors = {}
        for jobs in jobs_list:
            for variant in ([], ["--yaml"]):
                runs = [measure([floor, str(jobs), corpus] + variant) for _ in range(args.repeat)]
                best = min(runs, key=lambda r: r[0])
                html_files, html_bytes = int(best[3].split()[1]), int(best[3].split()[2])
                floors[(jobs, bool(variant))] = (best[0], max(r[0] for r in runs), best[1])
            wall, slowest, cpu = floors[(jobs, False)]
            print(f"  tidy-html5 alone -j {jobs} on the {html_files} HTML bodies ({html_bytes / 1e6:.1f} MB): "
                  f"{wall:.2f} s (slowest {slowest:.2f}), CPU {cpu:.2f} s")
            ywall, yslowest, ycpu = floors[(jobs, True)]
            print(f"  tidy-html5 and yaml-cpp (the front matters too) -j {jobs}: {ywall:.2f} s "
                  f"(slowest {yslowest:.2f}), CPU {ycpu:.2f} s: {ywall / wall:.2f}x tidy alone")
        for jobs in jobs_list:
            tidy_wall, _, tidy_cpu = floors[(jobs, False)]
            for fmt in formats:
                runs = [measure([hlint, "--offline", "--config", os.devnull, "--format", fmt, "-j", str(jobs),
                                 "-o", os.devnull, corpus]) for _ in range(args.repeat)]
                best = min(runs, key=lambda r: r[0])
                seconds, cpu = best[0], best[1]
                slowest = max(r[0] for r in runs)
                rss = max(r[2] for r in runs)
                print(f"  hlint --format {fmt:5} -j {jobs}: {seconds:7.2f} s (slowest {slowest:.2f})  "
                      f"{size / seconds:7.0f} docs/s  {mb / seconds:6.1f} MB/s  CPU {cpu:6.2f} s  "
                      f"peak RSS {rss:6.1f} MiB  {seconds / tidy_wall:.2f}x tidy (CPU {cpu / tidy_cpu:.2f}x)")


if __name__ == "__main__":
    main()
