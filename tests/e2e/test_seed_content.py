"""End-to-end facts about the user's five seed documents for the content rules
(attribution, disclaimer, residue, html, contact, advertising): every finding
these rules give on the seeds, by rule, file, line and column, and the absence
of the findings that would be wrong (000 and 001 name their source, 002 has a
medical disclaimer, 001 asserts no advertising claim...).

Run: HLINT=build/src/hlint python3 tests/e2e/test_seed_content.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SEEDS_DIR, Failures, findings  # noqa: E402

RULES = ["attribution/missing", "disclaimer/missing", "residue/scrape-residue", "html/empty-element",
         "contact/obfuscated", "contact/phone-number", "advertising/claim"]

S000 = "000_6143a28c6b074825.txt"
S001 = "001_43af0d1151c9857d.txt"
S002 = "002_66b0a1239e0c270e.txt"
S003 = "003_0834f866768f61f9.txt"
S004 = "004_e09dd32936dc1587.txt"

# (rule, line, column) of every finding of RULES, per seed, and why.
EXPECTED = {
    S000: [
        ("disclaimer/missing", 3, 9),        # no medical disclaimer; reported at the title value
        ("residue/scrape-residue", 47, 17),  # `- THE END -`
        ("residue/scrape-residue", 49, 76),  # `#神经#医生`, the tag links
    ],
    S001: [
        ("disclaimer/missing", 3, 9),
        ("html/empty-element", 23, 464),     # `<p><strong></strong></p>` at the end of the line
        ("html/empty-element", 25, 1),       # `<strong></strong>`
        ("html/empty-element", 25, 1279),    # `<p><strong></strong></p>`
        ("html/empty-element", 27, 1),       # `<strong></strong>`
    ],
    S002: [
        ("attribution/missing", 1, 1),       # no source anywhere; reported at the title line
        ("residue/scrape-residue", 2, 1),    # `2898次浏览`
    ],
    S003: [
        ("attribution/missing", 3, 1),       # the title line (line 1 is the site name)
        ("disclaimer/missing", 79, 1),       # only a platform notice: reported at the notice
        ("contact/obfuscated", 79, 116),     # `tousu#mail.39.net`
        ("residue/scrape-residue", 81, 1),   # `举报/反馈`
        ("residue/scrape-residue", 82, 1),   # `推荐专家`
        ("residue/scrape-residue", 83, 1),   # `相关文章健康资讯`, two tabs glued
        ("residue/scrape-residue", 84, 1),   # `医院科室`
        ("residue/scrape-residue", 85, 1),   # `友情链接`
        ("contact/phone-number", 87, 6),     # `0531-67812828`
        ("residue/scrape-residue", 89, 1),   # `取消`
        ("residue/scrape-residue", 90, 1),   # `在线预约 立即挂号`
    ],
    S004: [
        ("residue/scrape-residue", 1, 1),    # `当前位置: 首页 疾病科普 外科 骨科`
        ("attribution/missing", 3, 1),
        ("disclaimer/missing", 3, 1),
        ("residue/scrape-residue", 49, 1),   # `相关标签: 肌肉 肌肉萎缩`
    ],
}

# The seed facts of the task, asserted one by one so a failure says which.
FACTS = [
    (S000, "attribution/missing", False, "000 names its source (`原文链接：`, `<p class=\"url\">`)"),
    (S001, "attribution/missing", False, "001 names its sources (`综合自国家卫健委、南方都市报、丁香医生`)"),
    (S002, "attribution/missing", True, "002 names no source"),
    (S000, "disclaimer/missing", True, "000 has no medical disclaimer"),
    (S001, "disclaimer/missing", True, "001 has no medical disclaimer"),
    (S004, "disclaimer/missing", True, "004 has no medical disclaimer (`遵医嘱使用` is advice, not a disclaimer)"),
    (S002, "disclaimer/missing", False, "002 has a medical disclaimer (`仅供参考,不作诊断依据`)"),
    (S003, "disclaimer/missing", True, "003 has only a platform notice, which is no medical disclaimer"),
    (S001, "advertising/claim", False, "001 is news about a banned operation: no advertising claim is asserted"),
    (S003, "advertising/claim", False, "003's `根.治` is chars/split-word's, `Z主要` chars/latin-for-han's"),
]


def position(f):
    return (f["rule"], f["start"]["line"], f["start"]["column"])


def main():
    failures = Failures()
    checks = 0
    args = ["--offline", "--config", os.devnull, "--fail-on", "error"]
    for rule in RULES:
        args += ["--select", rule]
    items = findings(args + [SEEDS_DIR])
    by_file = {}
    for f in items:
        by_file.setdefault(os.path.basename(f["path"]), []).append(f)

    for seed, expected in EXPECTED.items():
        actual = sorted(position(f) for f in by_file.get(seed, []))
        checks += 1
        failures.equal(actual, sorted(expected), f"{seed}: findings of the content rules")

    for seed, rule, present, fact in FACTS:
        checks += 1
        found = any(f["rule"] == rule for f in by_file.get(seed, []))
        failures.check(found == present, f"{seed}: {fact} ({rule} {'missing' if present else 'reported'})")

    notice = [f for f in by_file.get(S003, []) if f["rule"] == "disclaimer/missing"]
    checks += 1
    failures.check(len(notice) == 1 and "platform notice" in notice[0]["message"],
                   f"{S003}: the disclaimer finding says a platform notice was found: {notice}")

    obfuscated = [f for f in by_file.get(S003, []) if f["rule"] == "contact/obfuscated"]
    checks += 1
    failures.check(len(obfuscated) == 1 and obfuscated[0].get("fix") is not None,
                   f"{S003}: `tousu#mail.39.net` is reported with a fix: {obfuscated}")

    failures.finish(checks)


if __name__ == "__main__":
    main()
