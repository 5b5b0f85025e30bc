"""--fix on small corpora: the summary line and exit code, per-file errors
(read-only file, read-only directory, unencodable fix) while the rest is
fixed, symbolic links, the config's fixable/unfixable, --select, suppressions,
baselines, --since, the formats (JSON applicability, SARIF fixes) and the
rule listing."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SOURCE_DIR, Failures, run, write  # noqa: E402

PAIRS = os.path.join(SOURCE_DIR, "fixtures", "fix")
T = Failures()
checks = 0


def case(name):
    global checks
    checks += 1
    print("-", name)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def pair(name, which):
    return read(os.path.join(PAIRS, name, which))


def fresh(work, files):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for rel, data in files.items():
        write(os.path.join(work, rel), data)


def fix(work, *args):
    return run(["--fix", "--offline", "--no-cache", "--color", "never"] + list(args), cwd=work)


root = tempfile.mkdtemp(prefix="hlint-fix-cli-")
work = os.path.join(root, "w")
try:
    case("summary line, remaining findings, exit code")
    fresh(work, {"a.txt": pair("chars-utf8-lf", "before.txt"), "b.txt": pair("html-post", "before.txt"),
                 "clean.txt": "正常的文字。\n"})
    code, out, err = fix(work, "--format", "json", "a.txt", "b.txt", "clean.txt")
    remaining = json.loads(out)["findings"]
    T.equal(err.strip().splitlines()[-1],
            f"Fixed 6 findings in 2 files ({len(remaining)} remain, 3 more fixable with --unsafe-fixes)", "summary")
    T.equal(code, 1 if remaining else 0, "exit code from what remains")
    T.equal(read(os.path.join(work, "a.txt")), pair("chars-utf8-lf", "after.txt"), "a.txt fixed")
    T.check(all(f["rule"] not in ("chars/latin-for-han", "chars/split-word") for f in remaining),
            "the remaining findings are those of the fixed files")
    T.equal(sum(1 for f in remaining if (f.get("fix") or {}).get("applicability") == "unsafe"), 3,
            "the unsafe fixes remain, marked unsafe in JSON")
    code, out, err = fix(work, "--unsafe-fixes", "a.txt", "b.txt", "clean.txt")
    T.check(err.strip().endswith("Fixed 3 findings in 1 file (%s remain)" % err.strip().split("(")[-1].split()[0]),
            f"--unsafe-fixes summary has no 'more fixable' note: {err!r}")
    T.equal(read(os.path.join(work, "b.txt")), pair("html-post", "after-unsafe.txt"), "b.txt fixed with unsafe fixes")

    case("--exit-non-zero-on-fix")
    fresh(work, {"a.txt": "<p>彻.底治疗</p>\n"})
    code, _, err = fix(work, "--exit-zero", "a.txt")
    T.equal(code, 0, "--exit-zero after a fix")
    fresh(work, {"a.txt": "<p>彻.底治疗</p>\n"})
    code, _, err = fix(work, "--exit-zero", "--exit-non-zero-on-fix", "a.txt")
    T.equal(code, 1, "--exit-non-zero-on-fix when a file changed")

    case("read-only file, read-only directory, unencodable fix: per-file errors, the rest fixed")
    gb = ("这是一篇关于健康饮食的文章，内容包括蔬菜水果的搭配。" * 3 + "\n表情：" +
          "😀".encode("utf-8").decode("cp1252") + "\nZ主要原因是饮食\n").encode("gb18030")
    fresh(work, {"ok.txt": pair("chars-utf8-lf", "before.txt"), "ro.txt": pair("chars-utf8-lf", "before.txt"),
                 "locked/x.txt": pair("chars-utf8-lf", "before.txt"), "gb.txt": gb})
    os.chmod(os.path.join(work, "ro.txt"), 0o444)
    os.chmod(os.path.join(work, "locked"), 0o555)
    try:
        code, out, err = fix(work, ".")
    finally:
        os.chmod(os.path.join(work, "locked"), 0o755)
    T.equal(read(os.path.join(work, "ok.txt")), pair("chars-utf8-lf", "after.txt"), "ok.txt fixed")
    T.equal(read(os.path.join(work, "ro.txt")), pair("chars-utf8-lf", "before.txt"), "ro.txt untouched")
    T.equal(read(os.path.join(work, "locked/x.txt")), pair("chars-utf8-lf", "before.txt"), "locked/x.txt untouched")
    T.equal(read(os.path.join(work, "gb.txt")), gb, "gb.txt untouched")
    T.check("ro.txt:1:1: error[fix/failed] not fixed, the file is left as it was: the file is read-only" in out, out)
    T.check("locked/x.txt:1:1: error[fix/failed] not fixed, the file is left as it was: cannot create a temporary "
            "file in " in out and "the directory is read-only" in out, out)
    T.check("gb.txt:1:1: error[fix/failed] not fixed, the file is left as it was: the fix's text `😀` cannot be "
            "written in GBK" in out, out)
    T.check(err.strip().endswith("3 files could not be fixed (see fix/failed)"), err)
    T.equal(code, 1, "exit 1: errors remain")
    T.equal(sorted(os.listdir(work)), ["gb.txt", "locked", "ok.txt", "ro.txt"], "no temporary file left")

    case("symbolic link: the target is written, the link stays")
    fresh(work, {"real/t.txt": pair("chars-gbk-crlf", "before.txt")})
    os.symlink("real/t.txt", os.path.join(work, "link.txt"))
    fix(work, "link.txt")
    T.check(os.path.islink(os.path.join(work, "link.txt")), "still a link")
    T.equal(read(os.path.join(work, "real/t.txt")), pair("chars-gbk-crlf", "after.txt"), "target fixed")

    case("config: unfixable, fixable, per-path unfixable; --select; suppressions")
    before = "<p>彻.底治疗，Z主要原因</p>\n<!-- hlint-disable-next-line chars/zero-width -->\n<p>肩周\u200b炎</p>\n"
    fresh(work, {"a.txt": before, "keep/b.txt": before,
                 ".hlint.yaml": "unfixable: [chars/latin-for-han]\noverrides:\n  - paths: ['keep/**']\n"
                                "    unfixable: [chars]\n"})
    fix(work, ".")
    T.equal(read(os.path.join(work, "a.txt")).decode(), before.replace("彻.底", "彻底"),
            "unfixable rule and suppressed finding left, the rest fixed")
    T.equal(read(os.path.join(work, "keep/b.txt")).decode(), before, "per-path unfixable")
    fresh(work, {"a.txt": before, ".hlint.yaml": "fixable: [chars/latin-for-han]\n"})
    fix(work, "a.txt")
    T.equal(read(os.path.join(work, "a.txt")).decode(), before.replace("Z主要", "最主要"), "fixable: only that rule")
    fresh(work, {"a.txt": before})
    fix(work, "--select", "chars/split-word", "a.txt")
    T.equal(read(os.path.join(work, "a.txt")).decode(), before.replace("彻.底", "彻底"), "--select")
    fresh(work, {"a.txt": before})
    fix(work, "--ignore", "chars/split-word", "a.txt")
    T.equal(read(os.path.join(work, "a.txt")).decode(), before.replace("Z主要", "最主要"), "--ignore")

    case("baseline: its findings are not fixed unless --fix-baseline")
    fresh(work, {"a.txt": "<p>彻.底治疗</p>\n"})
    run(["--offline", "--no-cache", "--write-baseline", "base.json", "a.txt"], cwd=work)
    with open(os.path.join(work, "a.txt"), "a", encoding="utf-8") as f:
        f.write("<p>Z主要原因</p>\n")
    fix(work, "--baseline", "base.json", "a.txt")
    T.equal(read(os.path.join(work, "a.txt")).decode(), "<p>彻.底治疗</p>\n<p>最主要原因</p>\n", "new finding fixed only")
    fix(work, "--baseline", "base.json", "--fix-baseline", "a.txt")
    T.equal(read(os.path.join(work, "a.txt")).decode(), "<p>彻底治疗</p>\n<p>最主要原因</p>\n", "--fix-baseline")

    case("--since: only changed lines")
    fresh(work, {"a.txt": "<p>彻.底治疗</p>\n<p>第二行</p>\n<p>第三行</p>\n"})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    for cmd in (["init", "-q"], ["add", "a.txt"], ["commit", "-qm", "one"]):
        subprocess.run(git + cmd, cwd=work, check=True, capture_output=True)
    with open(os.path.join(work, "a.txt"), "w", encoding="utf-8") as f:
        f.write("<p>彻.底治疗</p>\n<p>第二行</p>\n<p>Z主要原因</p>\n")
    code, out, err = fix(work, "--since", "HEAD", "a.txt")
    T.equal(read(os.path.join(work, "a.txt")).decode(), "<p>彻.底治疗</p>\n<p>第二行</p>\n<p>最主要原因</p>\n",
            f"only the changed line is fixed: {err}")

    case("--diff: the diff, no change, exit codes")
    fresh(work, {"a.txt": pair("chars-gbk-crlf", "before.txt"), "clean.txt": "正常。\n"})
    code, out, err = run(["--diff", "--offline", "a.txt"], cwd=work)
    T.equal(code, 1, "--diff exit 1 with a change")
    T.check(out.startswith("--- a/a.txt\n+++ b/a.txt\n@@ -1,8 +1,8 @@\n 腰突腿麻怎么办\r\n \r\n-1. 神经直接受压——Z主要“元凶”\r\n")
            and "\n+1. 神经直接受压——最主要“元凶”\r\n" in out, f"diff in UTF-8: {out!r}")
    T.equal(read(os.path.join(work, "a.txt")), pair("chars-gbk-crlf", "before.txt"), "--diff changes nothing")
    T.check(err.startswith("Would fix 4 findings in 1 file"), err)
    code, out, err = run(["--diff", "--offline", "clean.txt"], cwd=work)
    T.check(code == 0 and out == "", f"--diff exit 0 and no output without a change: {code} {out!r}")

    case("SARIF fixes, --list-rules, --explain")
    fresh(work, {"a.txt": "<p>彻.底治疗</p>\n"})
    code, out, _ = run(["--offline", "--format", "sarif", "a.txt"], cwd=work)
    results = json.loads(out)["runs"][0]["results"]
    fixes = [r["fixes"][0] for r in results if r["ruleId"] == "chars/split-word"]
    T.check(fixes and fixes[0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == ""
            and fixes[0]["properties"]["applicability"] == "safe", f"SARIF fix: {fixes}")
    code, out, _ = run(["--list-rules"])
    columns = {line.split()[0]: line.split()[2] for line in out.splitlines()}
    T.equal((columns["chars/split-word"], columns["html/empty-element"], columns["io/binary"]), ("safe", "unsafe", "-"),
            "--list-rules fix column")
    code, out, _ = run(["--explain", "related/doubled-title"])
    T.check("## Fix\n\nUnsafe:" in out, "--explain says how the rule is fixed")
finally:
    for dirpath, dirnames, _ in os.walk(root):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), 0o755)
    shutil.rmtree(root, ignore_errors=True)
T.finish(checks)
