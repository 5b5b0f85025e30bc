"""GitHub annotations (`--format github`) and the job summary.

Runs hlint inside a temporary git repository, from a subdirectory, on
documents whose names and messages need escaping, and checks:
  - each finding is one workflow command `::error|warning|notice
    file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`, whose
    properties and message decode (with @actions/core's escaping) to exactly
    the finding of `--format json`;
  - `col`/`endColumn` (UTF-16 units, end exclusive) only on one-line spans,
    no line for whole-file findings; paths relative to the repository root
    (or $GITHUB_WORKSPACE);
  - the most severe come first, then one summary line (counts by rule, where
    to find the rest);
  - $GITHUB_STEP_SUMMARY gets a Markdown summary appended;
  - `--report sarif=FILE` writes the SARIF of the same run.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import Failures, run, write  # noqa: E402

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")
SEVERITY_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
RANK = {"error": 0, "warning": 1, "notice": 2}


def unescape(text):
    # Inverse of @actions/core's escapeData/escapeProperty.
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m.group(1)],
                  text)


def parse_commands(output):
    commands, others = [], []
    for line in output.splitlines():
        match = COMMAND.match(line)
        if not match:
            others.append(line)
            continue
        properties = {}
        raw_properties = match.group(2) or ""
        for item in raw_properties.split(",") if raw_properties else []:
            key, _, value = item.partition("=")
            properties[key] = unescape(value)
        commands.append({"command": match.group(1), "properties": properties, "raw": line,
                         "message": unescape(match.group(3))})
    return commands, others


def git(args, cwd):
    subprocess.run(["git"] + args, cwd=cwd, check=True, capture_output=True)



def main():
    failures = Failures()
    checks = 0
    code, rules_out, _ = run(["--list-rules"])
    known_rules = {line.split()[0] for line in rules_out.splitlines()}
    work = tempfile.mkdtemp(prefix="hlint-github-")
    try:
        repo = os.path.join(work, "repo")
        os.makedirs(repo)
        git(["init", "-q"], repo)
        sub = os.path.join(repo, "文章 docs")
        odd_name = "a,b:c%.txt"
        write(os.path.join(sub, odd_name), b"<p>x</p>\n\xf0\x9f\x98\x80\xf0\xa0\x80\x80ab\xffcd\n")
        # A suppression comment over two lines: a multi-line span.
        write(os.path.join(sub, "multi.txt"), "<p>一</p>\n<!-- hlint-disable-next-line\n  encoding/not-utf8 -->\n<p>二</p>\n")
        write(os.path.join(sub, "empty.txt"), b"")
        write(os.path.join(sub, "binary.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
        # Messages with '%' and fixes (a second line) when those rules exist.
        write(os.path.join(sub, "claims.txt"), "<p>本院治愈率98%，无效退款。</p>\n<p></p>\n")
        summary_path = os.path.join(work, "summary.md")
        with open(summary_path, "w", encoding="utf-8") as f:
            f.write("# An earlier step\n")
        sarif_path = os.path.join(work, "extra.sarif")

        common = ["--offline", "--no-cache", "--config", os.devnull]
        code, out, err = run(["--format", "github", "--report", f"sarif={sarif_path}"] + common + ["."], cwd=sub,
                             env={"GITHUB_STEP_SUMMARY": summary_path})
        failures.equal(code, 1, f"exit code with findings ({err})")
        _, json_out, _ = run(["--format", "json"] + common + ["."], cwd=sub)
        findings = json.loads(json_out)["findings"]
        commands, others = parse_commands(out)

        checks += 1
        failures.equal(len(commands), len(findings), "one workflow command per finding")
        checks += 1
        ranks = [RANK[c["command"]] for c in commands]
        failures.equal(ranks, sorted(ranks), "the most severe annotations should come first")

        # Every finding is an annotation that decodes to it exactly.
        def expected(f):
            message = f["message"] + (f"\nfix: {f['fix']['description']}" if "fix" in f else "")
            path = "文章 docs/" + f["path"]
            props = {"file": path, "title": f"hlint {f['rule']}"}
            if f["rule"] not in ("document/empty", "io/binary"):
                props.update(line=str(f["start"]["line"]), endLine=str(f["end"]["line"]))
                if f["start"]["line"] == f["end"]["line"]:
                    props.update(col=str(f["start"]["utf16_column"]), endColumn=str(f["end"]["utf16_column"]))
            return (SEVERITY_COMMAND[f["severity"]], tuple(sorted(props.items())), message)

        actual = sorted((c["command"], tuple(sorted(c["properties"].items())), c["message"]) for c in commands)
        checks += 1
        failures.equal(actual, sorted(expected(f) for f in findings), "annotations decode to the findings")

        by_file = {}
        for c in commands:
            by_file.setdefault(c["properties"].get("file"), []).append(c)
        # Escaping of property values and of the message.
        checks += 1
        odd = by_file.get("文章 docs/" + odd_name, [])
        failures.check(any("file=文章 docs/a%2Cb%3Ac%25.txt," in c["raw"] for c in odd),
                       f"the file property should escape , : % ({[c['raw'] for c in odd]})")
        invalid = [c for c in odd if c["properties"].get("title") == "hlint encoding/invalid-bytes"]
        checks += 1
        failures.check(len(invalid) == 1 and invalid[0]["properties"].get("col") == "7"
                       and invalid[0]["properties"].get("endColumn") == "8",
                       f"UTF-16 columns after an emoji and a CJK Extension B character: {[c['raw'] for c in invalid]}")
        checks += 1
        failures.check(all(",title=hlint encoding/invalid-bytes::" in c["raw"] for c in invalid),
                       "the title property (hlint RULE) should come last")
        multi = [c for c in by_file.get("文章 docs/multi.txt", []) if c["properties"].get("title") == "hlint suppression/unused"]
        checks += 1
        failures.check(len(multi) == 1 and multi[0]["properties"].get("line") == "2"
                       and multi[0]["properties"].get("endLine") == "3" and "col" not in multi[0]["properties"]
                       and "endColumn" not in multi[0]["properties"],
                       f"a span over two lines has line/endLine but no columns: {[c['raw'] for c in multi]}")
        whole = by_file.get("文章 docs/empty.txt", [])
        checks += 1
        failures.check(len(whole) == 1 and "line" not in whole[0]["properties"] and whole[0]["command"] == "warning",
                       f"a whole-file finding has no line: {[c['raw'] for c in whole]}")
        binary = by_file.get("文章 docs/binary.txt", [])
        checks += 1
        failures.check(len(binary) == 1 and binary[0]["command"] == "notice", "info findings are notices")
        if any("%" in f["message"] for f in findings):
            checks += 1
            failures.check(any("%25" in c["raw"].split("::", 2)[2] for c in commands), "'%' in a message is escaped")
        if any("fix" in f for f in findings):
            checks += 1
            failures.check(any("%0Afix: " in c["raw"] for c in commands), "a fix is a second line, escaped as %0A")
        if "advertising/banned-word" in known_rules:
            checks += 1
            failures.check(any("%" in f["message"] for f in findings), "expected a message with '%' (治愈率98%)")

        # The summary line after the annotations.
        checks += 1
        summary_line = others[-1] if others else ""
        counts = {}
        for f in findings:
            counts[f["rule"]] = counts.get(f["rule"], 0) + 1
        by_rule = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items()))
        failures.check(summary_line.startswith(f"hlint: {len(findings)} findings (") and f"By rule: {by_rule}." in summary_line
                       and "SARIF" in summary_line, f"summary line: {summary_line!r}")
        checks += 1
        failures.equal(len(others), 1, "one line besides the annotations")

        # The job summary, appended.
        with open(summary_path, encoding="utf-8") as f:
            summary = f.read()
        checks += 1
        failures.check(summary.startswith("# An earlier step\n## hlint\n"), "the job summary is appended")
        failures.check(f"**{len(findings)} findings**" in summary, "job summary: total")
        failures.check("| Rule | Errors | Warnings | Info | Total |" in summary, "job summary: table by rule")
        failures.check("| File | Errors | Warnings | Info | Total |" in summary, "job summary: table by file")
        for rule, n in counts.items():
            failures.check(re.search(rf"^\| {re.escape(rule)} \| \d+ \| \d+ \| \d+ \| {n} \|$", summary, re.M) is not None,
                           f"job summary: row of {rule} with total {n}")
        odd_counts = [sum(1 for f in findings if f["path"] == odd_name and f["severity"] == s)
                      for s in ("error", "warning", "info")]
        odd_row = "| 文章 docs/a,b:c%.txt | {} | {} | {} | {} |".format(*odd_counts, sum(odd_counts))
        failures.check(odd_row in summary, f"job summary: row {odd_row}")

        # --report wrote the SARIF of the same run.
        checks += 1
        with open(sarif_path, encoding="utf-8") as f:
            failures.equal(len(json.load(f)["runs"][0]["results"]), len(findings), "--report sarif=FILE")

        # $GITHUB_WORKSPACE is the root when hlint runs inside it (no .git).
        plain = os.path.join(work, "workspace")
        write(os.path.join(plain, "sub", "x.txt"), b"\xff\n")
        code, out, _ = run(["--format", "github"] + common + ["x.txt"], cwd=os.path.join(plain, "sub"),
                           env={"GITHUB_WORKSPACE": plain})
        checks += 1
        failures.check(",".join(out.splitlines()[:1]).startswith("::error file=sub/x.txt,line=1,"),
                       f"paths relative to $GITHUB_WORKSPACE: {out[:200]!r}")
        # ...and not when it runs elsewhere: a stray variable changes nothing.
        code, out, _ = run(["--format", "github"] + common + ["x.txt"], cwd=os.path.join(plain, "sub"),
                           env={"GITHUB_WORKSPACE": repo})
        checks += 1
        failures.check(out.startswith("::error file=x.txt,line=1,"), f"a GITHUB_WORKSPACE hlint is not in: {out[:200]!r}")

        # No findings: no command, one line, exit 0, and the job summary says so.
        clean_summary = os.path.join(work, "clean.md")
        write(os.path.join(work, "clean", "ok.txt"), "<p>正常的文字。</p>\n")
        code, out, _ = run(["--format", "github", "--select", "encoding"] + common + ["clean"], cwd=work,
                           env={"GITHUB_STEP_SUMMARY": clean_summary})
        checks += 1
        failures.equal((code, out), (0, "hlint: no findings in 1 file.\n"), "a clean run")
        with open(clean_summary, encoding="utf-8") as f:
            failures.equal(f.read(), "## hlint\n\nNo findings in 1 file.\n\n", "the job summary of a clean run")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failures.finish(checks)


if __name__ == "__main__":
    main()
