"""The README documents every rule exactly as its page says (the page is what
`--explain` prints and what SARIF embeds), and every rule hlint knows has a page."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import readme_rules  # noqa: E402
from hlint_test import Failures, run  # noqa: E402

T = Failures()
with open(os.path.join(readme_rules.ROOT, "README.md"), encoding="utf-8") as f:
    readme = f.read()
T.check(readme_rules.current(readme) == readme_rules.render(),
        "README rules section is out of date: run python3 tests/e2e/readme_rules.py --update")
for name, doc in readme_rules.DOC_SECTIONS:
    begin, end, text = readme_rules.render_doc(name, doc)
    T.check(text is None or readme_rules.current(readme, begin, end) == text,
            f"README section {name} differs from {doc}: run python3 tests/e2e/readme_rules.py --update")
code, out, _ = run(["--list-rules"])
listed = sorted(line.split()[0] for line in out.splitlines() if line.strip())
documented = sorted(rule for rule, _ in readme_rules.rule_pages())
T.equal(listed, documented, "every registered rule has a page in the README, and no page is stale")
for rule in listed:
    code, page, _ = run(["--explain", rule])
    T.check(code == 0 and f"`{rule}`" in readme and page.strip() and "## What it does" in page,
            f"--explain {rule} prints its page with a What it does section")
    for section in ("## Why is this bad?", "## Example", "## Options"):
        T.check(section in page, f"{rule}: page has {section}")
T.finish(2 + len(readme_rules.DOC_SECTIONS) + 4 * len(listed))
