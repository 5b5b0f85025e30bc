"""Keeps the README's rule reference in sync with the checks' documentation
pages (checks/**/<rule>.md, the same text `hlint --explain RULE` prints).

  python3 tests/e2e/readme_rules.py --update   rewrites the README section
  python3 tests/e2e/test_readme.py             fails when it is out of date
"""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BEGIN, END = "<!-- rules:begin -->", "<!-- rules:end -->"


def rule_pages():
    pages = []
    checks = os.path.join(ROOT, "checks")
    for root, _, files in os.walk(checks):
        for name in files:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                text = f.read()
            m = re.match(r"# (\S+)\n", text)
            if m:
                pages.append((m.group(1), text))
    return sorted(pages)


def render():
    out = [BEGIN, "", "| rule | summary |", "| --- | --- |"]
    pages = rule_pages()
    for rule, text in pages:
        summary = text.split("\n\n")[1].replace("\n", " ").strip() if "\n\n" in text else ""
        anchor = re.sub(r"[^a-z0-9-]", "", rule.lower().replace("/", ""))
        escaped = summary.replace("|", "\\|")
        out.append(f"| [`{rule}`](#{anchor}) | {escaped} |")
    out.append("")
    for rule, text in pages:
        # Demote the page's headings by two levels inside the README.
        body = re.sub(r"^(#+) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", text.strip(), flags=re.M)
        out.append(body)
        out.append("")
    out.append(END)
    return "\n".join(out)


def current(readme):
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[start:end]


def main():
    path = os.path.join(ROOT, "README.md")
    with open(path, encoding="utf-8") as f:
        readme = f.read()
    if "--update" in sys.argv:
        readme = readme.replace(current(readme), render())
        with open(path, "w", encoding="utf-8") as f:
            f.write(readme)
        print("README rules section updated")


if __name__ == "__main__":
    main()
