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


def current(readme, begin=BEGIN, end=END):
    start, stop = readme.index(begin), readme.index(end) + len(end)
    return readme[start:stop]


# README sections copied from docs/ pages (headings demoted one level).
DOC_SECTIONS = [("integrations", "docs/integrations.md"), ("images", "docs/images.md")]


def render_doc(name, path):
    full = os.path.join(ROOT, path)
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    if not os.path.exists(full):
        return begin, end, None
    with open(full, encoding="utf-8") as f:
        text = f.read().strip()
    # The page's top heading becomes a README section (##), the rest follow.
    levels = [len(m.group(1)) for m in re.finditer(r"^(#+) ", text, flags=re.M)]
    shift = 2 - min(levels) if levels else 0
    text = re.sub(r"^(#+) ", lambda m: "#" * (len(m.group(1)) + shift) + " ", text, flags=re.M)
    return begin, end, f"{begin}\n{text}\n{end}"


def main():
    path = os.path.join(ROOT, "README.md")
    with open(path, encoding="utf-8") as f:
        readme = f.read()
    if "--update" in sys.argv:
        readme = readme.replace(current(readme), render())
        for name, doc in DOC_SECTIONS:
            begin, end, text = render_doc(name, doc)
            if text is not None:
                readme = readme.replace(current(readme, begin, end), text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(readme)
        print("README rules section updated")


if __name__ == "__main__":
    main()
