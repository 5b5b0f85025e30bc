#!/usr/bin/env python3
"""Checks a `hlint --fix` run against the corpus as it was: every byte of each
fixed file outside the spans the fixes were reported on is identical to the
original. The spans come from `hlint --format json --unsafe-fixes`-style JSON of
the ORIGINAL corpus (byte offsets into the original files); a fixed file must
be, byte for byte, the original with only those spans replaced (by anything):
the parts between the spans must all be found, in order, the first at the
start and the last at the end.

  fix_check.py ORIGINAL_DIR FIXED_DIR FINDINGS.json [--unsafe] [--root PATH]

(--root: FIXED_DIR as spelled in the findings' paths, when hlint ran elsewhere;
--unsafe: the unsafe fixes were applied too.)

Prints the counts; exits 1 when a file differs outside its edits (or is missing).
"""
import json
import os
import sys


def findings_with_fixes(findings_json):
    """The findings that carry a fix, read one line at a time: hlint writes
    one finding per line, and a 100,000-document report is too large to load
    whole."""
    with open(findings_json, encoding="utf-8") as f:
        for line in f:
            line = line.strip().rstrip(",")
            if line.startswith("{\"") and "\"fix\":" in line:
                yield json.loads(line)


def kept_segments(data, spans):
    """The original bytes between the (merged) edit spans."""
    merged = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    segments, at = [], 0
    for begin, end in merged:
        segments.append(data[at:begin])
        at = end
    segments.append(data[at:])
    return segments


def only_edits_changed(original, fixed, spans):
    segments = kept_segments(original, spans)
    if len(segments) == 1:
        return original == fixed
    if not fixed.startswith(segments[0]) or not fixed.endswith(segments[-1]):
        return False
    at = len(segments[0])
    limit = len(fixed) - len(segments[-1])
    for segment in segments[1:-1]:
        found = fixed.find(segment, at, limit)
        if found < 0:
            return False
        at = found + len(segment)
    return at <= limit


def check(original_dir, fixed_dir, findings_json, applicabilities=("safe",), findings_root=None):
    """findings_root: FIXED_DIR as the findings' paths spell it (as given to hlint)."""
    findings_root = fixed_dir if findings_root is None else findings_root
    spans = {}
    for finding in findings_with_fixes(findings_json):
        fix = finding.get("fix")
        if not fix or fix.get("applicability") not in applicabilities:
            continue
        # An edit's span is the finding's own bytes; a fix that inserts at a
        # point marks that point.
        for edit in fix["edits"]:
            start = edit.get("byte_offset")
            end = edit.get("byte_end")
            if start is None:
                start, end = finding["byte_offset"], finding["byte_end"]
            spans.setdefault(os.path.normpath(finding["path"]), []).append((start, end))
    files = changed = bad = 0
    problems = []
    for root, _, names in os.walk(original_dir):
        for name in names:
            original_path = os.path.join(root, name)
            relative = os.path.relpath(original_path, original_dir)
            fixed_path = os.path.join(fixed_dir, relative)
            files += 1
            with open(original_path, "rb") as f:
                original = f.read()
            if not os.path.exists(fixed_path):
                bad += 1
                problems.append(f"{relative}: missing after --fix")
                continue
            with open(fixed_path, "rb") as f:
                fixed = f.read()
            if fixed == original:
                continue
            changed += 1
            file_spans = spans.get(os.path.normpath(os.path.join(findings_root, relative)), [])
            if not only_edits_changed(original, fixed, file_spans):
                bad += 1
                problems.append(f"{relative}: bytes outside the reported edits changed")
    return files, changed, bad, problems


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    applicabilities = ("safe", "unsafe") if "--unsafe" in sys.argv else ("safe",)
    root = sys.argv[sys.argv.index("--root") + 1] if "--root" in sys.argv else None
    files, changed, bad, problems = check(sys.argv[1], sys.argv[2], sys.argv[3], applicabilities, root)
    for p in problems[:50]:
        print(p)
    print(f"{files} files, {changed} changed, {bad} changed outside their edits or missing")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()


def make_corpus(root_dir, out_dir, count, work_dir):
    """The bench corpus (make_corpus.py from the five seeds) with every 7th
    document stored as GBK, every 11th as UTF-16LE with a BOM, every 13th as
    UTF-16BE with a BOM and every 5th with CRLF line breaks, so a fix run
    meets every encoding and line break hlint writes back."""
    import subprocess
    seeds = os.path.join(root_dir, "fixtures", "sample")
    seed_dir = os.path.join(work_dir, "seeds")
    os.makedirs(seed_dir, exist_ok=True)
    for name in sorted(os.listdir(seeds))[:5]:
        with open(os.path.join(seeds, name), "rb") as src, open(os.path.join(seed_dir, name), "wb") as dst:
            dst.write(src.read())
    subprocess.run([sys.executable, os.path.join(root_dir, "bench", "make_corpus.py"), seed_dir, out_dir, str(count)],
                   check=True)
    index = 0
    for root, _, names in sorted(os.walk(out_dir)):
        for name in sorted(names):
            index += 1
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if index % 5 == 0:
                text = text.replace("\r\n", "\n").replace("\n", "\r\n")
            if index % 7 == 0:
                data = text.encode("gbk", errors="ignore")  # a character GBK lacks is dropped
            elif index % 11 == 0:
                data = b"\xff\xfe" + text.encode("utf-16-le")
            elif index % 13 == 0:
                data = b"\xfe\xff" + text.encode("utf-16-be")
            else:
                continue
            with open(path, "wb") as f:
                f.write(data)
