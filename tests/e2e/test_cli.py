"""The command line: inputs, exit codes, config discovery and errors, output
determinism, text rendering. Uses the core's own rules (encoding/*, io/*,
document/*) so the expectations do not move when content checks change."""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import Failures, SEEDS_DIR, SOURCE_DIR, run, write  # noqa: E402

T = Failures()
checks = 0


def case(name):
    global checks
    checks += 1
    return name



def lint_json(args, cwd):
    code, out, err = run(["--format", "json", "--config", os.devnull] + args, cwd=cwd)
    return code, (json.loads(out)["findings"] if out.strip().startswith("{") else None), err


with tempfile.TemporaryDirectory() as tmp:
    corpus = os.path.join(tmp, "corpus")
    write(os.path.join(corpus, "b", "clean.txt"), "一篇没有问题的文章。\n")
    write(os.path.join(corpus, "a", "broken.txt"), b"\xe6\xa0\x87\xe9\xa2\x98\n\xe6\xad\xa3\xe6\x96\x87\xe8\x82 ok\n")
    write(os.path.join(corpus, "empty.txt"), b"")
    write(os.path.join(corpus, "junk.bin.txt"), b"\x89PNG\r\n\x1a\n\x00\x00")
    write(os.path.join(corpus, ".hidden", "broken.txt"), b"\xff\n")
    write(os.path.join(corpus, ".git", "objects.txt"), b"\xff\n")
    write(os.path.join(corpus, "drafts", "broken.txt"), b"\xff\n")
    select = ["--select", "encoding,io,document"]

    # Walk: recursive, sorted, hidden and .git skipped, per-file problems reported, run goes on.
    code, items, err = lint_json(select + ["corpus"], tmp)
    case("walk")
    got = [(f["path"], f["rule"], f["start"]["line"], f["start"]["column"]) for f in items]
    T.equal(got, [
        ("corpus/a/broken.txt", "encoding/invalid-bytes", 2, 3),
        ("corpus/drafts/broken.txt", "encoding/invalid-bytes", 1, 1),
        ("corpus/empty.txt", "document/empty", 1, 1),
        ("corpus/junk.bin.txt", "io/binary", 1, 1),
    ], "walk order, skipped entries and per-file findings")
    T.equal(code, 1, "exit code with an error finding")

    case("exclude/include")
    code, items, _ = lint_json(select + ["--exclude", "corpus/drafts/*", "corpus"], tmp)
    T.check(all("drafts" not in f["path"] for f in items), "--exclude skips the drafts folder")
    code, items, _ = lint_json(select + ["--include", "*/a/*", "corpus"], tmp)
    T.equal(sorted({f["path"] for f in items}), ["corpus/a/broken.txt"], "--include keeps only matches")

    case("stdin list")
    code, out, err = run(["--format", "json", "--config", os.devnull] + select + ["-"], cwd=tmp,
                         stdin=b"corpus/a/broken.txt\ncorpus/b/clean.txt\n")
    T.equal([f["path"] for f in json.loads(out)["findings"]], ["corpus/a/broken.txt"], "paths read from stdin")

    case("missing path")
    code, items, _ = lint_json(select + ["corpus/b/clean.txt", "no-such-file.txt"], tmp)
    T.equal([(f["path"], f["rule"]) for f in items], [("no-such-file.txt", "io/unreadable")], "missing path reported")
    T.equal(code, 1, "a missing path makes the run fail")

    case("exit codes")
    code, _, _ = lint_json(select + ["corpus/b/clean.txt"], tmp)
    T.equal(code, 0, "clean file exits 0")
    code, _, _ = lint_json(select + ["--exit-zero", "corpus/a/broken.txt"], tmp)
    T.equal(code, 0, "--exit-zero")
    code, _, _ = lint_json(["--select", "io/binary", "corpus/junk.bin.txt"], tmp)
    T.equal(code, 0, "info findings do not fail the run by default")
    code, _, _ = lint_json(["--select", "io/binary", "--fail-on", "info", "corpus/junk.bin.txt"], tmp)
    T.equal(code, 1, "--fail-on info")
    code, _, err = run(["--select", "no-such-rule", "corpus"], cwd=tmp)
    T.equal(code, 2, "unknown rule in --select is a usage error")
    T.check("no-such-rule" in err, "the error names the selector")
    code, _, _ = run(["--format", "yaml", "corpus"], cwd=tmp)
    T.equal(code, 2, "bad option value is a usage error")
    code, _, _ = run([], cwd=tmp)
    T.equal(code, 2, "no paths is a usage error")

    case("config discovery and errors")
    write(os.path.join(tmp, ".hlint.yaml"), "rules:\n  encoding/invalid-bytes: off\n")
    code, out, _ = run(["--format", "json"] + select + ["a/broken.txt"], cwd=os.path.join(tmp, "corpus"))
    T.equal(json.loads(out)["findings"], [], "config found in a parent directory turns the rule off")
    write(os.path.join(tmp, ".hlint.yaml"), "rules:\n  encoding/invalid-bytes:\n    severty: error\n")
    code, out, err = run(select + ["corpus/a/broken.txt"], cwd=tmp)
    T.equal(code, 2, "config error exits 2")
    T.check(".hlint.yaml:3:5:" in err and "severty" in err, f"config error names file, line and key: {err!r}")
    os.remove(os.path.join(tmp, ".hlint.yaml"))

    case("text output")
    code, out, _ = run(["--config", os.devnull, "--color", "never"] + select + ["corpus/a/broken.txt"], cwd=tmp)
    lines = out.splitlines()
    T.equal(lines[0], "corpus/a/broken.txt:2:3: error[encoding/invalid-bytes] "
                      "2 bytes are not valid UTF-8 (0xE8 0x82); shown as U+FFFD", "header line")
    T.equal(lines[2], "2 | 正文\ufffd\ufffd ok", "source line")
    # 正文 is four terminal cells wide: the carets start after them, one per replacement character.
    T.equal(lines[3], "  |     ^^", "caret line lines up under CJK text")
    T.check("\x1b[" not in out, "no colour when asked for none")
    code, out, _ = run(["--config", os.devnull, "--color", "always"] + select + ["corpus/a/broken.txt"], cwd=tmp)
    T.check("\x1b[" in out, "colour when asked for")
    T.check(any(l.strip().startswith("1  encoding/invalid-bytes") for l in out.splitlines()) or "Findings by rule" in out,
            "summary by rule")

    case("list-rules and explain")
    code, out, _ = run(["--list-rules"])
    T.check(code == 0 and "encoding/invalid-bytes" in out and "io/binary" in out, "--list-rules")
    code, out, _ = run(["--explain", "encoding/invalid-bytes"])
    T.check(code == 0 and "## What it does" in out and "## Why is this bad?" in out, "--explain prints the page")
    code, _, _ = run(["--explain", "nope/nope"])
    T.equal(code, 2, "--explain of an unknown rule")

    case("output file")
    target = os.path.join(tmp, "report.json")
    code, out, _ = run(["--config", os.devnull, "--format", "json", "-o", target] + select + ["corpus"], cwd=tmp)
    with open(target, encoding="utf-8") as f:
        T.check(len(json.load(f)["findings"]) == 4, "--output writes the report")
    T.equal(out, "", "nothing on stdout with --output")

# Determinism: the same bytes whatever the number of jobs, over the seeds and the sample corpus.
case("determinism")
outputs = []
for jobs in ("1", "2", "7"):
    code, out, err = run(["--offline", "--config", os.devnull, "--format", "json", "-j", jobs, SEEDS_DIR,
                          os.path.join(SOURCE_DIR, "fixtures", "sample")])
    outputs.append(out)
T.check(outputs[0] == outputs[1] == outputs[2], "output is byte-for-byte the same with -j 1, 2 and 7")
T.check(len(json.loads(outputs[0])["findings"]) > 0, "the corpus has findings to compare")

T.finish(checks)
