"""Adopting hlint on a legacy corpus: baselines, --since, unused suppressions.

  - `--write-baseline` records today's findings; `--baseline` then reports
    none of them, still none after lines are inserted above them (the
    fingerprint has no line numbers), only what is new, and lists the entries
    that no longer match (but not those of files or rules this run did not
    check); `--baseline F --write-baseline F` prunes; a broken baseline is an
    error (exit 2); with every rule, a corpus is clean against its baseline.
  - `--since REV` in a real git repository: only findings on lines changed
    since the merge base (committed, uncommitted and untracked), paths with
    spaces and Chinese characters, a content line that looks like a diff
    header, run from a subdirectory; a bad revision or no repository is exit 2.
  - suppression/unused: an inline suppression that suppresses nothing is
    reported at the comment's exact span; a used one is not.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SEEDS_DIR, Failures, run  # noqa: E402

SELECT = ["--select", "encoding/invalid-bytes", "--config", os.devnull, "--offline", "--no-cache"]


def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def json_findings(args, cwd, env=None):
    code, out, err = run(["--format", "json"] + args, cwd=cwd, env=env)
    return code, json.loads(out)["findings"] if out.strip() else [], err


def places(items):
    return sorted((f["path"], f["start"]["line"]) for f in items)


def git(args, cwd):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"] + args, cwd=cwd, check=True,
                   capture_output=True, env=env)


def test_baseline(failures, work):
    checks = 0
    corpus = os.path.join(work, "corpus")
    write(os.path.join(corpus, "a.txt"), b"<p>\xe5\xa5\xbd</p>\n<p>\xff</p>\n")
    write(os.path.join(corpus, "b.txt"), b"<p>\xfe</p>\n")
    write(os.path.join(corpus, "twice.txt"), b"<p>\xfd</p>\n<p>\xfd</p>\n")
    write(os.path.join(corpus, "ok.txt"), "<p>好</p>\n")
    baseline = os.path.join(work, "baseline.json")

    code, _, err = run(SELECT + ["--write-baseline", baseline, "corpus"], cwd=work)
    checks += 1
    failures.check(code == 0 and "wrote 4 findings" in err, f"--write-baseline: exit {code}, {err!r}")
    with open(baseline, encoding="utf-8") as f:
        entries = json.load(f)["entries"]
    failures.equal(sorted((e["path"], e["line"], e["rule"]) for e in entries),
                   [("corpus/a.txt", 2, "encoding/invalid-bytes"), ("corpus/b.txt", 1, "encoding/invalid-bytes"),
                    ("corpus/twice.txt", 1, "encoding/invalid-bytes"), ("corpus/twice.txt", 2, "encoding/invalid-bytes")],
                   "baseline entries")

    code, items, err = json_findings(SELECT + ["--baseline", baseline, "corpus"], work)
    checks += 1
    failures.check(code == 0 and items == [] and err == "", f"against its own baseline: exit {code}, {items}, {err!r}")

    # Lines inserted above: the findings move, the fingerprints do not.
    write(os.path.join(corpus, "a.txt"), b"<p>1</p>\n<p>2</p>\n<p>3</p>\n<p>\xe5\xa5\xbd</p>\n<p>\xff</p>\n")
    code, items, err = json_findings(SELECT + ["--baseline", baseline, "corpus"], work)
    checks += 1
    failures.check(code == 0 and items == [], f"after inserting lines above a finding: exit {code}, {places(items)}")

    # Something new is reported, alone.
    write(os.path.join(corpus, "a.txt"), b"<p>1</p>\n<p>2</p>\n<p>3</p>\n<p>\xe5\xa5\xbd</p>\n<p>\xff</p>\n<p>\xfc\xfc</p>\n")
    code, items, err = json_findings(SELECT + ["--baseline", baseline, "corpus"], work)
    checks += 1
    failures.check(code == 1 and places(items) == [("corpus/a.txt", 6)], f"a new finding: exit {code}, {places(items)}")
    code, out, _ = run(SELECT + ["--format", "sarif", "--baseline", baseline, "corpus"], cwd=work)
    results = json.loads(out)["runs"][0]["results"]
    failures.check([r.get("baselineState") for r in results] == ["new"], "SARIF baselineState of the new finding")

    # Fixed findings: their entries are listed as stale.
    write(os.path.join(corpus, "b.txt"), "<p>好</p>\n")
    write(os.path.join(corpus, "twice.txt"), b"<p>\xfd</p>\n")
    code, items, err = json_findings(SELECT + ["--baseline", baseline, "corpus"], work)
    checks += 1
    failures.check("2 baseline entries no longer match" in err and "corpus/b.txt:1: encoding/invalid-bytes" in err
                   and "corpus/twice.txt:" in err, f"stale entries listed: {err!r}")
    failures.check(code == 1 and places(items) == [("corpus/a.txt", 6)], f"stale entries do not fail the run: {code}")
    # ...but not for files or rules this run did not check.
    code, items, err = json_findings(SELECT + ["--baseline", baseline, "corpus/a.txt"], work)
    checks += 1
    failures.check("no longer match" not in err, f"a file that was not linted is not stale: {err!r}")
    code, items, err = json_findings(["--select", "encoding/not-utf8", "--config", os.devnull, "--baseline", baseline,
                                      "corpus"], work)
    checks += 1
    failures.check("no longer match" not in err and code == 0, f"a rule that did not run is not stale: {err!r}")

    # Pruning keeps what still matches and adds nothing new.
    code, _, err = run(SELECT + ["--baseline", baseline, "--write-baseline", baseline, "corpus"], cwd=work)
    with open(baseline, encoding="utf-8") as f:
        entries = json.load(f)["entries"]
    checks += 1
    failures.equal((code, sorted((e["path"], e["line"]) for e in entries)),
                   (0, [("corpus/a.txt", 5), ("corpus/twice.txt", 1)]), "pruned baseline")

    # A broken or missing baseline is an error, not an empty baseline.
    write(os.path.join(work, "broken.json"), "{not json")
    for name in ("broken.json", "missing.json"):
        code, _, err = run(SELECT + ["--baseline", os.path.join(work, name), "corpus"], cwd=work)
        checks += 1
        failures.check(code == 2 and "baseline" in err, f"--baseline {name}: exit {code}, {err!r}")

    # Every rule, real documents: clean against their own baseline.
    seeds = os.path.join(work, "seeds")
    shutil.copytree(SEEDS_DIR, seeds)
    full = ["--config", os.devnull, "--offline", "--no-cache"]
    _, before, _ = json_findings(full + ["seeds"], work)
    code, _, err = run(full + ["--write-baseline", os.path.join(work, "seeds.json"), "seeds"], cwd=work)
    code, items, err = json_findings(full + ["--baseline", os.path.join(work, "seeds.json"), "seeds"], work)
    checks += 1
    failures.check(len(before) > 0 and code == 0 and items == [] and err == "",
                   f"seeds against their baseline: {len(before)} before, exit {code}, {len(items)} after, {err!r}")
    return checks


def test_since(failures, work):
    checks = 0
    repo = os.path.join(work, "repo")
    os.makedirs(repo)
    git(["init", "-q"], repo)
    corpus = os.path.join(repo, "corpus")
    write(os.path.join(corpus, "old.txt"), b"<p>1</p>\n<p>\xff</p>\n<p>3</p>\n<p>4</p>\n<p>5</p>\n<p>6</p>\n")
    write(os.path.join(corpus, "same.txt"), b"<p>1</p>\n<p>\xfe</p>\n")
    write(os.path.join(corpus, "renamed.txt"), b"<p>1</p>\n<p>\xfb</p>\n<p>3</p>\n")
    git(["add", "-A"], repo)
    git(["commit", "-q", "-m", "base"], repo)
    git(["checkout", "-q", "-b", "feature"], repo)
    # Committed on the branch: a new line that looks like a diff header, a
    # new file with a space and Chinese in its name, a rename.
    write(os.path.join(corpus, "old.txt"), b"<p>1</p>\n<p>\xff</p>\n<p>3</p>\n++ \xfe\n<p>5</p>\n<p>6</p>\n")
    write(os.path.join(corpus, "新 文件.txt"), b"<p>\xfa</p>\n")
    git(["mv", "corpus/renamed.txt", "corpus/moved.txt"], repo)
    git(["add", "-A"], repo)
    git(["commit", "-q", "-m", "feature"], repo)
    # Meanwhile on main: same.txt fixed. Against the merge base the branch
    # did not touch same.txt, so its old finding is not this change's.
    git(["checkout", "-q", "main"], repo)
    write(os.path.join(corpus, "same.txt"), b"<p>1</p>\n<p>2</p>\n")
    git(["commit", "-q", "-am", "fix on main"], repo)
    git(["checkout", "-q", "feature"], repo)
    # Not committed: a modified line and an untracked file.
    write(os.path.join(corpus, "old.txt"), b"<p>1</p>\n<p>\xff</p>\n<p>3</p>\n++ \xfe\n<p>5</p>\n<p>\xfd</p>\n")
    write(os.path.join(corpus, "untracked.txt"), b"<p>\xfc</p>\n")

    code, everything, _ = json_findings(SELECT + ["corpus"], repo)
    code, items, err = json_findings(SELECT + ["--since", "main", "corpus"], repo)
    expected = [("corpus/old.txt", 4), ("corpus/old.txt", 6), ("corpus/untracked.txt", 1), ("corpus/新 文件.txt", 1)]
    checks += 1
    failures.check(len(everything) == 7, f"without --since: {places(everything)}")
    failures.equal((code, places(items)), (1, expected), f"--since main ({err})")
    # From a subdirectory, paths as given.
    code, items, err = json_findings(SELECT + ["--since", "main", "."], corpus)
    checks += 1
    failures.equal(places(items), [(p.split("/", 1)[1], line) for p, line in expected], f"--since from a subdirectory ({err})")
    # GitHub format says how many were left out.
    code, out, _ = run(SELECT + ["--format", "github", "--since", "main", "corpus"], cwd=repo)
    checks += 1
    failures.check("3 findings on lines unchanged since main are not shown." in out, f"github summary with --since: {out[-300:]!r}")
    # Nothing changed since HEAD but the uncommitted edits.
    code, items, err = json_findings(SELECT + ["--since", "HEAD", "corpus"], repo)
    checks += 1
    failures.equal(places(items), [("corpus/old.txt", 6), ("corpus/untracked.txt", 1)], "--since HEAD")

    code, _, err = run(SELECT + ["--since", "no-such-branch", "corpus"], cwd=repo)
    checks += 1
    failures.check(code == 2 and "no-such-branch" in err, f"a bad revision: exit {code}, {err!r}")
    outside = os.path.join(work, "not-a-repo")
    write(os.path.join(outside, "x.txt"), b"\xff\n")
    code, _, err = run(SELECT + ["--since", "main", "x.txt"], cwd=outside, env={"GIT_CEILING_DIRECTORIES": work})
    checks += 1
    failures.check(code == 2 and "git repository" in err, f"--since outside a repository: exit {code}, {err!r}")
    return checks


def test_unused_suppressions(failures, work):
    checks = 0
    doc = os.path.join(work, "suppress", "doc.txt")
    write(doc, b"<!-- hlint-disable-next-line encoding/invalid-bytes -->\n<p>\xff</p>\n"
               b"<p>\xe5\xa5\xbd</p> <!-- hlint-disable-next-line encoding/invalid-bytes -->\n<p>\xe5\xa5\xbd</p>\n"
               b"<!-- hlint-disable encoding -->\n<p>\xfe</p>\n<!-- hlint-enable encoding -->\n")
    args = ["--select", "encoding/invalid-bytes,suppression/unused", "--config", os.devnull, "--offline", "--no-cache"]
    code, items, err = json_findings(args + ["suppress"], work)
    checks += 1
    failures.equal([(f["rule"], f["start"]["line"], f["start"]["column"], f["end"]["line"], f["end"]["column"])
                    for f in items],
                   [("suppression/unused", 3, 10, 3, 10 + len("<!-- hlint-disable-next-line encoding/invalid-bytes -->"))],
                   f"only the unused suppression, at its exact span ({err})")
    code, items, _ = json_findings(args + ["--ignore", "suppression/unused", "suppress"], work)
    checks += 1
    failures.equal((code, items), (0, []), "--ignore suppression/unused")
    return checks


def main():
    failures = Failures()
    work = tempfile.mkdtemp(prefix="hlint-baseline-")
    checks = 0
    try:
        checks += test_baseline(failures, work)
        checks += test_since(failures, work)
        checks += test_unused_suppressions(failures, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failures.finish(checks)


if __name__ == "__main__":
    main()
