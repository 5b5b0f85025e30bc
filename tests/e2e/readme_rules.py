"""Keeps the rule index (docs/rules/README.md) in sync with the checks' documentation pages
(checks/**/<rule>.md: the text `hlint --explain RULE` prints and SARIF embeds).

  python3 tests/e2e/readme_rules.py --update   rewrites docs/rules/README.md
  python3 tests/e2e/test_readme.py             fails when it is out of date
"""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
INDEX = os.path.join(ROOT, "docs", "rules", "README.md")


def rule_pages():
    """(rule id, page path relative to ROOT, page text), sorted by rule id."""
    pages = []
    checks = os.path.join(ROOT, "checks")
    for root, _, files in os.walk(checks):
        for name in files:
            if not name.endswith(".md"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            m = re.match(r"# (\S+)\n", text)
            if m:
                pages.append((m.group(1), os.path.relpath(path, ROOT), text))
    return sorted(pages)


def summary(text):
    return text.split("\n\n")[1].replace("\n", " ").strip() if "\n\n" in text else ""


def render():
    out = ["# Rules", "",
           "Every rule hlint knows, with its summary. Each links to its page (What it does / Why is this bad? /",
           "Example / Options), which is also what `hlint --explain RULE` prints and what SARIF embeds.",
           "This index is generated: `python3 tests/e2e/readme_rules.py --update`.", "",
           "| rule | summary |", "| --- | --- |"]
    for rule, path, text in rule_pages():
        link = os.path.relpath(os.path.join(ROOT, path), os.path.dirname(INDEX))
        out.append(f"| [`{rule}`]({link}) | {summary(text).replace('|', chr(92) + '|')} |")
    return "\n".join(out) + "\n"


def current():
    if not os.path.exists(INDEX):
        return ""
    with open(INDEX, encoding="utf-8") as f:
        return f.read()


def main():
    if "--update" in sys.argv:
        os.makedirs(os.path.dirname(INDEX), exist_ok=True)
        with open(INDEX, "w", encoding="utf-8") as f:
            f.write(render())
        print("docs/rules/README.md updated")


if __name__ == "__main__":
    main()
