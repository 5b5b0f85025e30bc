"""--statistics (text and JSON) and --format documents (JSON Lines) on the
same run: the statistics equal the counts of --format json's findings, the
JSONL has one line per linted file in path order, each loads with Python's
json, its counts add up to the statistics, and its facts are the sample
documents' (format, encoding, title, publisher, categories, date)."""
import collections
import json
import os
import re
import tempfile

import audit_corpus
from hlint_test import Failures, run


def main():
    failures = Failures()
    checks = 0
    with tempfile.TemporaryDirectory() as work:
        corpus = audit_corpus.build(work)
        args = ["--offline", "--no-cache", corpus]
        code, out, err = run(["--format", "json"] + args)
        assert code in (0, 1), err
        report = json.loads(out)
        findings = report["findings"]
        files = report["files"]

        # --statistics --format json: per rule, the counts of the findings.
        code, out, err = run(["--format", "json", "--statistics"] + args)
        failures.equal(code in (0, 1), True, f"--statistics exit code {code}: {err}")
        stats = json.loads(out)
        checks += 1
        failures.equal(stats["files"], files, "statistics: files")
        failures.equal(stats["findings"], len(findings), "statistics: total findings")
        failures.equal(stats["documents_with_findings"], len({f["path"] for f in findings if f["path"]}),
                       "statistics: documents with findings")
        failures.equal(stats["fixable"], sum(1 for f in findings if "fix" in f), "statistics: fixable")
        for severity in ("error", "warning", "info"):
            failures.equal(stats["by_severity"][severity], sum(1 for f in findings if f["severity"] == severity),
                           f"statistics: {severity} count")
        by_rule = collections.defaultdict(list)
        for f in findings:
            by_rule[f["rule"]].append(f)
        failures.equal(sorted(r["rule"] for r in stats["rules"]), sorted(by_rule), "statistics: the rules found")
        order = [(-r["count"], r["rule"]) for r in stats["rules"]]
        failures.equal(order, sorted(order), "statistics: sorted by count, then id")
        rank = {"info": 0, "warning": 1, "error": 2}
        for r in stats["rules"]:
            items = by_rule[r["rule"]]
            failures.equal(r["count"], len(items), f"{r['rule']}: count")
            failures.equal(r["documents"], len({f["path"] for f in items}), f"{r['rule']}: documents")
            failures.equal(r["fixable_count"], sum(1 for f in items if "fix" in f), f"{r['rule']}: fixable")
            failures.equal(r["fixable"], any("fix" in f for f in items), f"{r['rule']}: fixable flag")
            failures.equal(r["severity"], max((f["severity"] for f in items), key=rank.get), f"{r['rule']}: severity")
            failures.check(abs(r["share"] - r["documents"] / files) < 1e-9, f"{r['rule']}: share")
        failures.check(stats["fixable"] > 0, "the corpus has fixable findings (test corpus too weak)")

        # --statistics as text: the same numbers, counts right-aligned.
        code, out, err = run(["--statistics"] + args)
        checks += 1
        lines = out.splitlines()
        failures.check(lines[0].split()[:3] == ["count", "documents", "share"], f"text statistics heading: {lines[0]}")
        rows = {}
        count_end = lines[0].index("count") + len("count")
        for line in lines[1:]:
            fields = line.split()
            if not fields or not fields[0].isdigit():
                continue
            failures.equal(line.index(fields[0]) + len(fields[0]), count_end, f"count right-aligned: {line!r}")
            rows[fields[-1] if not line.rstrip().endswith(")") else "total"] = fields
        for r in stats["rules"]:
            row = rows.get(r["rule"])
            failures.check(row is not None and int(row[0]) == r["count"] and int(row[1]) == r["documents"],
                           f"text statistics row of {r['rule']}: {row}")
        failures.check("total" in rows and int(rows["total"][0]) == len(findings), f"text total row: {rows.get('total')}")
        failures.check(not re.search(r"^\S+:\d+:\d+:", out, re.M), "--statistics prints no findings")
        code, out, err = run(["--statistics", "--format", "sarif"] + args)
        failures.equal(code, 2, "--statistics with --format sarif is refused")

        # --format documents: one JSON object per linted file, in path order.
        code, out, err = run(["--format", "documents"] + args)
        checks += 1
        documents = [json.loads(line) for line in out.splitlines()]
        failures.equal(len(documents), files, "documents: one line per linted file")
        failures.equal(out.count("\n"), files, "documents: one object per line")
        paths = [d["path"] for d in documents]
        failures.equal(paths, sorted(paths), "documents: in path order")
        per_path = collections.Counter(f["path"] for f in findings)
        for d in documents:
            failures.equal(d["findings"], per_path.get(d["path"], 0), f"{d['path']}: findings")
            failures.equal(sum(d["by_rule"].values()), d["findings"], f"{d['path']}: by_rule adds up")
            failures.equal(sum(d["by_severity"].values()), d["findings"], f"{d['path']}: by_severity adds up")
            own = [f for f in findings if f["path"] == d["path"]]
            failures.equal(d["fixable"], sum(1 for f in own if "fix" in f), f"{d['path']}: fixable")
            modelled = d["format"] not in ("empty", "binary", "unreadable")
            for rule, key in (("disclaimer/missing", "has_disclaimer"), ("attribution/missing", "has_attribution")):
                if not modelled:
                    failures.equal(d[key], None, f"{d['path']}: {key} of a file that was not modelled")
                elif d["health_article"] is False:
                    failures.equal(d[key], None, f"{d['path']}: {key} of a document that needs none")
                else:
                    failures.equal(d[key], d["by_rule"].get(rule, 0) == 0, f"{d['path']}: {key}")
            # The same once-per-document decision as the model's (--dump-model).
            if modelled:
                _, dumped, _ = run(["--dump-model", d["path"]])
                decided = json.loads(dumped)["decisions"]["health_information"]
                failures.equal(d["health_article"], decided, f"{d['path']}: health_article is the model's decision")
            else:
                failures.equal(d["health_article"], None, f"{d['path']}: health_article of a file that was not modelled")
        for r in stats["rules"]:
            failures.equal(sum(d["by_rule"].get(r["rule"], 0) for d in documents), r["count"],
                           f"documents add up to the statistics of {r['rule']}")
        failures.equal(sum(d["findings"] for d in documents), stats["findings"], "documents add up to the total")
        for severity in ("error", "warning", "info"):
            failures.equal(sum(d["by_severity"][severity] for d in documents), stats["by_severity"][severity],
                           f"documents add up to the {severity} count")
        failures.check(any(d["has_disclaimer"] is True for d in documents) and
                       any(d["has_disclaimer"] is False for d in documents),
                       "the corpus has documents with and without a disclaimer")

        # The facts of known documents.
        checks += 1
        facts = {os.path.relpath(d["path"], corpus): d for d in documents}
        hexo = facts["sample/000_6143a28c6b074825.txt"]
        failures.equal((hexo["format"], hexo["encoding"], hexo["publisher"], hexo["author"], hexo["date_iso"]),
                       ("html", "UTF-8", "快科技（原驱动之家）", "快科技（原驱动之家）", "2021-05-21"), "hexo post facts")
        failures.equal(hexo["title"], "女孩不惜切断神经！只为快速瘦腿一劳永逸 医生紧急提醒", "hexo post title")
        failures.equal(hexo["categories"], ["新媒体", "快科技（原驱动之家）", "最新新闻"], "hexo post categories")
        failures.check(hexo["lead_image"].startswith("https://img1.mydrivers.com/"), "hexo post lead image")
        scrape = facts["sample/004_e09dd32936dc1587.txt"]
        failures.equal((scrape["format"], scrape["title"], scrape["author"], scrape["categories"], scrape["date_iso"]),
                       ("text", "肌肉萎缩是怎么回事", "绿阴无数", ["疾病科普", "外科", "骨科"], "2025-01-29"),
                       "text scrape facts (header and breadcrumb)")
        failures.equal(facts["sample/003_0834f866768f61f9.txt"]["publisher"], "济南南郊医院", "site line as publisher")
        failures.equal(facts["sample/100_gbk_scrape.txt"]["encoding"], "GB18030", "GBK scrape encoding")
        failures.equal(facts["sample/101_empty.txt"]["format"], "empty", "empty file")
        failures.equal(facts["sample/102_image_saved_as_text.txt"]["format"], "binary", "binary file")
        failures.equal(facts["sample/102_image_saved_as_text.txt"]["bytes"],
                       os.path.getsize(os.path.join(corpus, "sample/102_image_saved_as_text.txt")), "bytes")
        news = facts["news/health/000.txt"]
        failures.equal((news["publisher"], news["has_disclaimer"]), ("健康时报", True), "written document with a disclaimer")
        failures.equal(facts["news/wellness/001.txt"]["has_disclaimer"], False, "written document without one")

        # A path that does not exist is a finding, not a document.
        code, out, err = run(["--format", "documents", "--offline", "--no-cache", corpus,
                              os.path.join(work, "missing.txt")])
        checks += 1
        failures.equal(len(out.splitlines()), files, "documents: a missing path adds no line")
        # --report documents=FILE next to another format: the same lines.
        side = os.path.join(work, "side.jsonl")
        code, out, err = run(["--format", "json", "--report", f"documents={side}"] + args)
        checks += 1
        with open(side, encoding="utf-8") as f:
            failures.equal([json.loads(line) for line in f], documents, "--report documents=FILE")
    failures.finish(checks)


if __name__ == "__main__":
    main()
