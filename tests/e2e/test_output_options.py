"""Output details of issue 16: the summary counts unreadable inputs among the
files, colour follows NO_COLOR / FORCE_COLOR / CLICOLOR_FORCE, --format
concise, a progress line only when standard error is a terminal and CI is
unset, --explain with a prefix or a near miss, --list-rules --format json,
and --since finding the repository from the paths (run from outside it)."""
import json
import os
import pty
import select
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import HLINT, Failures, run, write  # noqa: E402

T = Failures()
checks = 0
BAD = b"\xff bad\n"


def case():
    global checks
    checks += 1


def run_with_terminal_stderr(args, cwd, env):
    """Runs hlint with standard error on a pseudo-terminal; returns what it wrote there."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([HLINT] + args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    proc.wait()
    os.close(master)
    return seen.decode("utf-8", "replace")


with tempfile.TemporaryDirectory() as tmp:
    write(os.path.join(tmp, "a.md"), BAD)
    base = ["--config", os.devnull, "--select", "encoding,io"]

    case()
    code, out, err = run(base + ["a.md", "missing.md"], cwd=tmp, env={"NO_COLOR": "1"})
    T.check("2 findings (2 errors, 0 warnings, 0 info) in 2 of 2 files." in out,
            f"an unreadable input counts among the files:\n{out}")

    case()
    env_off = {"NO_COLOR": "", "FORCE_COLOR": "", "CLICOLOR_FORCE": ""}
    _, out, _ = run(base + ["a.md"], cwd=tmp, env=env_off)
    T.check("\x1b[" not in out, "no colour into a pipe")
    _, out, _ = run(base + ["a.md"], cwd=tmp, env=dict(env_off, FORCE_COLOR="1"))
    T.check("\x1b[" in out, "FORCE_COLOR forces colour into a pipe")
    _, out, _ = run(base + ["a.md"], cwd=tmp, env=dict(env_off, CLICOLOR_FORCE="1"))
    T.check("\x1b[" in out, "CLICOLOR_FORCE=1 forces colour")
    _, out, _ = run(base + ["a.md"], cwd=tmp, env=dict(env_off, CLICOLOR_FORCE="0"))
    T.check("\x1b[" not in out, "CLICOLOR_FORCE=0 does not")
    _, out, _ = run(base + ["--color", "never", "a.md"], cwd=tmp, env=dict(env_off, FORCE_COLOR="1"))
    T.check("\x1b[" not in out, "--color never wins over FORCE_COLOR")

    case()
    code, out, _ = run(base + ["--format", "concise", "a.md"], cwd=tmp)
    T.equal(out.splitlines(), ["a.md:1:1: encoding/invalid-bytes " + out.splitlines()[0].split(" ", 2)[2],
                               "Found 1 finding."], "concise output")
    T.equal(code, 1, "concise exit code")

    case()
    corpus = os.path.join(tmp, "corpus")
    for i in range(1500):
        write(os.path.join(corpus, f"{i // 100:02d}", f"{i:04d}.md"), "<p>正文第%d篇，内容正常。</p>\n" % i * 40)
    # The line is drawn from the start (not after the usual half second): a
    # fast machine lints this corpus in less.
    env = dict(os.environ, NO_COLOR="1", HLINT_PROGRESS_AFTER_MS="0")
    env.pop("CI", None)
    env.pop("GITHUB_ACTIONS", None)
    seen = run_with_terminal_stderr(["--config", os.devnull, "--offline", "-j", "1", "corpus"], tmp, env)
    T.check("files linted" in seen and "files/s" in seen, f"a progress line on a terminal: {seen[-300:]!r}")
    seen_ci = run_with_terminal_stderr(["--config", os.devnull, "--offline", "-j", "1", "corpus"], tmp,
                                       dict(env, CI="true"))
    T.check("files linted" not in seen_ci, f"no progress line in CI: {seen_ci[-300:]!r}")
    _, _, err = run(["--config", os.devnull, "--offline", "corpus"], cwd=tmp)
    T.check("files linted" not in err, "no progress line when standard error is not a terminal")

    case()
    code, out, err = run(["--explain", "chars/"])
    T.check(code == 0 and "rules start with `chars/`" in out and "chars/latin-for-han" in out,
            f"--explain PREFIX lists the rules: {code} {out} {err}")
    code, out, err = run(["--explain", "chars/latin-for-hans"])
    T.check(code == 2 and "did you mean `chars/latin-for-han`" in err, f"--explain near miss: {code} {err}")
    code, out, err = run(["--list-rules", "--format", "json"])
    rules = json.loads(out)
    T.check(code == 0 and any(r["id"] == "suppression/unknown-rule" and r["severity"] == "warning" for r in rules)
            and all({"id", "family", "severity", "summary", "options", "corpus"} <= set(r) for r in rules),
            "--list-rules --format json")

    case()
    repo = os.path.join(tmp, "blog")
    genv = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=tmp, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@e",
                GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@e")
    write(os.path.join(repo, "old.md"), BAD)
    write(os.path.join(repo, "changed.md"), "<p>好</p>\n")
    for args in (["init", "-q", "."], ["add", "-A"], ["commit", "-q", "-m", "one"]):
        subprocess.run(["git"] + args, cwd=repo, env=genv, check=True, capture_output=True)
    write(os.path.join(repo, "changed.md"), b"<p>\xe5\xa5\xbd</p>\n\xff\n")
    code, out, err = run(["--format", "json"] + base + ["--since", "HEAD", "blog"], cwd=tmp)
    got = [(f["path"], f["start"]["line"]) for f in json.loads(out)["findings"]] if out.startswith("{") else err
    T.equal(got, [("blog/changed.md", 2)], "--since from outside the repository finds it from the paths")

T.finish(checks)
