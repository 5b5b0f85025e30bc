"""The front-matter rules on the user's five seed documents.

000 and 001 are hexo posts with complete, valid front matter: no front-matter
finding. 002-004 are text scrapes; front-matter/missing-key reads their page
header (ArticleInfo) and reports, at the title line, exactly the fields the
default `text-header-required` (title, date, author) lacks:
  002: title + `2898次浏览`                        -> no author, no date
  003: site, title, `2026-01-25 15:08:33 济南南郊医院` -> no author
  004: breadcrumb, title, `发布者:绿阴无数 时间:2025-1-29 16:12` -> complete
HLINT_NOW makes "now" for front-matter/invalid-date reproducible: checked with
seed 003's header date.
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SEEDS_DIR, Failures, run  # noqa: E402

# Today's clock must not change what the seeds are checked against.
FIXED_NOW = "2026-11-21"


def seed(prefix):
    matches = sorted(glob.glob(os.path.join(SEEDS_DIR, prefix + "_*.txt")))
    if not matches:
        raise SystemExit(f"FAIL: no seed {prefix}_*.txt in {SEEDS_DIR}")
    return matches[0]


def front_matter_findings(path, now=FIXED_NOW):
    """(exit code, findings) of every front-matter/* rule on one file, default options."""
    code, out, err = run(["--offline", "--config", os.devnull, "--select", "front-matter", "--format", "json", path],
                         env={"HLINT_NOW": now})
    if code not in (0, 1):
        raise AssertionError(f"hlint exited {code} on {path}: {err}\n{out}")
    return json.loads(out)["findings"]


def position(finding):
    s, e = finding["start"], finding["end"]
    return f"{s['line']}:{s['column']}-{e['line']}:{e['column']}"


def summary(findings):
    return sorted((f["rule"], position(f), f["message"]) for f in findings)


def main():
    failures = Failures()
    checks = 0

    # 000 and 001: complete front matter, valid past dates, valid image URLs.
    for prefix in ("000", "001"):
        checks += 1
        failures.equal(summary(front_matter_findings(seed(prefix))), [], f"seed {prefix}: no front-matter finding")

    # Text scrapes: exactly the missing header fields, at the title line.
    expected_missing = {
        "002": ("1:1-1:13", ["author", "date"]),
        "003": ("3:1-3:34", ["author"]),
        "004": (None, []),
    }
    for prefix, (at, fields) in expected_missing.items():
        found = front_matter_findings(seed(prefix))
        checks += 1
        failures.equal(sorted({f["rule"] for f in found}), ["front-matter/missing-key"] if fields else [],
                       f"seed {prefix}: only front-matter/missing-key reports")
        checks += 1
        # All the missing fields of a scrape header are one finding (issue 13).
        failures.equal(sorted(position(f) for f in found), [at] if fields else [],
                       f"seed {prefix}: one finding for the missing fields, at the title line")
        for field in fields:
            checks += 1
            failures.check(sum(f" no {field} " in f["message"] for f in found) == 1,
                           f"seed {prefix}: one finding names the missing {field}: {summary(found)}")

    # HLINT_NOW: seed 003's header date 2026-01-25 15:08:33 lies 24 days after 2026-01-01.
    found = front_matter_findings(seed("003"), now="2026-01-01")
    future = [f for f in found if f["rule"] == "front-matter/invalid-date"]
    checks += 1
    failures.equal([(position(f), f["severity"]) for f in future], [("5:1-5:20", "warning")],
                   "seed 003 with HLINT_NOW=2026-01-01: its header date is in the future")
    checks += 1
    failures.check(bool(future) and "24 days in the future" in future[0]["message"],
                   f"seed 003 with HLINT_NOW=2026-01-01: the message says how far ahead: {summary(future)}")

    # An HLINT_NOW that is not a date stops the run instead of being ignored.
    code, _, err = run(["--offline", "--config", os.devnull, "--select", "front-matter/invalid-date", seed("000")],
                       env={"HLINT_NOW": "not-a-date"})
    checks += 1
    failures.check(code == 2 and "HLINT_NOW" in err, f"a bad HLINT_NOW is an error (exit {code}): {err.strip()}")

    failures.finish(checks)


if __name__ == "__main__":
    main()
