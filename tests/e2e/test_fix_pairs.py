"""--fix on the before/after pairs of fixtures/fix/ (written by make_pairs.py
from edits spelled out by hand): the fixed file equals `after` byte for byte
(`after-unsafe` with --unsafe-fixes), in every encoding and line break, and a
second --fix changes no byte."""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SOURCE_DIR, Failures, run  # noqa: E402

PAIRS = os.path.join(SOURCE_DIR, "fixtures", "fix")
T = Failures()
checked = 0


def read(path):
    with open(path, "rb") as f:
        return f.read()


def fix_copy(work, case, flags):
    target = os.path.join(work, case + ".txt")
    shutil.copyfile(os.path.join(PAIRS, case, "before.txt"), target)
    code, out, err = run(["--fix", "--offline", "--no-cache", "--color", "never"] + flags + [target], cwd=work)
    return target, code, out, err


work = tempfile.mkdtemp(prefix="hlint-fix-pairs-")
try:
    cases = sorted(d for d in os.listdir(PAIRS) if os.path.isdir(os.path.join(PAIRS, d)))
    T.check(len(cases) >= 11, f"the pairs are there ({len(cases)})")
    for case in cases:
        for expected_name, flags in (("after.txt", []), ("after-unsafe.txt", ["--unsafe-fixes"])):
            expected_path = os.path.join(PAIRS, case, expected_name)
            if not os.path.exists(expected_path):
                continue
            checked += 3
            target, code, out, err = fix_copy(work, case, flags)
            T.check(code in (0, 1), f"{case} {flags}: exit {code}: {err}")
            T.equal(read(target), read(expected_path), f"{case} {flags}: fixed bytes")
            # Idempotent: a second run changes nothing and says so.
            before_second = read(target)
            code, out, err = run(["--fix", "--offline", "--no-cache"] + flags + [target], cwd=work)
            T.equal(read(target), before_second, f"{case} {flags}: second --fix changes no byte")
            T.check(err.startswith("Fixed 0 findings in 0 files"), f"{case} {flags}: second run's summary: {err!r}")
    # --diff on the same before files: nothing changes, exit 1 when --fix would.
    for case in cases:
        checked += 2
        target = os.path.join(work, case + "-diff.txt")
        shutil.copyfile(os.path.join(PAIRS, case, "before.txt"), target)
        code, out, err = run(["--diff", "--offline", "--no-cache", target], cwd=work)
        T.equal(read(target), read(os.path.join(PAIRS, case, "before.txt")), f"{case}: --diff changes nothing")
        T.check(code == 1 and out.startswith(f"--- a/{target}\n+++ b/{target}\n@@ "), f"{case}: --diff: {code} {out[:200]!r} {err}")
finally:
    shutil.rmtree(work, ignore_errors=True)
T.finish(checked + 1)
