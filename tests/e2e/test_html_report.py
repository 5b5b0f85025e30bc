"""--format html opened in a real headless browser (Debian's chromium driven
by playwright-core, tests/npm/check-html-report.cjs): the page loads with no
console error and no request besides itself, its charts and tables are
there, and the numbers in its DOM equal --statistics --format json of the
same run. Also: --report html=FILE beside another format, the baseline
section (new and fixed findings), and that the file holds no external URL
that a browser would fetch."""
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.parse

import audit_corpus
from hlint_test import SOURCE_DIR, Failures, run

NPM_DIR = os.path.join(SOURCE_DIR, "tests", "npm")
CHECKER = os.path.join(NPM_DIR, "check-html-report.cjs")
IN_CI = bool(os.environ.get("CI"))


def browser_view(report):
    proc = subprocess.run(["node", CHECKER, report], capture_output=True, timeout=180)
    if proc.returncode != 0:
        raise AssertionError(f"check-html-report.cjs failed: {proc.stderr.decode(errors='replace')}")
    return json.loads(proc.stdout)


def compare_with_statistics(failures, view, stats, label):
    dom = view["dom"]
    failures.equal(view["console"], [], f"{label}: console messages")
    failures.equal(view["page_errors"], [], f"{label}: script errors")
    failures.equal(view["requests"], [], f"{label}: requests besides the report itself")
    failures.equal(dom["external"], [], f"{label}: elements that load a resource")
    cards = dom["cards"]
    for key in ("files", "findings", "documents_with_findings", "fixable"):
        failures.equal(cards.get(key), stats[key], f"{label}: card {key}")
    for severity in ("error", "warning", "info"):
        failures.equal(cards.get(severity), stats["by_severity"][severity], f"{label}: card {severity}")
    failures.equal(sorted(dom["rules"]), sorted(r["rule"] for r in stats["rules"]), f"{label}: rules in the table")
    for r in stats["rules"]:
        row = dom["rules"].get(r["rule"], {})
        failures.equal((row.get("count"), row.get("documents"), row.get("fixable_count"), row.get("severity")),
                       (r["count"], r["documents"], r["fixable_count"], r["severity"]), f"{label}: row of {r['rule']}")
        failures.equal((row.get("error"), row.get("warning"), row.get("info")),
                       (r["by_severity"]["error"], r["by_severity"]["warning"], r["by_severity"]["info"]),
                       f"{label}: severities of {r['rule']}")
    embedded = dict(dom["embedded_statistics"])
    failures.equal(embedded, stats, f"{label}: the statistics embedded in the page")


# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")


