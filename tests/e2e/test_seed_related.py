"""End-to-end facts of the related/ rules on the user's seed documents
(fixtures/sample/00N_*.txt): what the related-articles sections of seeds 002 and 004
contain, and what the corpus check makes of several copies of them.

Run: HLINT=build/src/hlint python3 tests/e2e/test_seed_related.py
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SEEDS_DIR, Failures, findings  # noqa: E402

SEED_002 = "002_66b0a1239e0c270e.txt"  # text scrape: `相关推荐`, title line / blurb line items
SEED_004 = "004_e09dd32936dc1587.txt"  # text scrape: `相关阅读`, `  • title`, title again, blurb, date

failures = Failures()
checks = 0


def check(condition, message):
    global checks
    checks += 1
    failures.check(condition, message)


def equal(actual, expected, message):
    global checks
    checks += 1
    failures.equal(actual, expected, message)


def span(f):
    return f"{f['start']['line']}:{f['start']['column']}-{f['end']['line']}:{f['end']['column']}"


def lint(paths, rules="related/", cwd=None, jobs="2"):
    return findings(["--offline", "--config", os.devnull, "--select", rules, "-j", jobs] + list(paths), cwd=cwd)


def seed(name):
    return os.path.join(SEEDS_DIR, name)


def of_rule(items, rule):
    return [f for f in items if f["rule"] == rule]


def test_seed_002():
    items = lint([seed(SEED_002)])
    # The first `相关推荐` item (lines 17-18) is the article itself: its title
    # is the title on line 1 and its blurb the lead paragraph on line 3.
    repeats = of_rule(items, "related/repeats-article")
    equal([span(f) for f in repeats], ["17:1-17:13", "18:1-18:83"], "002: the first item repeats title and lead")
    check(len(repeats) == 2 and "(line 1)" in repeats[0]["message"], "002: the title finding names line 1")
    check(len(repeats) == 2 and "(line 3)" in repeats[1]["message"], "002: the lead finding names line 3")
    # `肉毒素的作用和功效` is the title of two items (lines 23 and 25).
    duplicates = of_rule(items, "related/duplicate-item")
    equal([span(f) for f in duplicates], ["25:1-25:10"], "002: the second `肉毒素的作用和功效` is reported")
    check(bool(duplicates) and "肉毒素的作用和功效" in duplicates[0]["message"] and "line 23" in duplicates[0]["message"],
          "002: the duplicate names the title and the first item's line 23")
    # Near-duplicate blurbs: line 26 copies line 24, line 42 copies line 18.
    near = of_rule(items, "related/near-duplicate")
    equal([(f["start"]["line"], "line 24" in f["message"] or "line 18" in f["message"]) for f in near],
          [(26, True), (42, True)], "002: near-duplicate blurbs on lines 26 and 42")
    # Blurbs cut off with `...` on lines 34 and 48, reported at the dots.
    truncated = of_rule(items, "related/truncated-blurb")
    equal([span(f) for f in truncated], ["34:111-34:114", "48:111-48:114"], "002: truncated blurbs")
    equal(of_rule(items, "related/doubled-title"), [], "002: no doubled title")


def test_seed_004():
    items = lint([seed(SEED_004)])
    doubled = of_rule(items, "related/doubled-title")
    lines = [54 + 4 * k for k in range(10)]
    equal([f["start"]["line"] for f in doubled], lines, "004: each `相关阅读` title is doubled in place (10 findings)")
    for f in doubled:
        line = f["start"]["line"]
        check(f["start"]["column"] == 5, f"004:{line}: the finding starts at the title text (column 5)")
        check(f"line {line - 1}" in f["message"], f"004:{line}: the message names the bullet line {line - 1}")
        edits = (f.get("fix") or {}).get("edits", [])
        check(len(edits) == 1 and edits[0]["replacement"] == "" and edits[0]["start"]["line"] == line
              and edits[0]["start"]["column"] == 1 and edits[0]["end"]["line"] == line + 1
              and edits[0]["end"]["column"] == 1, f"004:{line}: the fix deletes the whole second line")
    truncated = of_rule(items, "related/truncated-blurb")
    equal([f["start"]["line"] for f in truncated], [55 + 4 * k for k in range(10)], "004: every blurb ends with ` ...`")
    # Distinct items: no duplicate, near-duplicate or self-reference.
    for rule in ("related/duplicate-item", "related/near-duplicate", "related/repeats-article"):
        equal(of_rule(items, rule), [], f"004: no {rule}")


def test_other_seeds():
    # 000 and 001 are hexo posts without a related list; 003 ends with a
    # navigation footer (`相关文章健康资讯`) that is not a related section.
    others = [seed(name) for name in sorted(os.listdir(SEEDS_DIR)) if not name.startswith(("002_", "004_"))]
    equal(lint(others), [], "seeds without a related section have no related finding")


def test_corpus_boilerplate():
    tmp = tempfile.mkdtemp(prefix="hlint-related-")
    try:
        corpus = os.path.join(tmp, "corpus")
        os.makedirs(os.path.join(corpus, "a"))
        os.makedirs(os.path.join(corpus, "b"))
        # Seed 004's related blurbs in three documents; seed 002's in two.
        shutil.copy(seed(SEED_004), os.path.join(corpus, "b", "x.txt"))
        shutil.copy(seed(SEED_004), os.path.join(corpus, "a", "y.txt"))
        shutil.copy(seed(SEED_004), os.path.join(corpus, "a", "z.txt"))
        shutil.copy(seed(SEED_002), os.path.join(corpus, "a", "p.txt"))
        shutil.copy(seed(SEED_002), os.path.join(corpus, "b", "q.txt"))
        runs = [lint(["corpus"], rules="related/corpus-boilerplate", cwd=tmp, jobs=jobs) for jobs in ("1", "4", "4")]
        items = runs[0]
        equal(len(items), 10, "corpus: each of 004's 10 blurbs is reported once (002's are in 2 documents only)")
        equal(sorted({f["path"] for f in items}), ["corpus/a/y.txt"], "corpus: reported at the first path")
        equal([f["start"]["line"] for f in items], [55 + 4 * k for k in range(10)], "corpus: at each blurb's line")
        check(all("appears in 3 documents" in f["message"] and "corpus/a/z.txt:" in f["message"]
                  and "corpus/b/x.txt:" in f["message"] for f in items),
              "corpus: the message gives the count and the other places")
        equal(runs[1], runs[0], "corpus: the output does not depend on the number of threads")
        equal(runs[2], runs[0], "corpus: the output is the same from run to run")
        # With min-documents 2, seed 002's 17 blurbs count too.
        config = os.path.join(tmp, "hlint.yaml")
        with open(config, "w", encoding="utf-8") as f:
            f.write("rules:\n  related/corpus-boilerplate:\n    options:\n      min-documents: 2\n")
        lowered = findings(["--offline", "--config", config, "--select", "related/corpus-boilerplate", "corpus"], cwd=tmp)
        equal(len(lowered), 28, "corpus: min-documents 2 adds seed 002's 18 blurbs")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    for test in (test_seed_002, test_seed_004, test_other_seeds, test_corpus_boilerplate):
        try:
            test()
        except Exception as error:  # a crash is a failure, not the end of the run
            equal(repr(error), None, f"{test.__name__} raised")
    failures.finish(checks)


if __name__ == "__main__":
    main()
