"""--fix over a generated corpus (the bench corpus: the five seeds varied, in
UTF-8, GBK, UTF-16LE/BE and CRLF): afterwards a re-lint finds no safe fix
left, every byte outside the reported edits is the original's
(bench/fix_check.py), and a second --fix changes no byte. The same with
--unsafe-fixes."""
import hashlib
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SOURCE_DIR, Failures, run  # noqa: E402

sys.path.insert(0, os.path.join(SOURCE_DIR, "bench"))
import fix_check  # noqa: E402

T = Failures()
COUNT = 600


def digest(directory):
    h = {}
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                h[os.path.relpath(path, directory)] = hashlib.sha256(f.read()).hexdigest()
    return h


work = tempfile.mkdtemp(prefix="hlint-fix-corpus-")
checked = 0
try:
    original = os.path.join(work, "original")
    fix_check.make_corpus(SOURCE_DIR, original, COUNT, work)
    digest_original = digest(original)
    for label, flags, applicabilities in (("safe", [], ("safe",)), ("unsafe", ["--unsafe-fixes"], ("safe", "unsafe"))):
        corpus = os.path.join(work, "corpus-" + label)
        shutil.copytree(original, corpus)
        # The findings of the corpus as it was: their edits' byte offsets.
        code, out, err = run(["--offline", "--no-cache", "--format", "json", "corpus-" + label], cwd=work)
        findings_json = os.path.join(work, f"findings-{label}.json")
        with open(findings_json, "w", encoding="utf-8") as f:
            f.write(out)
        before = json.loads(out)["findings"]
        fixable = [f for f in before if (f.get("fix") or {}).get("applicability") in applicabilities]
        checked += 5
        T.check(len(fixable) > COUNT // 2, f"{label}: the corpus has fixes to apply ({len(fixable)})")

        code, out, err = run(["--fix", "--offline", "--no-cache", "--format", "json"] + flags + ["corpus-" + label],
                             cwd=work)
        T.check(err.startswith("Fixed "), f"{label}: summary: {err[-500:]}")
        files, changed, bad, problems = fix_check.check(original, corpus, findings_json, applicabilities,
                                                        "corpus-" + label)
        T.check(changed >= COUNT // 10 and bad == 0,
                f"{label}: {changed} of {files} files changed, {bad} outside their edits: {problems[:5]}")

        code, out, err = run(["--offline", "--no-cache", "--format", "json", "corpus-" + label], cwd=work)
        left = [f for f in json.loads(out)["findings"] if (f.get("fix") or {}).get("applicability") in applicabilities]
        T.equal(left, [], f"{label}: no fix left to apply after --fix")

        if label == "safe":
            # The checker itself: a byte changed outside the edits is caught.
            checked += 1
            victim = next(rel for rel, h in digest(corpus).items() if h != digest_original[rel])
            damaged = os.path.join(work, "damaged")
            shutil.copytree(corpus, damaged)
            with open(os.path.join(damaged, victim), "r+b") as f:
                data = f.read()
                f.seek(len(data) - 2)
                f.write(bytes([data[-2] ^ 0x01]))
            _, _, bad_damaged, _ = fix_check.check(original, damaged, findings_json, applicabilities, "corpus-" + label)
            T.equal(bad_damaged, 1, "fix_check catches a byte changed outside the edits")

        after_first = digest(corpus)
        code, out, err = run(["--fix", "--offline", "--no-cache"] + flags + ["corpus-" + label], cwd=work)
        T.equal(digest(corpus), after_first, f"{label}: a second --fix changes no byte")
        T.check(err.startswith("Fixed 0 findings in 0 files"), f"{label}: second summary: {err[-300:]}")
finally:
    shutil.rmtree(work, ignore_errors=True)
T.finish(checked)
