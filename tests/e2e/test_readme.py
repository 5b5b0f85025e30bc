"""The documentation holds together: every rule hlint knows has a page with the four sections that
`--explain` prints, the generated rule index matches the pages, the README stays a short entry point
whose relative links all name files that exist, and no docs page repeats another's paragraphs."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
import readme_rules  # noqa: E402
from hlint_test import Failures, run  # noqa: E402

ROOT = readme_rules.ROOT
T = Failures()
checks = 0

T.check(readme_rules.current() == readme_rules.render(),
        "docs/rules/README.md is out of date: run python3 tests/e2e/readme_rules.py --update")
checks += 1

code, out, _ = run(["--list-rules"])
listed = sorted(line.split()[0] for line in out.splitlines() if line.strip())
documented = sorted(rule for rule, _, _ in readme_rules.rule_pages())
T.equal(listed, documented, "every registered rule has a page, and no page is stale")
checks += 1
for rule in listed:
    code, page, _ = run(["--explain", rule])
    T.check(code == 0 and page.strip() and "## What it does" in page,
            f"--explain {rule} prints its page with a What it does section")
    for section in ("## Why is this bad?", "## Example", "## Options"):
        T.check(section in page, f"{rule}: page has {section}")
    checks += 4

with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
    readme = f.read()
T.check(len(readme.splitlines()) <= 300, f"README has {len(readme.splitlines())} lines (at most 300)")
checks += 1

# Every relative link of the README and of docs/ names a file that exists.
pages = [os.path.join(ROOT, "README.md")]
for root, _, files in os.walk(os.path.join(ROOT, "docs")):
    pages += [os.path.join(root, name) for name in files if name.endswith(".md")]
for page in pages:
    with open(page, encoding="utf-8") as f:
        text = f.read()
    # Links in code (`![alt](url)` as an example of Markdown) are not links.
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        exists = os.path.exists(os.path.normpath(os.path.join(os.path.dirname(page), target)))
        T.check(exists, f"{os.path.relpath(page, ROOT)} links to {target}, which does not exist")
        checks += 1

# No paragraph of three lines or more stands word for word in two pages.
seen = {}
for page in pages:
    with open(page, encoding="utf-8") as f:
        for paragraph in f.read().split("\n\n"):
            if paragraph.count("\n") >= 2 and not paragraph.lstrip().startswith(("|", "```")):
                other = seen.setdefault(paragraph.strip(), page)
                T.check(other == page, f"{os.path.relpath(page, ROOT)} repeats a paragraph of "
                                       f"{os.path.relpath(other, ROOT)}: {paragraph.strip()[:80]!r}")
checks += 1
T.finish(checks)
