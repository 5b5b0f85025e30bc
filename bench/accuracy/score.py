#!/usr/bin/env python3
"""Score hlint's trust rules on the hand-labelled evaluation sets, in one command.

    python3 bench/accuracy/score.py --mirror-root /work/.mirror      # rebuild the cache from git mirrors, then score
    python3 bench/accuracy/score.py --texts saved-texts.json          # rebuild it from a JSON {id: text}
    (both at once: the texts first, the mirrors for the rest; a repository with no mirror is left out)
    python3 bench/accuracy/score.py                                   # score the cache built before

The documents themselves are not committed (they belong to their authors):
`documents/manifest.tsv` names each one by repository, commit, path and the
sha256 of its bytes. The cache (`bench/accuracy/.cache/`, gitignored) is
rebuilt from a local git mirror of each repository (`<mirror-root>/<owner>+<name>/repo`,
a bare git directory: `git clone --mirror https://github.com/<owner>/<name>` makes
one) or from a JSON file of the texts; every file is checked against its
sha256 and refused when it differs.

Labels (`documents/labels.tsv`): one row per finding hlint made on the set
(`right`, `wrong`, `debatable`, with the reason) and one row per defect a careful
editor would flag (`missed`), counted as missed while hlint reports nothing of
that rule there: the same labels score an older build and a newer one. `documents/doc-labels.tsv` gives
the document-level decisions (health information or not, advertisement or not).
The claims set (`claims/sentences.tsv`) is written by us, modelled on real text:
each sentence is linted alone as a document.

Prints per rule: findings, right/wrong/debatable/unlabelled, precision (debatable
counted right, then counted wrong), recall (right / (right + missed)).
"""
import argparse
import collections
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CACHE = HERE / ".cache"
DOCS = CACHE / "documents"
TRUST_RULES = ("advertising/", "disclaimer/", "attribution/", "residue/", "front-matter/missing-key", "pipeline/",
               "images/placeholder", "article/")


def read_manifest():
    rows = []
    for line in (HERE / "documents" / "manifest.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        doc_id, repo, commit, path, sha = line.split("\t")
        rows.append((doc_id, repo, commit, path, sha))
    return rows


def rebuild_cache(rows, mirror_root, texts_json):
    texts = json.loads(pathlib.Path(texts_json).read_text(encoding="utf-8")) if texts_json else {}
    DOCS.mkdir(parents=True, exist_ok=True)
    bad = 0
    for doc_id, repo, commit, path, sha in rows:
        if doc_id in texts:
            data = texts[doc_id].encode("utf-8")
        else:
            git_dir = pathlib.Path(mirror_root) / repo.replace("/", "+") / "repo"
            if not git_dir.exists():
                git_dir = pathlib.Path(mirror_root) / repo.replace("/", "+")
            shown = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
                                   capture_output=True)
            if shown.returncode != 0:
                # No mirror of this repository here (some are too large to mirror): the
                # document is left out, and said so, rather than stopping the whole run.
                print(f"not in any mirror or texts file, not cached: {doc_id} {repo} {path}", file=sys.stderr)
                bad += 1
                continue
            data = shown.stdout
        if hashlib.sha256(data).hexdigest() != sha:
            print(f"sha256 differs, not cached: {doc_id} {repo} {path}", file=sys.stderr)
            bad += 1
            continue
        (DOCS / f"{doc_id}.txt").write_bytes(data)
    print(f"cache: {len(rows) - bad} documents in {DOCS}")


