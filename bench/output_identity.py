#!/usr/bin/env python3
"""Byte-for-byte comparison of two hlint binaries' output (prints a verdict;
not a test): every output format, plus --statistics, on each input given,
with `--offline --config /dev/null` and -j 2. Used to show that a speed
change did not change a single finding or byte of any report.

usage: bench/output_identity.py OLD_HLINT NEW_HLINT INPUT... [--formats text,json,...]
"""
import argparse
import os
import subprocess
import sys
import tempfile

FORMATS = "text,concise,json,sarif,github,rdjson,gitlab,junit,documents,html"


def run(hlint, fmt, inputs, extra):
    with tempfile.NamedTemporaryFile(suffix="." + fmt) as out:
        proc = subprocess.run([hlint, "--offline", "--config", os.devnull, "--format", fmt, "-j", "2", "--color",
                               "never", "-o", out.name] + extra + inputs, capture_output=True)
        with open(out.name, "rb") as f:
            return proc.returncode, f.read(), proc.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--formats", default=FORMATS)
    args = parser.parse_args()
    different = 0
    for fmt in args.formats.split(","):
        for extra in ([], ["--statistics"]) if fmt in ("text", "json") else ([],):
            old = run(args.old, fmt, args.inputs, extra)
            new = run(args.new, fmt, args.inputs, extra)
            same = old[:2] == new[:2]
            different += not same
            label = fmt + (" --statistics" if extra else "")
            print(f"  {label:20} {'identical' if same else 'DIFFERENT'}  ({len(new[1]):,} bytes, exit {new[0]})")
            if not same and old[0] != new[0]:
                print(f"    exit codes {old[0]} / {new[0]}; stderr: {new[2][-300:]!r}")
    print("identical in every format" if different == 0 else f"{different} outputs differ")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
