#!/usr/bin/env python3
"""Measures the worst documents the fuzzer can make, one at a time, to set its limits
(--timeout, --max-rss-mb) from numbers rather than guesses (issue 18). Prints the wall time and peak
memory of one hlint run per shape, at the largest size mutate.py inserts, in every format the fuzzer
uses; run it against the sanitized build, as CI fuzzes with that one.

  python3 tests/fuzz/worst_case.py --hlint build-asan/src/hlint
"""
import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_shapes  # noqa: E402
import mutate  # noqa: E402


def shapes():
    rng = random.Random(0)
    for name, make in sorted(hostile_shapes.SHAPES.items()):
        yield name, make(400_000)  # the largest size mutate.hostile_shape uses
    yield "deep-nesting-20000", b"<div>" * 20000 + "深".encode()
    yield "huge-attribute-1MiB", b'<p><img src="' + b"a" * (1 << 20) + b'"></p>'
    yield "long-line-1MiB-spaces", b" " * (1 << 20)
    yield "long-line-1MiB-han", "字".encode() * ((1 << 20) // 3)
    yield "long-yaml-key-300K", b"---\n" + b"k" * 300_000 + b": v\ntitle: t\n---\n<p>x</p>\n"
    yield "billion-laughs-12x10", mutate.billion_laughs(12, 10)
    del rng


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hlint", required=True)
    parser.add_argument("--formats", default=",".join(mutate.FORMATS))
    args = parser.parse_args()
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    worst_time, worst_rss = (0.0, ""), (0, "")
    with tempfile.TemporaryDirectory(prefix="hlint-worst-") as work:
        for name, data in shapes():
            path = os.path.join(work, name + ".txt")
            with open(path, "wb") as out:
                out.write(data)
            for fmt in args.formats.split(","):
                started = time.monotonic()
                proc = subprocess.Popen([args.hlint, "--offline", "--config", os.devnull, "--format", fmt, "-j", "2",
                                         "-o", os.devnull, path], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env=env)
                _, status, usage = os.wait4(proc.pid, 0)
                seconds = time.monotonic() - started
                rss_mb = usage.ru_maxrss // 1024
                print(f"{name:28s} {fmt:7s} {seconds:7.2f} s {rss_mb:6d} MB  exit {os.waitstatus_to_exitcode(status)}",
                      flush=True)
                worst_time = max(worst_time, (seconds, f"{name} {fmt}"))
                worst_rss = max(worst_rss, (rss_mb, f"{name} {fmt}"))
    print(f"worst time: {worst_time[0]:.2f} s ({worst_time[1]}); worst peak memory: {worst_rss[0]} MB ({worst_rss[1]})")


if __name__ == "__main__":
    main()
