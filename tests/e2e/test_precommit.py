"""pre-commit, driven for real (the Debian `pre-commit` package).

  - `pre-commit validate-manifest` accepts .pre-commit-hooks.yaml;
  - a temporary hook repository holds this checkout's .pre-commit-hooks.yaml
    (as it is in the work tree, committed or not), and a temporary user
    repository uses it: `pre-commit try-repo` fails on a bad document with
    the finding printed and passes on a good one; with a
    .pre-commit-config.yaml and `pre-commit install`, `git commit` of a bad
    document is refused (findings printed, nothing committed) and a good one
    is committed;
  - `pre-commit run --all-files` on a few hundred documents runs hlint once
    (`require_serial: true`), in the concise format (one line per finding),
    and reports exactly what one hlint run over all of them reports.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import HLINT, SOURCE_DIR, Failures  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The hooks' concise format: path:line:col: rule message.
FINDING = re.compile(r"^(.+?):(\d+):(\d+): ([a-z0-9-]+/[a-z0-9-]+) ")
# The user's project config: the rules the test documents are about.
HLINT_CONFIG = "select: [encoding, document, suppression]\n"


def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


class Sandbox:
    def __init__(self, work):
        self.work = work
        bin_dir = os.path.join(work, "bin")
        os.makedirs(bin_dir)
        # `language: system`: the hook runs the `hlint` found on PATH.
        os.symlink(os.path.abspath(HLINT), os.path.join(bin_dir, "hlint"))
        git_config = os.path.join(work, "gitconfig")
        write(git_config, "[user]\n\tname = t\n\temail = t@example.com\n[init]\n\tdefaultBranch = main\n"
                          "[commit]\n\tgpgsign = false\n")
        self.env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
                        PRE_COMMIT_HOME=os.path.join(work, "pre-commit-home"), GIT_CONFIG_GLOBAL=git_config,
                        GIT_CONFIG_NOSYSTEM="1", PRE_COMMIT_COLOR="never", NO_COLOR="1")
        self.env.pop("GITHUB_STEP_SUMMARY", None)

    def run(self, args, cwd, check=False):
        proc = subprocess.run(args, cwd=cwd, env=self.env, capture_output=True, timeout=240)
        out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({proc.returncode}):\n{out}")
        return proc.returncode, out


def findings_in(output):
    found = set()
    for line in output.splitlines():
        match = FINDING.match(line)
        if match:
            found.add((match.group(1), int(match.group(2)), int(match.group(3)), match.group(4)))
    return found


def main():
    failures = Failures()
    checks = 0
    if shutil.which("pre-commit") is None:
        message = "pre-commit is not installed (Debian package `pre-commit`)"
        if IN_CI:
            failures.check(False, message)
        else:
            print("SKIP:", message)
        failures.finish(1)
    work = tempfile.mkdtemp(prefix="hlint-pre-commit-")
    try:
        box = Sandbox(work)
        manifest = os.path.join(SOURCE_DIR, ".pre-commit-hooks.yaml")
        code, out = box.run(["pre-commit", "validate-manifest", manifest], cwd=work)
        checks += 1
        failures.equal(code, 0, f"pre-commit validate-manifest: {out}")

        # The hook repository: this checkout's manifest, committed.
        hooks = os.path.join(work, "hook-repo")
        os.makedirs(hooks)
        shutil.copy(manifest, hooks)
        box.run(["git", "init", "-q"], hooks, check=True)
        box.run(["git", "add", "-A"], hooks, check=True)
        box.run(["git", "commit", "-q", "-m", "hooks"], hooks, check=True)
        _, rev = box.run(["git", "rev-parse", "HEAD"], hooks, check=True)
        rev = rev.strip()

        user = os.path.join(work, "user-repo")
        os.makedirs(user)
        box.run(["git", "init", "-q"], user, check=True)
        write(os.path.join(user, ".hlint.yaml"), HLINT_CONFIG)
        write(os.path.join(user, "posts", "bad.txt"), b"<p>\xe5\xa5\xbd</p>\n<p>\xff</p>\n")
        write(os.path.join(user, "posts", "good.txt"), "<p>正常的文字。</p>\n")
        box.run(["git", "add", ".hlint.yaml"], user, check=True)
        box.run(["git", "commit", "-q", "-m", "config"], user, check=True)

        # try-repo
        box.run(["git", "add", "posts/bad.txt", "posts/good.txt"], user, check=True)
        code, out = box.run(["pre-commit", "try-repo", hooks, "hlint", "--files", "posts/bad.txt"], cwd=user)
        checks += 1
        failures.check(code == 1 and "posts/bad.txt:2:4: encoding/invalid-bytes" in out,
                       f"try-repo on a bad document should fail with the finding: exit {code}\n{out[-1500:]}")
        code, out = box.run(["pre-commit", "try-repo", hooks, "hlint", "--files", "posts/good.txt"], cwd=user)
        checks += 1
        failures.check(code == 0 and "Passed" in out, f"try-repo on a good document should pass: exit {code}\n{out[-1500:]}")
        box.run(["git", "reset", "-q"], user, check=True)

        # hlint-fix: applies the safe fix, and the hook fails because it changed the file.
        dodge = os.path.join(user, "posts", "dodge.txt")
        write(dodge, "<p>神经直接受压，Z主要原因是久坐。</p>\n")
        write(os.path.join(user, ".hlint.yaml"), "select: [chars]\n")  # staged: try-repo stashes the rest
        box.run(["git", "add", "posts/dodge.txt", ".hlint.yaml"], user, check=True)
        code, out = box.run(["pre-commit", "try-repo", hooks, "hlint-fix", "--files", "posts/dodge.txt"], cwd=user)
        with open(dodge, encoding="utf-8") as f:
            fixed = f.read()
        checks += 1
        failures.check(code == 1 and fixed == "<p>神经直接受压，最主要原因是久坐。</p>\n" and "Failed" in out
                       and "Fixed 1 finding in 1 file" in out,
                       f"hlint-fix should fix the file and fail the hook: exit {code}\n{fixed!r}\n{out[-1500:]}")
        box.run(["git", "reset", "-q"], user, check=True)
        os.remove(dodge)
        write(os.path.join(user, ".hlint.yaml"), HLINT_CONFIG)

        # A real commit through the installed hook.
        write(os.path.join(user, ".pre-commit-config.yaml"),
              f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: hlint\n")
        box.run(["git", "add", ".pre-commit-config.yaml"], user, check=True)
        box.run(["git", "commit", "-q", "--no-verify", "-m", "pre-commit config"], user, check=True)
        box.run(["pre-commit", "install"], user, check=True)
        _, head_before = box.run(["git", "rev-parse", "HEAD"], user, check=True)
        box.run(["git", "add", "posts/bad.txt"], user, check=True)
        code, out = box.run(["git", "commit", "-m", "add a bad post"], user)
        _, head_after = box.run(["git", "rev-parse", "HEAD"], user, check=True)
        checks += 1
        failures.check(code != 0 and head_after == head_before and "posts/bad.txt:2:4: encoding/invalid-bytes" in out
                       and "hlint (offline checks)" in out and "Failed" in out,
                       f"committing a bad document should be refused with the finding printed: exit {code}\n{out[-1500:]}")
        box.run(["git", "reset", "-q"], user, check=True)
        box.run(["git", "add", "posts/good.txt"], user, check=True)
        code, out = box.run(["git", "commit", "-m", "add a good post"], user)
        _, head_good = box.run(["git", "rev-parse", "HEAD"], user, check=True)
        checks += 1
        failures.check(code == 0 and head_good != head_before and "Passed" in out,
                       f"committing a good document should pass: exit {code}\n{out[-1500:]}")

        # Many files: one run (require_serial), the same findings as hlint run by hand.
        for i in range(400):
            body = b"<p>\xe5\xa5\xbd</p>\n" * (i % 3) + (b"<p>\xfe</p>\n" if i % 7 == 0 else b"<p>ok</p>\n")
            write(os.path.join(user, "many", f"{i:03d} 篇.txt"), body if i % 11 else b"")
        box.run(["git", "add", "-A"], user, check=True)
        code, out = box.run(["pre-commit", "run", "hlint", "--all-files"], cwd=user)
        batches = len(re.findall(r"^Found \d+ findings?\.", out, re.M))
        direct = subprocess.run([HLINT, "--offline", "--no-corpus-rules", "--format", "concise", "posts", "many"], cwd=user,
                                capture_output=True, env=box.env)
        expected = findings_in(direct.stdout.decode("utf-8", "replace"))
        checks += 1
        failures.check(code == 1 and batches == 1, f"pre-commit should run hlint once (require_serial): exit {code}, {batches}")
        failures.check(not re.search(r"^\s+\|", out, re.M), "the hook's output is concise (no source excerpts)")
        failures.check(len(expected) >= 80, f"expected many findings, got {len(expected)}")
        failures.equal(sorted(findings_in(out)), sorted(expected), "the batches together report what one run reports")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failures.finish(checks)


if __name__ == "__main__":
    main()
