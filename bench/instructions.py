#!/usr/bin/env python3
"""Deterministic cost: instructions per document (prints numbers; not a test).

Wall time on a shared 2-core VM varies by 10-30% from run to run; the number
of instructions hlint executes does not. This runs `hlint -j 1 --offline`
under valgrind's callgrind over a sample of documents and prints the
instructions per document of the model alone (only document/empty enabled)
and of the rules on top of it. One-time costs (start-up, building phrase
matchers) are removed by subtracting a run over the first document alone.

usage: bench/instructions.py [BUILD_DIR] [--corpus DIR] [--documents 300] [--rules a,b|all]
needs: valgrind (Debian package `valgrind`)
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def instructions(hlint, corpus, extra):
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", hlint, "--offline", "--config",
           os.devnull, "--format", "json", "-j", "1", "-o", os.devnull] + extra + [corpus]
    err = subprocess.run(cmd, capture_output=True, text=True).stderr
    match = re.search(r"I\s+refs:\s+([\d,]+)", err)
    if not match:
        sys.exit("valgrind printed no instruction count:\n" + err[-2000:])
    return int(match.group(1).replace(",", ""))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--corpus", default="/tmp/hlint-bench/corpus-10000/0000",
                        help="a directory of documents (bench/make_corpus.py makes one)")
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--rules", default="all", help="comma-separated rule ids, or all")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    hlint = os.path.join(args.build_dir, "src", "hlint")
    names = sorted(os.listdir(args.corpus))[: args.documents]
    with tempfile.TemporaryDirectory() as many, tempfile.TemporaryDirectory() as one:
        for name in names:
            shutil.copy(os.path.join(args.corpus, name), many)
        shutil.copy(os.path.join(args.corpus, names[0]), one)
        model = ["--select", "document/empty"]
        rules = [] if args.rules == "all" else model + [a for r in args.rules.split(",") for a in ("--select", r)]

        def per_document(extra):
            return (instructions(hlint, many, extra) - instructions(hlint, one, extra)) / (len(names) - 1)

        model_cost = per_document(model)
        with_rules = per_document(rules)
    print(f"{len(names)} documents from {args.corpus}, -j 1, instructions per document (one-time costs removed)")
    print(f"  model only (document/empty): {model_cost:12,.0f}")
    print(f"  {args.rules} on top:{'':{max(1, 17 - len(args.rules))}}{with_rules - model_cost:12,.0f}")
    print(f"  total:                       {with_rules:12,.0f}")


if __name__ == "__main__":
    main()
