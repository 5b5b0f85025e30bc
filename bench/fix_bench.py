#!/usr/bin/env python3
"""--fix benchmark (prints numbers; not a test): over N generated documents
(the bench corpus, with GBK, UTF-16 and CRLF files mixed in: fix_check.py),
times `hlint --offline` (the lint) and `hlint --fix` on a fresh copy, with
their peak RSS, then checks the result: every byte outside the reported
edits is the original's, a re-lint finds no safe fix left, and a second
--fix changes no byte (and how long it takes).

usage: bench/fix_bench.py [BUILD_DIR] [--count 100000] [--work DIR] [--jobs N]
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fix_check  # noqa: E402


def timed(cmd, cwd, stdout_path=None):
    """Runs cmd; returns (seconds, peak RSS in MiB, stderr)."""
    wrapper = ("import resource,subprocess,sys;"
               "out=open(sys.argv[1],'wb') if sys.argv[1] else subprocess.DEVNULL;"
               "p=subprocess.run(sys.argv[2:],stdout=out,stderr=subprocess.PIPE);"
               "sys.stderr.buffer.write(p.stderr);"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", wrapper, stdout_path or ""] + cmd, cwd=cwd, capture_output=True,
                          text=True)
    seconds = time.monotonic() - start
    return seconds, int(proc.stdout.strip()) / 1024.0, proc.stderr


def digest(directory):
    h = hashlib.sha256()
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        for name in sorted(names):
            with open(os.path.join(root, name), "rb") as f:
                h.update(name.encode() + f.read())
    return h.hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--work", default=None)
    parser.add_argument("--jobs", default=None)
    args = parser.parse_args()
    hlint = os.path.join(args.build_dir, "src", "hlint")
    work = args.work or tempfile.mkdtemp(prefix="hlint-fix-bench-")
    jobs = ["-j", args.jobs] if args.jobs else []
    try:
        original = os.path.join(work, "original")
        if not os.path.isdir(original):
            fix_check.make_corpus(ROOT, original, args.count, work)
        corpus = os.path.join(work, "corpus")
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.copytree(original, corpus)
        findings_json = os.path.join(work, "findings.json")
        lint_s, lint_rss, _ = timed([hlint, "--offline", "--no-cache", "--format", "json"] + jobs + ["corpus"], work,
                                    findings_json)
        # Both runs write their JSON report to a file: the same output cost.
        fix_s, fix_rss, fix_err = timed([hlint, "--fix", "--offline", "--no-cache", "--format", "json"] + jobs +
                                        ["corpus"], work, os.path.join(work, "remaining.json"))
        summary = [line for line in fix_err.splitlines() if line.startswith("Fixed")]
        print(f"{args.count} documents")
        print(f"  lint:  {lint_s:7.1f} s, peak RSS {lint_rss:6.0f} MiB")
        print(f"  --fix: {fix_s:7.1f} s, peak RSS {fix_rss:6.0f} MiB  ({fix_s / lint_s:.2f}x the lint)")
        print(f"  {summary[-1] if summary else fix_err[-300:]}")
        files, changed, bad, problems = fix_check.check(original, corpus, findings_json, ("safe",), "corpus")
        print(f"  bytes outside the edits: {files} files, {changed} changed, {bad} changed outside their edits")
        for p in problems[:10]:
            print("   ", p)
        relint = os.path.join(work, "relint.json")
        timed([hlint, "--offline", "--no-cache", "--format", "json"] + jobs + ["corpus"], work, relint)
        left = sum(1 for x in fix_check.findings_with_fixes(relint) if x["fix"].get("applicability") == "safe")
        print(f"  safe fixes left after --fix: {left}")
        before = digest(corpus)
        again_s, again_rss, again_err = timed([hlint, "--fix", "--offline", "--no-cache", "--format", "json"] + jobs +
                                              ["corpus"], work)
        print(f"  second --fix: {again_s:.1f} s, peak RSS {again_rss:.0f} MiB, "
              f"{'no byte changed' if digest(corpus) == before else 'FILES CHANGED'}")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
