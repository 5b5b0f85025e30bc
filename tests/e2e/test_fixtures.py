"""Fixture tests: every document under fixtures/checks/<rule-id>/ is linted
with only that rule selected, and its findings (rule, start line:column,
end line:column) are compared exactly with the `.expected` file beside it.

Run with --update (or HLINT_UPDATE_FIXTURES=1) to rewrite the expectations
for review (`git diff fixtures/`), as clang-tidy's and ruff's snapshots do;
`--only PREFIX` limits the run or the rewrite to one rule or prefix.
A directory may hold an `hlint.yaml` used as --config for its documents.
The bundled sample corpus (fixtures/sample/) is compared as a whole, with
every rule, against fixtures/sample.expected.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SOURCE_DIR, Failures, findings  # noqa: E402

UPDATE = "--update" in sys.argv or os.environ.get("HLINT_UPDATE_FIXTURES") == "1"
# `--only PREFIX` restricts the run (and --update) to fixtures of matching rules.
ONLY = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
CHECKS_DIR = os.path.join(SOURCE_DIR, "fixtures", "checks")
SAMPLE_DIR = os.path.join(SOURCE_DIR, "fixtures", "sample")


def render(items, with_path):
    lines = []
    for f in items:
        prefix = f"{f['path']}:" if with_path else ""
        lines.append(f"{prefix}{f['start']['line']}:{f['start']['column']}-{f['end']['line']}:{f['end']['column']} "
                     f"{f['rule']} {f['message']}")
    return "".join(line + "\n" for line in lines)


def key_lines(text):
    """What is compared exactly: path, position and rule (messages may be reworded)."""
    return [" ".join(line.split(" ")[:2]) for line in text.splitlines() if line.strip()]


def compare(failures, expected_path, actual_text, label):
    if UPDATE:
        with open(expected_path, "w", encoding="utf-8") as f:
            f.write(actual_text)
        return
    if not os.path.exists(expected_path):
        failures.check(False, f"{label}: no expectations file {os.path.relpath(expected_path, SOURCE_DIR)} "
                              f"(run with --update to create it); hlint says:\n{actual_text}")
        return
    with open(expected_path, encoding="utf-8") as f:
        expected_text = f.read()
    failures.equal(key_lines(actual_text), key_lines(expected_text), f"{label}: findings differ")


def main():
    failures = Failures()
    cases = 0
    for root, dirs, files in sorted(os.walk(CHECKS_DIR)):
        dirs.sort()
        documents = sorted(f for f in files if not f.endswith(".expected") and f != "hlint.yaml" and not f.endswith(".md"))
        if not documents:
            continue
        rule = os.path.relpath(root, CHECKS_DIR)
        if ONLY and not (rule == ONLY or rule.startswith(ONLY.rstrip("/") + "/")):
            continue
        args = ["--offline", "--select", rule, "--fail-on", "error", "-j", "2"]
        config = os.path.join(root, "hlint.yaml")
        args += ["--config", config] if os.path.exists(config) else ["--config", os.devnull]
        for document in documents:
            cases += 1
            path = os.path.join(root, document)
            items = findings(args + [os.path.relpath(path, SOURCE_DIR)], cwd=SOURCE_DIR)
            for f in items:
                failures.check(f["rule"] == rule, f"{rule}/{document}: finding of another rule {f['rule']}")
            compare(failures, path + ".expected", render(items, False), f"{rule}/{document}")
    if os.path.isdir(SAMPLE_DIR) and not ONLY:
        cases += 1
        items = findings(["--offline", "--config", "fixtures/sample/.hlint.yaml", "fixtures/sample"], cwd=SOURCE_DIR)
        compare(failures, os.path.join(SOURCE_DIR, "fixtures", "sample.expected"), render(items, True), "sample corpus")
    failures.check(cases > 0, "no fixtures found")
    failures.finish(cases)


if __name__ == "__main__":
    main()