def every_rule(hlint):
    """All rule ids, and those that are opt-in: the set is scored with every
    rule on (naming them all with --select turns the opt-in ones on too)."""
    rules = json.loads(subprocess.run([hlint, "--list-rules", "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    return [r["id"] for r in rules], {r["id"] for r in rules if not r.get("enabled_by_default", True)}


def run_hlint(hlint, paths_dir, extra=()):
    if not extra:
        extra = ["--select", ",".join(every_rule(hlint)[0])]
    out = subprocess.run([hlint, "--offline", "--no-cache", "--exit-zero", "--no-ignore", "--include", "*",
                          "--format", "json", *extra, str(paths_dir)],
                         capture_output=True, text=True)
    findings = []
    for f in json.loads(out.stdout)["findings"]:
        findings.append((pathlib.Path(f["path"]).stem, f["start"]["line"], f["start"]["column"], f["rule"], f["message"]))
    return findings


def read_labels():
    labels = {}
    missed = collections.defaultdict(list)
    for line in (HERE / "documents" / "labels.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        doc_id, line_no, col, rule, verdict, reason = (line.split("\t") + [""])[:6]
        if verdict == "missed":
            missed[rule].append((doc_id, line_no, col, reason))
        else:
            labels[(doc_id, int(line_no), int(col), rule)] = (verdict, reason)
    return labels, missed


def add_missed_disclaimers(findings, missed):
    """A document labelled as health information without a disclaimer that
    disclaimer/missing did not report is a miss (doc-labels.tsv, column 4)."""
    reported = {f[0] for f in findings if f[3] == "disclaimer/missing"}
    for line in (HERE / "documents" / "doc-labels.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        doc_id, health, _, has_disclaimer = line.split("\t")[:4]
        if health == "yes" and has_disclaimer == "no" and doc_id not in reported and (DOCS / f"{doc_id}.txt").exists():
            missed["disclaimer/missing"].append((doc_id, "0", "0", "health information without a disclaimer, not reported"))


def still_missed(findings, missed):
    """A `missed` row is a defect an editor flags; it counts as missed only while
    hlint reports nothing of that rule there (at that line and column, or on that
    line when the column is 0, or in the document when the line is 0). So one
    set of labels scores an older build and a newer one alike."""
    found = collections.defaultdict(set)
    for doc_id, line, col, rule, _ in findings:
        found[(doc_id, rule)].update({(line, col), (line, 0), (0, 0)})
    kept = collections.defaultdict(list)
    for rule, rows in missed.items():
        for doc_id, line_no, col, reason in rows:
            if (int(line_no), int(col or 0)) not in found[(doc_id, rule)]:
                kept[rule].append((doc_id, line_no, col, reason))
    return kept


def precision_table(findings, labels, missed, opt_in=frozenset()):
    per_rule = collections.defaultdict(collections.Counter)
    unlabelled = []
    for doc_id, line, col, rule, message in findings:
        if not rule.startswith(TRUST_RULES):
            continue
        if rule == "front-matter/missing-key" and "page header" not in message:
            continue  # only the scrape-header finding is this set's business
        verdict = labels.get((doc_id, line, col, rule), (None, ""))[0]
        per_rule[rule][verdict or "unlabelled"] += 1
        if not verdict:
            unlabelled.append(f"{doc_id}\t{line}\t{col}\t{rule}\t?\t{message}")
    for rule, rows in missed.items():
        per_rule[rule]["missed"] += len(rows)
    print(f"{'rule':34} {'found':>5} {'right':>5} {'wrong':>5} {'debat':>5} {'unlab':>5} {'P':>5} {'P(d=w)':>6} "
          f"{'missed':>6} {'R':>5}")
    for rule in sorted(per_rule):
        c = per_rule[rule]
        found = c["right"] + c["wrong"] + c["debatable"] + c["unlabelled"]
        judged = c["right"] + c["wrong"] + c["debatable"]
        p = (c["right"] + c["debatable"]) / judged if judged else float("nan")
        p_strict = c["right"] / judged if judged else float("nan")
        r = c["right"] / (c["right"] + c["missed"]) if c["right"] + c["missed"] else float("nan")
        name = rule + (" (opt-in)" if rule in opt_in else "")
        print(f"{name:34} {found:5} {c['right']:5} {c['wrong']:5} {c['debatable']:5} {c['unlabelled']:5} {p:5.2f} "
              f"{p_strict:6.2f} {c['missed']:6} {r:5.2f}")
    advert_claims(findings, labels, missed)
    if unlabelled:
        print(f"\n{len(unlabelled)} findings have no label yet:")
        for row in unlabelled[:40]:
            print("  " + row)


def advert_claims(findings, labels, missed):
    """advertising/claim on the real advertisements of the set (doc-labels column 3)."""
    adverts = set()
    for line in (HERE / "documents" / "doc-labels.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and line.split("\t")[2] == "yes":
            adverts.add(line.split("\t")[0])
    right = sum(1 for f in findings if f[0] in adverts and f[3] == "advertising/claim"
                and labels.get((f[0], f[1], f[2], f[3]), ("",))[0] == "right")
    lost = sum(1 for row in missed.get("advertising/claim", []) if row[0] in adverts)
    if right + lost:
        print(f"advertising/claim on the {len(adverts)} real advertisements: {right} claims found, {lost} missed, "
              f"recall {right / (right + lost):.2f}")


def document_decisions(hlint):
    """Compare the health / advertisement decision (--dump-model) with the doc labels."""
    path = HERE / "documents" / "doc-labels.tsv"
    if not path.exists():
        return
    counts = collections.Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        doc_id, health, advert = line.split("\t")[:3]
        doc = DOCS / f"{doc_id}.txt"
        if not doc.exists():
            continue
        out = subprocess.run([hlint, "--dump-model", str(doc)], capture_output=True, text=True).stdout
        try:
            model = json.loads(out)
        except json.JSONDecodeError:
            counts["model unreadable"] += 1
            continue
        decision = model.get("decisions", {})
        for name, label in (("health_information", health), ("advertisement", advert)):
            got = "yes" if decision.get(name) else "no"
            counts[f"{name}: label {label}, hlint {got}"] += 1
    print("\ndocument decisions (label vs hlint):")
    for key in sorted(counts):
        print(f"  {key:48} {counts[key]}")


def score_claims(hlint):
    rows = []
    for line in (HERE / "claims" / "sentences.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, expect, context, sentence = line.split("\t")[:4]
        rows.append((kind, expect == "claim", context, sentence))
    with tempfile.TemporaryDirectory() as tmp:
        for i, (_, _, context, sentence) in enumerate(rows):
            # An `ad` sentence is linted in a document that says it is an advertisement.
            text = ("【广告】\n" if context == "ad" else "") + sentence + "\n"
            pathlib.Path(tmp, f"s{i:04d}.txt").write_text(text, encoding="utf-8")
        found = {int(f[0][1:]) for f in run_hlint(hlint, tmp, ["--select", "advertising/claim"])}
    per_kind = collections.defaultdict(collections.Counter)
    tp = fp = fn = 0
    for i, (kind, claim, _, sentence) in enumerate(rows):
        got = i in found
        per_kind[kind]["reported" if got else "silent"] += 1
        per_kind[kind]["n"] += 1
        tp += got and claim
        fp += got and not claim
        fn += claim and not got
    print(f"\nclaims set: {len(rows)} sentences")
    for kind in sorted(per_kind):
        c = per_kind[kind]
        print(f"  {kind:12} {c['n']:4} sentences, reported {c['reported']:4}")
    print(f"  precision {tp / (tp + fp) if tp + fp else float('nan'):.2f}, recall {tp / (tp + fn) if tp + fn else float('nan'):.2f}"
          f" (a claim = sentence labelled `claim`)")
    promo = per_kind.get("promotional", collections.Counter())
    if promo["n"]:
        print(f"  recall on promotional sentences: {promo['reported'] / promo['n']:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirror-root", help="directory of git mirrors (<owner>+<name>/repo) to rebuild the cache from")
    parser.add_argument("--texts", help="JSON file {id: text} to rebuild the cache from (with --mirror-root: "
                        "the texts first, the mirrors for the rest)")
    parser.add_argument("--hlint", default=str(ROOT / "build" / "src" / "hlint"))
    args = parser.parse_args()
    rows = read_manifest()
    if args.mirror_root or args.texts:
        rebuild_cache(rows, args.mirror_root or "", args.texts)
    if not DOCS.exists():
        sys.exit("no cache yet: run with --mirror-root or --texts first")
    findings = run_hlint(args.hlint, DOCS)
    labels, missed = read_labels()
    add_missed_disclaimers(findings, missed)
    missed = still_missed(findings, missed)
    print(f"documents: {len(list(DOCS.glob('*.txt')))}")
    precision_table(findings, labels, missed, every_rule(args.hlint)[1])
    document_decisions(args.hlint)
    score_claims(args.hlint)


if __name__ == "__main__":
    main()
