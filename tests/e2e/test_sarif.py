"""SARIF that GitHub code scanning accepts.

Every SARIF file hlint writes here (the seeds, every fixture directory, and
hand-made cases: CJK file names, an emoji and a CJK Extension B character
before a span, an empty run, a baseline run, whole-file findings) is
  - validated against the OASIS SARIF 2.1.0 schema (Draft 4, python3-jsonschema);
  - validated by Microsoft's SARIF multitool with GitHub's rules
    (`validate --rule-kind "Ghas;Sarif"`), asserting no error in its output log;
  - checked for what GitHub relies on: columnKind utf16CodeUnits and the
    columns to match, exclusive endColumn, %SRCROOT% with originalUriBaseIds,
    percent-encoded relative URIs, a results array even when empty, rules with
    descriptions and help from their documentation pages, automationDetails.id,
    hlint's own fingerprint and no primaryLocationLineHash.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SCHEMA, SEEDS_DIR, SOURCE_DIR, Failures, run  # noqa: E402

NPM_DIR = os.path.join(SOURCE_DIR, "tests", "npm")
MULTITOOL = os.path.join(NPM_DIR, "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Multitool warnings that are accepted, and why.
ACCEPTED_WARNINGS = {"SARIF2005": "tool.driver.informationUri: hlint has no public home page to point to"}


def utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def hlint_sarif(failures, args, cwd, out_path):
    code, out, err = run(["--format", "sarif", "--no-cache", "-o", out_path] + args, cwd=cwd)
    failures.check(code in (0, 1), f"hlint {' '.join(args)} exited {code}: {err}")
    with open(out_path, encoding="utf-8") as f:
        return json.load(f)


def check_shape(failures, label, sarif, explained):
    run0 = sarif["runs"][0]
    failures.equal(run0.get("columnKind"), "utf16CodeUnits", f"{label}: columnKind")
    failures.check(isinstance(run0.get("results"), list), f"{label}: no results array")
    failures.check(bool(run0.get("automationDetails", {}).get("id")), f"{label}: no automationDetails.id")
    root = run0.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "")
    failures.check(root.startswith("file:///") and root.endswith("/"), f"{label}: %SRCROOT% is {root!r}")
    rules = run0["tool"]["driver"]["rules"]
    for rule in rules:
        for key in ("shortDescription", "fullDescription"):
            failures.check(rule.get(key, {}).get("text", "").strip() != "", f"{label}: rule {rule['id']} has no {key}")
        help_ = rule.get("help", {})
        failures.check(help_.get("text", "").strip() != "" and help_.get("markdown", "").strip() != "",
                       f"{label}: rule {rule['id']} has no help text/markdown")
        if rule["id"] in explained:
            failures.equal(help_.get("markdown", "").rstrip("\n"), explained[rule["id"]].rstrip("\n"),
                           f"{label}: help.markdown of {rule['id']} is not its documentation page")
        failures.check("name" not in rule or rule["name"] != rule["id"], f"{label}: rule {rule['id']} name == id")
    text = json.dumps(sarif)
    failures.check("primaryLocationLineHash" not in text, f"{label}: emits primaryLocationLineHash")
    for result in run0["results"]:
        failures.check("hlintFingerprint/v1" in result.get("partialFingerprints", {}),
                       f"{label}: result without hlintFingerprint/v1")
        for location in result.get("locations", []):
            physical = location["physicalLocation"]
            artifact = physical["artifactLocation"]
            uri = artifact.get("uri", "")
            failures.equal(artifact.get("uriBaseId"), "%SRCROOT%", f"{label}: uriBaseId of {uri}")
            failures.check(uri.isascii() and ":" not in uri and not uri.startswith("/") and " " not in uri,
                           f"{label}: uri {uri!r} is not a percent-encoded relative reference")
            region = physical.get("region", {})
            failures.check(region.get("startLine", 0) >= 1, f"{label}: {uri} has no region.startLine")
            if "endColumn" in region and region.get("endLine") == region.get("startLine"):
                failures.check(region["endColumn"] >= region["startColumn"], f"{label}: {uri} endColumn < startColumn")


def schema_errors(validator, sarif):
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator.iter_errors(sarif)]


def run_multitool(failures, files, work):
    """Validates with GitHub's rules; returns the number of files checked."""
    if not os.path.exists(MULTITOOL):
        message = (f"the SARIF multitool is not installed ({os.path.relpath(MULTITOOL, SOURCE_DIR)}); "
                   f"run `npm ci --prefix tests/npm`")
        if IN_CI:
            failures.check(False, message)
        else:
            print("SKIP:", message)
        return 0
    # npm does not run the package's install script here: make it executable.
    os.chmod(MULTITOOL, os.stat(MULTITOOL).st_mode | 0o100)
    log = os.path.join(work, "multitool.sarif")
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")
    # Called directly: the npm wrapper goes through a shell, which would split
    # "Ghas;Sarif" at the semicolon.
    proc = subprocess.run([MULTITOOL, "validate", "--rule-kind", "Ghas;Sarif", "-o", log] + files,
                          capture_output=True, env=env, timeout=180)
    if not os.path.exists(log):
        failures.check(False, f"the multitool wrote no log: {proc.stdout.decode()[-2000:]}{proc.stderr.decode()[-2000:]}")
        return 0
    with open(log, encoding="utf-8-sig") as f:
        validation = json.load(f)
    rules = validation["runs"][0]["tool"]["driver"].get("rules", [])
    for result in validation["runs"][0].get("results", []):
        level = result.get("level", "warning")
        rule_id = result.get("ruleId") or rules[result.get("ruleIndex", 0)]["id"]
        where = result.get("locations", [{}])[0].get("physicalLocation", {})
        place = f"{where.get('artifactLocation', {}).get('uri', '?')}:{where.get('region', {}).get('startLine', '?')}"
        text = result.get("message", {}).get("text") or json.dumps(result.get("message"))
        if level == "error":
            failures.check(False, f"multitool error {rule_id} at {place}: {text[:600]}")
        elif level == "warning" and rule_id.split(".")[0] not in ACCEPTED_WARNINGS:
            failures.check(False, f"multitool warning {rule_id} at {place}: {text[:600]}")
    for notification in validation["runs"][0].get("invocations", [{}])[0].get("toolExecutionNotifications", []):
        if notification.get("level") == "error":
            failures.check(False, f"multitool could not validate: {json.dumps(notification)[:600]}")
    return len(files)


