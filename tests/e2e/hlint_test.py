"""Shared helpers for the end-to-end tests: run the real hlint binary."""
import json
import os
import subprocess
import sys

HLINT = os.environ.get("HLINT") or os.path.join(os.path.dirname(__file__), "../../build/src/hlint")
SOURCE_DIR = os.environ.get("HLINT_SOURCE_DIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
SAMPLE_DIR = os.path.join(SOURCE_DIR, "fixtures", "sample")
SCHEMA = os.path.join(SOURCE_DIR, "tests", "schemas", "sarif-schema-2.1.0.json")


def _seed_copy():
    """The user's five seed documents (fixtures/sample/00N_*.txt) alone in a directory, as the user gave
    them: the sample corpus beside them holds further documents that the seed tests must not see."""
    import atexit
    import shutil
    import tempfile
    target = tempfile.mkdtemp(prefix="hlint-seeds-")
    atexit.register(shutil.rmtree, target, True)
    for name in sorted(os.listdir(SAMPLE_DIR)):
        if name[:3].isdigit() and int(name[:3]) < 100:
            shutil.copyfile(os.path.join(SAMPLE_DIR, name), os.path.join(target, name))
    return target


SEEDS_DIR = _seed_copy()


def run(args, cwd=None, stdin=None, env=None):
    """Runs hlint; returns (exit code, stdout, stderr)."""
    full_env = dict(os.environ)
    full_env.pop("GITHUB_STEP_SUMMARY", None)
    if env:
        full_env.update(env)
    proc = subprocess.run([HLINT] + list(args), cwd=cwd, input=stdin, capture_output=True, env=full_env,
                          timeout=240)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def findings(args, cwd=None):
    """Runs hlint with --format json and returns the list of findings."""
    code, out, err = run(["--format", "json"] + list(args), cwd=cwd)
    if code not in (0, 1):
        raise AssertionError(f"hlint exited {code}: {err}\n{out}")
    return json.loads(out)["findings"]


def write(path, data):
    """Writes bytes or UTF-8 text to path, creating its directory."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


class Failures:
    """Collects assertion failures so a test reports all of them at once."""

    def __init__(self):
        self.items = []

    def check(self, condition, message):
        if not condition:
            self.items.append(message)

    def equal(self, actual, expected, message):
        if actual != expected:
            self.items.append(f"{message}\n  expected: {expected!r}\n  actual:   {actual!r}")

    def finish(self, passed_count):
        failed = len(self.items)
        for item in self.items:
            print("FAIL:", item)
        print(f"{passed_count - failed if passed_count >= failed else 0} passed, {failed} failed")
        sys.exit(1 if failed else 0)
