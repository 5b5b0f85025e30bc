"""The offline images/ rules on the user's seed documents.

Seed 001 carries ten glued image URLs
(`…myqcloud.com//gov_img/2021/7/31/309….gov_img/2021/7/31/319….png`): front-matter
`headimg` (line 8) and `thumbnail` (line 12), and eight `<img src>` on lines 23-27
(one each on 23, 24 and 26, five on 27).
Each is one images/doubled-path finding (a doubled slash and a repeated path in
the same URL are one defect), exactly on the repeated `gov_img/2021/7/31/` of its
URL. No other seed has an image problem: seed 000's https images on img1.mydrivers.com
and its `<a href>` links to the full-size pictures are fine, and the text scrapes
(002-004) show no images.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SEEDS_DIR, Failures, findings  # noqa: E402

SEED = "001_43af0d1151c9857d.txt"
REPEATED = "gov_img/2021/7/31/"
GLUED_HOST = "https://tmp-file-1252627319.cos.ap-shanghai.myqcloud.com//gov_img/"


def expected_places(lines):
    """(line, column, end column) of the second `gov_img/2021/7/31/` of every glued URL."""
    places = []
    for number, text in enumerate(lines, start=1):
        at = text.find(GLUED_HOST)
        while at != -1:
            url_end = min(i for i in (text.find("'", at), text.find('"', at), len(text)) if i != -1)
            url = text[at:url_end]
            second = url.index(REPEATED, url.index(REPEATED) + 1)
            column = at + second + 1  # code points, 1-based (Python strings index code points)
            places.append((number, column, column + len(REPEATED)))
            at = text.find(GLUED_HOST, url_end)
    return places


def main():
    failures = Failures()
    checks = 0
    with open(os.path.join(SEEDS_DIR, SEED), encoding="utf-8") as f:
        lines = f.read().split("\n")

    items = findings(["--offline", "--select", "images", "--config", os.devnull, SEEDS_DIR])

    checks += 1
    others = [f"{os.path.basename(f['path'])}:{f['start']['line']}:{f['start']['column']} {f['rule']}" for f in items
              if not (os.path.basename(f["path"]) == SEED and f["rule"] == "images/doubled-path")]
    failures.equal(others, [], "images/ findings other than the doubled paths of seed 001")

    expected = expected_places(lines)
    checks += 1
    failures.equal(len(expected), 10, "seed 001 has ten glued URLs")
    checks += 1
    failures.equal(sorted(set(line for line, _, _ in expected)), [8, 12, 23, 24, 26, 27],
                   "the glued URLs are on lines 8 (headimg), 12 (thumbnail) and 23-27 (<img src>)")

    actual = sorted((f["start"]["line"], f["start"]["column"], f["end"]["column"]) for f in items
                    if os.path.basename(f["path"]) == SEED and f["rule"] == "images/doubled-path")
    checks += 1
    failures.equal(actual, sorted(expected), f"images/doubled-path findings in {SEED} (line, column, end column)")

    for f in items:
        if os.path.basename(f["path"]) != SEED or f["rule"] != "images/doubled-path":
            continue
        line = f["start"]["line"]
        checks += 1
        label = f"{SEED}:{line}:{f['start']['column']}"
        failures.equal(f["end"]["line"], line, f"{label}: the finding stays on its line")
        checks += 1
        failures.equal(lines[line - 1][f["start"]["column"] - 1:f["end"]["column"] - 1], REPEATED,
                       f"{label}: the finding underlines the repeated segments")
        checks += 1
        failures.check("doubled slash" in f["message"] and REPEATED in f["message"],
                       f"{label}: the message names the repeated segments and the doubled slash: {f['message']}")
        checks += 1
        failures.equal(f["severity"], "warning", f"{label}: severity")

    where = {line: sum(1 for l, _, _ in actual if l == line) for line in (8, 12, 23, 24, 26, 27)}
    checks += 1
    failures.equal(where, {8: 1, 12: 1, 23: 1, 24: 1, 26: 1, 27: 5}, "findings per line")
    failures.finish(checks)


if __name__ == "__main__":
    main()