def main():
    import jsonschema

    failures = Failures()
    checks = 0
    with open(SCHEMA, encoding="utf-8") as f:
        validator = jsonschema.Draft4Validator(json.load(f))
    explained = {}
    code, out, _ = run(["--list-rules"])
    for line in out.splitlines():
        rule = line.split()[0]
        _, page, _ = run(["--explain", rule])
        explained[rule] = page
    work = tempfile.mkdtemp(prefix="hlint-sarif-")
    try:
        produced = []  # (label, path, sarif)

        # The user's documents.
        path = os.path.join(work, "seeds.sarif")
        produced.append(("seeds", path, hlint_sarif(failures, ["--offline", "."], SEEDS_DIR, path)))

        # Every fixture, as the fixture test lints it (one rule, its config),
        # and the whole fixtures tree with every rule.
        checks_dir = os.path.join(SOURCE_DIR, "fixtures", "checks")
        for root, dirs, files in sorted(os.walk(checks_dir)):
            dirs.sort()
            if not any(f.endswith(".txt") for f in files):
                continue
            rule = os.path.relpath(root, checks_dir)
            config = os.path.join(root, "hlint.yaml")
            args = ["--offline", "--select", rule, "--config", config if os.path.exists(config) else os.devnull,
                    os.path.relpath(root, SOURCE_DIR)]
            path = os.path.join(work, rule.replace("/", "__") + ".sarif")
            produced.append((f"fixtures {rule}", path, hlint_sarif(failures, args, SOURCE_DIR, path)))
        path = os.path.join(work, "fixtures.sarif")
        produced.append(("fixtures (all rules)", path,
                         hlint_sarif(failures, ["--offline", "--config", os.devnull, "fixtures"], SOURCE_DIR, path)))

        # Columns in UTF-16 code units: an emoji and a CJK Extension B
        # character (two units each) stand before both spans, and the second
        # span contains one.
        corpus = os.path.join(work, "语料 库")
        os.makedirs(corpus)
        prefix = "😀𠀀ab"
        comment = "<!-- hlint-disable-next-line encoding/not-utf8 𠀀 -->"
        with open(os.path.join(corpus, "文档 一.txt"), "wb") as f:
            f.write(b"<p>x</p>\n" + prefix.encode() + b"\xff" + b"cd\n" + prefix.encode() + comment.encode()
                    + b"\n<p>\xe6\xad\xa3\xe5\xb8\xb8</p>\n")
        open(os.path.join(corpus, "empty.txt"), "wb").close()
        path = os.path.join(work, "unicode.sarif")
        sarif = hlint_sarif(failures, ["--config", os.devnull, "--select", "encoding,suppression,document",
                                       "--offline", "语料 库"], work, path)
        produced.append(("unicode", path, sarif))
        results = sarif["runs"][0]["results"]
        by_rule = {r["ruleId"]: r for r in results}
        checks += 1
        invalid = by_rule.get("encoding/invalid-bytes")
        failures.check(invalid is not None, "unicode: no encoding/invalid-bytes result")
        if invalid:
            location = invalid["locations"][0]["physicalLocation"]
            failures.equal(location["artifactLocation"]["uri"], "%E8%AF%AD%E6%96%99%20%E5%BA%93/%E6%96%87%E6%A1%A3%20%E4%B8%80.txt",
                           "unicode: the Chinese path is not percent-encoded")
            region = location["region"]
            start = utf16_length(prefix) + 1
            failures.equal((region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]),
                           (2, start, 2, start + 1), "unicode: UTF-16 columns of the invalid byte (endColumn exclusive)")
        unused = by_rule.get("suppression/unused")
        failures.check(unused is not None, "unicode: no suppression/unused result")
        if unused:
            region = unused["locations"][0]["physicalLocation"]["region"]
            start = utf16_length(prefix) + 1
            failures.equal((region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]),
                           (3, start, 3, start + utf16_length(comment)),
                           "unicode: UTF-16 columns of a span that contains a non-BMP character")
        empty = by_rule.get("document/empty")
        failures.check(empty is not None and empty["locations"][0]["physicalLocation"]["region"] == {"startLine": 1},
                       "unicode: a whole-file finding should be located at line 1 without columns")

        # No findings: still a results array.
        clean = os.path.join(work, "clean")
        os.makedirs(clean)
        with open(os.path.join(clean, "ok.txt"), "w", encoding="utf-8") as f:
            f.write("<p>正常的文字。</p>\n")
        path = os.path.join(work, "clean.sarif")
        sarif = hlint_sarif(failures, ["--config", os.devnull, "--select", "encoding", "clean"], work, path)
        produced.append(("clean", path, sarif))
        checks += 1
        failures.equal(sarif["runs"][0].get("results"), [], "clean: results should be an empty array")

        # A baseline run: the new findings carry baselineState "new".
        baseline = os.path.join(work, "baseline.json")
        code, _, err = run(["--config", os.devnull, "--select", "encoding", "--write-baseline", baseline, "语料 库"], cwd=work)
        failures.equal(code, 0, f"--write-baseline exit code ({err})")
        with open(os.path.join(corpus, "new.txt"), "wb") as f:
            f.write(b"<p>\xfe</p>\n")
        path = os.path.join(work, "baseline.sarif")
        sarif = hlint_sarif(failures, ["--config", os.devnull, "--select", "encoding", "--baseline", baseline, "语料 库"],
                            work, path)
        produced.append(("baseline", path, sarif))
        checks += 1
        states = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r.get("baselineState"))
                  for r in sarif["runs"][0]["results"]]
        failures.equal(states, [("%E8%AF%AD%E6%96%99%20%E5%BA%93/new.txt", "new")], "baseline: only the new finding, as new")

        # The fingerprint in SARIF is the one --format json reports.
        code, out, _ = run(["--format", "json", "--config", os.devnull, "--select", "encoding", "--no-cache", "语料 库"], cwd=work)
        json_prints = sorted(f["fingerprint"] for f in json.loads(out)["findings"])
        sarif = hlint_sarif(failures, ["--config", os.devnull, "--select", "encoding", "语料 库"], work,
                            os.path.join(work, "prints.sarif"))
        sarif_prints = sorted(r["partialFingerprints"]["hlintFingerprint/v1"] for r in sarif["runs"][0]["results"])
        checks += 1
        failures.equal(sarif_prints, json_prints, "hlintFingerprint/v1 differs from the JSON fingerprint")

        for label, path, sarif in produced:
            checks += 1
            for error in schema_errors(validator, sarif)[:5]:
                failures.check(False, f"{label}: schema: {error}")
            check_shape(failures, label, sarif, explained)
        checks += run_multitool(failures, [p for _, p, _ in produced], work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failures.finish(checks)


if __name__ == "__main__":
    main()