class ImageHandler(http.server.BaseHTTPRequestHandler):
    """/ok.png is an image, /page.png a web page, anything else a 404 (127.0.0.1 only)."""

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        status, content_type, body = {"/ok.png": (200, "image/png", PNG),
                                      "/page.png": (200, "text/html", b"<html><body>page</body></html>")}.get(
            self.path, (404, "text/html", b"<html><body>not found</body></html>"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET


def check_image_classes(failures, work):
    """With links checked (a loopback server), the report's classes are those of the findings."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ImageHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        corpus = os.path.join(work, "online")
        os.makedirs(corpus)
        for i in range(3):
            with open(os.path.join(corpus, f"{i}.txt"), "w", encoding="utf-8") as f:
                f.write(f"\n---\ntitle: '第{i}篇'\nheadimg: '{base}/ok.png'\n---\n\n<div>\n<p>正文。"
                        f"<img src=\"{base}/missing{i % 2}.png\"><img src=\"{base}/page.png\"></p>\n</div>\n")
        config = os.path.join(work, "online.yaml")
        with open(config, "w", encoding="utf-8") as f:
            f.write("rules:\n  images/broken-link:\n    options:\n      allow-private: true\n      retries: 1\n")
        args = ["--select", "images", "--config", config, "--cache-dir", os.path.join(work, "cache"), corpus]
        code, out, err = run(["--format", "json"] + args)
        expected = {}
        for f in json.loads(out)["findings"]:
            if f["rule"] == "images/broken-link":
                klass = f["message"].split("broken image: ", 1)[1].split(" ", 1)[0]
                expected[klass] = expected.get(klass, 0) + 1
        failures.equal(expected, {"not-found": 3, "not-an-image": 3}, "broken-link findings of the online corpus")
        page = os.path.join(work, "online.html")
        run(["--format", "html", "-o", page] + args)
        view = browser_view(page)
        failures.equal(view["requests"], [], "online report: no request when opened")
        failures.equal(view["dom"]["image_classes"], {k: {"count": v} for k, v in expected.items()},
                       "image-link classes in the report")
        failures.check(view["dom"]["charts"].get("chart-image-classes", {}).get("bars", 0) == 2,
                       "image-link classes chart")
        page_offline = os.path.join(work, "offline.html")
        run(["--format", "html", "--offline", "-o", page_offline] + args)
        with open(page_offline, encoding="utf-8") as f:
            failures.check('id="links-not-checked"' in f.read(), "offline report says links were not fetched")
    finally:
        server.shutdown()


def main():
    failures = Failures()
    checks = 0
    if not shutil.which("node") or not os.path.exists("/usr/bin/chromium") or \
            not os.path.isdir(os.path.join(NPM_DIR, "node_modules", "playwright-core")):
        message = ("chromium (apt-get install chromium) or playwright-core (npm ci --prefix tests/npm) "
                   "is not installed")
        if IN_CI:
            failures.check(False, message)
            failures.finish(1)
        print("SKIP:", message)
        return
    with tempfile.TemporaryDirectory() as work:
        corpus = audit_corpus.build(work)
        args = ["--offline", "--no-cache", corpus]
        page = os.path.join(work, "report.html")
        code, out, err = run(["--format", "html", "-o", page] + args)
        failures.check(code in (0, 1), f"--format html exit code {code}: {err}")
        code, out, err = run(["--format", "json", "--statistics"] + args)
        stats = json.loads(out)
        with open(page, encoding="utf-8") as f:
            html = f.read()

        # Self-contained: no URL a browser would fetch (the only URLs are the
        # corpus's own image addresses, printed as text in table cells).
        checks += 1
        failures.check(not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html), "no external resource")
        failures.check("@import" not in html and "url(" not in html, "no CSS fetch")

        view = browser_view(page)
        checks += 1
        compare_with_statistics(failures, view, stats, "report")
        dom = view["dom"]
        failures.equal(view["title"], "hlint audit report", "page title")
        for section in ("overview", "rules", "presence", "breakdowns", "top-documents", "repeated", "images", "caps",
                        "rule-docs"):
            failures.check(section in dom["sections"], f"section {section}")
        for chart in ("chart-rules", "chart-presence", "chart-publishers", "chart-categories", "chart-directories"):
            failures.check(dom["charts"].get(chart, {}).get("bars", 0) > 0, f"chart {chart} has bars: {dom['charts']}")
            failures.check(dom["charts"].get(chart, {}).get("width", 0) > 300, f"chart {chart} is drawn")
        for table in ("rules-table", "presence-table", "publishers-table", "categories-table", "directories-table",
                      "top-documents-table", "blurbs-table", "lead-images-table", "formats-table", "encodings-table"):
            failures.check(table in dom["tables"], f"table {table}")
        failures.check(dom["sortable"] >= 8, "tables are sortable")
        # Every rule name links to its documentation, embedded in the page.
        failures.check(dom["rule_links"] and all(link["target"] == "DETAILS" and link["text"] > 100
                                                  for link in dom["rule_links"]), f"rule links: {dom['rule_links']}")
        # Sorting by the rule column, then reversed.
        failures.equal(sorted(view["sorted_by_rule"]), sorted(dom["rules"]), "sorting keeps every row")
        failures.equal(view["sorted_by_rule_reversed"], list(reversed(view["sorted_by_rule"])), "sorting reverses")
        failures.check(view["sorted_by_rule"] != [r["rule"] for r in stats["rules"]] or len(stats["rules"]) < 2,
                       "sorting by rule changes the order")

        # The breakdowns and lists against --format documents.
        checks += 1
        code, out, err = run(["--format", "documents"] + args)
        documents = [json.loads(line) for line in out.splitlines()]
        by_publisher = {}
        for d in documents:
            key = d["publisher"] or "(unknown)"
            entry = by_publisher.setdefault(key, {"documents": 0, "findings": 0})
            entry["documents"] += 1
            entry["findings"] += d["findings"]
        for name, entry in by_publisher.items():
            row = dom["publishers"].get(name, {})
            failures.equal((row.get("documents"), row.get("findings")), (entry["documents"], entry["findings"]),
                           f"publisher {name}")
            failures.check(abs(row.get("rate", -1) - 100.0 * entry["findings"] / entry["documents"]) < 0.001,
                           f"publisher {name}: rate per 100 documents")
        rates = [row["rate"] for row in dom["publishers"].values()]
        directories = dom["directories"]
        failures.equal(directories.get(os.path.join(corpus, "news", "health"), {}).get("documents"), 3,
                       "directory news/health")
        worst = sorted(documents, key=lambda d: (-d["findings"], d["path"]))
        failures.equal(dom["top_documents"], [d["path"] for d in worst if d["findings"]][:100], "top documents")
        # The documents are linked by absolute file:// address: the links work wherever the page is saved.
        table = html[html.index('id="top-documents-table"'):]
        links = re.findall(r'<a href="(file://[^"]+)">', table[:table.index("</table>")])
        failures.equal(len(links), len(dom["top_documents"]), "every top document is linked")
        failures.check(all(os.path.isfile(urllib.parse.unquote(link[len("file://"):])) for link in links),
                       f"top document links point at the files: {links[:3]}")
        presence = dom["presence"].get("disclaimer/missing", {})
        modelled = [d for d in documents if d["has_disclaimer"] is not None]
        failures.equal((presence.get("checked"), presence.get("failing")),
                       (len(modelled), sum(1 for d in modelled if d["has_disclaimer"] is False)),
                       "presence check disclaimer/missing")
        failures.check("睡前不要看手机" in html and "img.example.invalid/lead/shared.png" in html,
                       "repeated blurb and lead image listed")
        failures.check(len(rates) >= 3, "publisher rows")

        # --report html=FILE next to JSON: the same page.
        checks += 1
        side = os.path.join(work, "side.html")
        code, out, err = run(["--format", "json", "--report", f"html={side}"] + args)
        with open(side, encoding="utf-8") as f:
            failures.equal(f.read(), html, "--report html=FILE writes the same report")

        # With a baseline: new and fixed findings.
        checks += 1
        baseline = os.path.join(work, "baseline.json")
        run(["--write-baseline", baseline] + args)
        fixed_doc = os.path.join(corpus, "news", "wellness", "001.txt")
        with open(fixed_doc, encoding="utf-8") as f:
            text = f.read()
        with open(fixed_doc, "w", encoding="utf-8") as f:
            f.write(text.replace("</ul>", "</ul>\n<p>本文来源：养生之道网。本文仅供参考，不作诊断依据，如有不适请及时就医。</p>"))
        with open(os.path.join(corpus, "news", "wellness", "009.txt"), "w", encoding="utf-8") as f:
            f.write("这是一篇新的短文。\u200b请联系13800138000。\n")
        code, out, err = run(["--format", "html", "--baseline", baseline, "-o", page] + args)
        code, out, err = run(["--format", "json", "--statistics", "--baseline", baseline] + args)
        stats = json.loads(out)
        view = browser_view(page)
        compare_with_statistics(failures, view, stats, "baseline report")
        cards = view["dom"]["cards"]
        failures.check(stats["baseline"]["fixed"] > 0 and stats["baseline"]["new"] > 0,
                       f"the baseline run has new and fixed findings: {stats.get('baseline')}")
        failures.equal((cards.get("baseline_new"), cards.get("baseline_unchanged"), cards.get("baseline_fixed")),
                       (stats["baseline"]["new"], stats["baseline"]["unchanged"], stats["baseline"]["fixed"]),
                       "baseline cards")
        fixed_rules = view["dom"]["baseline"]
        failures.check(fixed_rules.get("disclaimer/missing", {}).get("fixed", 0) >= 1,
                       f"disclaimer/missing fixed since the baseline: {fixed_rules}")
        checks += 1
        check_image_classes(failures, work)
    failures.finish(checks)


if __name__ == "__main__":
    main()
