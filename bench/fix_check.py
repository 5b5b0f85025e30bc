#!/usr/bin/env python3
"""Checks a `hlint --fix` run against the corpus as it was: every byte of each
fixed file outside the spans the fixes were reported on is identical to the
original. The spans come from `hlint --format json --unsafe-fixes`-style JSON of
the ORIGINAL corpus (byte offsets into the original files); a fixed file must
be, byte for byte, the original with only those spans replaced (by anything):
the parts between the spans must all be found, in order, the first at the
start and the last at the end.

  fix_check.py ORIGINAL_DIR FIXED_DIR FINDINGS.json [--applicability safe|unsafe]

Prints the counts; exits 1 when a file differs outside its edits (or is missing).
"""
import json
import os
import sys


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


def check(original_dir, fixed_dir, findings_json, applicabilities=("safe",)):
    with open(findings_json, encoding="utf-8") as f:
        findings = json.load(f)["findings"]
    spans = {}
    for finding in findings:
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
            spans.setdefault(finding["path"], []).append((start, end))
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
            key = os.path.join(fixed_dir, relative)
            file_spans = spans.get(key) or spans.get(os.path.relpath(key)) or []
            if not only_edits_changed(original, fixed, file_spans):
                bad += 1
                problems.append(f"{relative}: bytes outside the reported edits changed")
    return files, changed, bad, problems


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    applicabilities = ("safe", "unsafe") if "--unsafe" in sys.argv else ("safe",)
    files, changed, bad, problems = check(sys.argv[1], sys.argv[2], sys.argv[3], applicabilities)
    for p in problems[:50]:
        print(p)
    print(f"{files} files, {changed} changed, {bad} changed outside their edits or missing")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
