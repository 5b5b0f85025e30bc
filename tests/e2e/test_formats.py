"""More output formats, each checked against its documented shape:
  - rdjson (reviewdog's DiagnosticResult): validated with a JSON schema written
    from reviewdog's proto/rdf/reviewdog.proto; columns are UTF-8 bytes and a
    range's end is exclusive (the bytes between them are the span's text);
    fixes become suggestions that, applied, give the fixed line;
  - GitLab Code Quality: the fields GitLab requires (description, check_name,
    fingerprint, severity, location.path relative to the repository root
    without "./", location.lines.begin), unique fingerprints;
  - JUnit XML: parses (even with XML-hostile file names), the counts agree,
    one failed test case per finding, one passing case for a clean run.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import Failures, run, write  # noqa: E402

# reviewdog.proto as JSON Schema (draft 4). Strict: no property the format
# does not define.
POSITION = {"type": "object", "properties": {"line": {"type": "integer", "minimum": 1},
                                              "column": {"type": "integer", "minimum": 1}},
            "additionalProperties": False}
RANGE = {"type": "object", "required": ["start"], "properties": {"start": POSITION, "end": POSITION},
         "additionalProperties": False}
NAMED = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1},
                                                                 "url": {"type": "string"}},
         "additionalProperties": False}
CODE = {"type": "object", "required": ["value"], "properties": {"value": {"type": "string", "minLength": 1},
                                                                 "url": {"type": "string"}},
        "additionalProperties": False}
SEVERITY = {"enum": ["UNKNOWN_SEVERITY", "ERROR", "WARNING", "INFO"]}
RDJSON_SCHEMA = {
    "type": "object", "required": ["diagnostics"], "additionalProperties": False,
    "properties": {
        "source": NAMED, "severity": SEVERITY,
        "diagnostics": {"type": "array", "items": {
            "type": "object", "required": ["message", "location"], "additionalProperties": False,
            "properties": {
                "message": {"type": "string", "minLength": 1},
                "location": {"type": "object", "required": ["path"], "additionalProperties": False,
                             "properties": {"path": {"type": "string"}, "range": RANGE}},
                "severity": SEVERITY, "source": NAMED, "code": CODE, "original_output": {"type": "string"},
                "suggestions": {"type": "array", "items": {
                    "type": "object", "required": ["range", "text"], "additionalProperties": False,
                    "properties": {"range": RANGE, "text": {"type": "string"}}}},
            }}},
    },
}
# GitLab's Code Quality report: the fields its documentation requires.
GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "type": {"enum": ["issue"]},
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "categories": {"type": "array", "items": {"type": "string"}},
            "location": {
                "type": "object", "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^(\\./|/)"}},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1},
                                             "end": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}

PREFIX = "😀𠀀ab"
COMMENT = "<!-- hlint-disable-next-line encoding/not-utf8 𠀀 -->"



def main():
    import jsonschema

    failures = Failures()
    checks = 0
    code, rules_out, _ = run(["--list-rules"])
    known_rules = {line.split()[0] for line in rules_out.splitlines()}
    work = tempfile.mkdtemp(prefix="hlint-formats-")
    try:
        repo = os.path.join(work, "repo")
        os.makedirs(repo)
        subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
        sub = os.path.join(repo, "语料")
        unicode_doc = os.path.join(sub, "文档.txt")
        write(unicode_doc, f"<p>一</p>\n{PREFIX}{COMMENT}\n<p>二</p>\n")
        write(os.path.join(sub, "fix.txt"), "<p>内容。</p>\n<p></p>\n")
        write(os.path.join(sub, "a&b<c>\"'\x01.txt"), b"\xff\n")
        write(os.path.join(sub, "empty.txt"), b"")
        common = ["--offline", "--no-cache", "--config", os.devnull, "."]
        _, json_out, _ = run(["--format", "json"] + common, cwd=sub)
        findings = json.loads(json_out)["findings"]
        failures.check(len(findings) >= 4, f"expected findings in the corpus, got {len(findings)}")

        # --- rdjson -------------------------------------------------------
        code, out, err = run(["--format", "rdjson"] + common, cwd=sub)
        checks += 1
        failures.equal(code, 1, f"rdjson exit code ({err})")
        rdjson = json.loads(out)
        for error in list(jsonschema.Draft4Validator(RDJSON_SCHEMA).iter_errors(rdjson))[:5]:
            failures.check(False, f"rdjson schema: {'/'.join(map(str, error.absolute_path))}: {error.message}")
        diagnostics = rdjson["diagnostics"]
        checks += 1
        failures.equal(len(diagnostics), len(findings), "rdjson: one diagnostic per finding")
        failures.equal(sorted((d["location"]["path"], d["code"]["value"]) for d in diagnostics),
                       sorted((f["path"], f["rule"]) for f in findings), "rdjson: paths and rules")
        unused = [d for d in diagnostics if d["code"]["value"] == "suppression/unused" and d["location"]["path"] == "文档.txt"]
        checks += 1
        failures.equal(len(unused), 1, "rdjson: the unused suppression")
        if unused:
            with open(unicode_doc, "rb") as f:
                line = f.read().split(b"\n")[1]
            start, end = unused[0]["location"]["range"]["start"], unused[0]["location"]["range"]["end"]
            failures.equal((start["line"], start["column"], end["line"], end["column"]),
                           (2, len(PREFIX.encode()) + 1, 2, len(PREFIX.encode()) + 1 + len(COMMENT.encode())),
                           "rdjson: UTF-8 byte columns after an emoji and a CJK Extension B character")
            failures.equal(line[start["column"] - 1:end["column"] - 1].decode(), COMMENT,
                           "rdjson: the bytes between start and the exclusive end are the span")
        empty = [d for d in diagnostics if d["location"]["path"] == "empty.txt"]
        checks += 1
        failures.check(len(empty) == 1 and "range" not in empty[0]["location"], "rdjson: a whole-file finding has no range")
        if "html/empty-element" in known_rules:
            fixed = [d for d in diagnostics if d["location"]["path"] == "fix.txt" and d.get("suggestions")]
            checks += 1
            failures.check(len(fixed) >= 1, "rdjson: a fix becomes a suggestion")
            for d in fixed[:1]:
                with open(os.path.join(sub, "fix.txt"), "rb") as f:
                    lines = f.read().split(b"\n")
                s = d["suggestions"][0]
                r = s["range"]
                failures.equal(r["start"]["line"], r["end"]["line"], "rdjson: a one-line suggestion")
                target = lines[r["start"]["line"] - 1]
                applied = target[:r["start"]["column"] - 1] + s["text"].encode() + target[r["end"]["column"] - 1:]
                failures.equal(applied, b"", "rdjson: applying the suggestion deletes the empty element")

        # --- GitLab Code Quality -----------------------------------------
        code, out, err = run(["--format", "gitlab"] + common, cwd=sub)
        checks += 1
        failures.equal(code, 1, f"gitlab exit code ({err})")
        gitlab = json.loads(out)
        for error in list(jsonschema.Draft4Validator(GITLAB_SCHEMA).iter_errors(gitlab))[:5]:
            failures.check(False, f"gitlab schema: {'/'.join(map(str, error.absolute_path))}: {error.message}")
        checks += 1
        failures.equal(len(gitlab), len(findings), "gitlab: one issue per finding")
        failures.equal(len({i["fingerprint"] for i in gitlab}), len(gitlab), "gitlab: fingerprints are unique")
        failures.equal(sorted((i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in gitlab),
                       sorted(("语料/" + f["path"], f["start"]["line"], f["rule"]) for f in findings),
                       "gitlab: paths relative to the repository root, lines")
        severities = {f["rule"]: f["severity"] for f in findings}
        mapping = {"error": "major", "warning": "minor", "info": "info"}
        failures.check(all(i["severity"] == mapping[severities[i["check_name"]]] for i in gitlab), "gitlab: severities")
        # Fingerprints are content-based: the same report after an edit elsewhere.
        # (A line inserted after the first one moves the other findings down.)
        with open(unicode_doc, "r+", encoding="utf-8") as f:
            first, rest = f.read().split("\n", 1)
            f.seek(0)
            f.write(first + "\n<p>新的一行。</p>\n" + rest)
        _, out_after, _ = run(["--format", "gitlab"] + common, cwd=sub)
        checks += 1
        failures.equal(sorted(i["fingerprint"] for i in json.loads(out_after)),
                       sorted(i["fingerprint"] for i in gitlab), "gitlab: fingerprints survive an inserted line")
        # $CI_PROJECT_DIR is the root when hlint runs inside it.
        _, out, _ = run(["--format", "gitlab", "--offline", "--no-cache", "--config", os.devnull, "empty.txt"], cwd=sub,
                        env={"CI_PROJECT_DIR": sub})
        checks += 1
        failures.equal([i["location"]["path"] for i in json.loads(out)], ["empty.txt"], "gitlab: paths under $CI_PROJECT_DIR")

        # --- JUnit XML ----------------------------------------------------
        code, out, err = run(["--format", "junit"] + common, cwd=sub)
        checks += 1
        failures.equal(code, 1, f"junit exit code ({err})")
        try:
            root = ElementTree.fromstring(out.encode("utf-8"))
        except ElementTree.ParseError as e:
            failures.check(False, f"junit: not well-formed XML: {e}")
            root = ElementTree.Element("testsuites")
        failures.equal(root.tag, "testsuites", "junit: root element")
        cases = root.findall("./testsuite/testcase")
        failed = root.findall("./testsuite/testcase/failure")
        failures.equal((int(root.get("tests", -1)), int(root.get("failures", -1))), (len(cases), len(failed)),
                       "junit: testsuites counts")
        failures.equal(len(failed), len(findings), "junit: one failure per finding")
        for suite in root.findall("testsuite"):
            failures.equal((int(suite.get("tests", -1)), int(suite.get("failures", -1))),
                           (len(suite.findall("testcase")), len(suite.findall("testcase/failure"))),
                           f"junit: counts of suite {suite.get('name')}")
        failures.check(all(c.get("name") and c.get("classname") for c in cases), "junit: test cases have name and classname")
        failures.check(all(f.get("message") and f.get("type") and f.text for f in failed), "junit: failures have message, type, text")
        failures.check(any(s.get("name") == "a&b<c>\"'\ufffd.txt" for s in root.findall("testsuite")),
                       "junit: an XML-hostile file name is escaped (control characters as U+FFFD)")
        located = [c for c in cases if c.get("file") == "文档.txt"]
        failures.check(located and all(c.get("line", "").isdigit() for c in located), "junit: file and line attributes")

        write(os.path.join(work, "clean", "ok.txt"), "<p>正常的文字。</p>\n")
        code, out, _ = run(["--format", "junit", "--select", "encoding", "--config", os.devnull, "clean"], cwd=work)
        checks += 1
        root = ElementTree.fromstring(out.encode("utf-8"))
        failures.equal((code, root.get("tests"), root.get("failures"), len(root.findall("./testsuite/testcase")),
                        len(root.findall(".//failure"))), (0, "1", "0", 1, 0), "junit: a clean run is one passing case")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failures.finish(checks)


if __name__ == "__main__":
    main()
