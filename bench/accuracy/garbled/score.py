#!/usr/bin/env python3
"""Evaluation of chars/mojibake on garbled Chinese (issue 12).

Rebuilds the labelled set into a local cache (gitignored) and prints recall
per corruption kind, repair exactness and false findings per 1,000 clean lines.

Sources (sources.tsv lists each with its sha256; nothing of them is committed):
  - Chinese sentences: the Simplified and Traditional Chinese manual pages of
    the Debian package manpages-zh (zh_CN, zh_TW): real prose, split into
    sentences. `apt-get install manpages-zh fortunes-zh opencc` (with
    libopencc-data and tzdata) provides every Debian source of the full set.
  - Classical Chinese (Simplified and Traditional): files of the public
    repository chinese-poetry/chinese-poetry at the commit in sources.tsv, read
    from a git mirror (--poetry-mirror, a bare clone).
  - clean-extra.txt (committed, written for this set): unusual legitimate lines
    (rare medicine names, Japanese kana, accented Latin names, symbols).
  - More clean lines from Debian packages: fortunes-zh (modern sayings, Tang
    and Song poems), libopencc-data's STPhrases (rare words and names, in
    Simplified and Traditional, six to a line), tzdata's iso3166.tab (country
    names with accents: Côte d'Ivoire, Curaçao, Réunion).
  - Health sentences: the health pages of the documents set
    (../documents/manifest.tsv, those doc-labels.tsv marks as health
    information), rebuilt from git mirrors (--mirror-root); their Traditional
    form for the Big5 kinds is made with opencc (s2t). Each kind gets up to 100
    health cases besides its 300 manual-page ones.

Real pages (real-pages.tsv): pages and feeds in Big5, GB2312, EUC-TW,
Shift_JIS and UTF-16 from the test data of the public repository
chardet/chardet (real web pages saved in their own encoding), rebuilt from a
git mirror (--mirror-root) into the cache and checked: each must be decoded as
its true encoding (GB2312 as GB18030, its superset) and draw no finding of
encoding/invalid-bytes, chars/control (private use) or chars/mojibake.

Garbled cases are made by passing the sentences through each wrong round trip
with Python's codecs (errors="replace": a byte the wrong decoder rejects
becomes U+FFFD, as in most tools). Each case is one line of a plain-text
document: either the garbled sentence alone or after a clean sentence.

usage: score.py [--hlint build/src/hlint] [--cache DIR] [--small] [--poetry-mirror DIR] [--mirror-root DIR]
  --small: the fixed subset committed under small/ (used by the test suite),
           no packages or mirrors needed.
"""
import argparse
import gzip
import hashlib
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

HAN = re.compile(r"[\u4e00-\u9fff]")


def cp1252_decode(data):
    """Bytes as a browser decodes windows-1252: the five undefined bytes as C1 controls."""
    return "".join(bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                   else chr(b) for b in data)


def utf8_as_gbk(s):
    return s.encode("utf-8").decode("gbk", errors="replace")


KINDS = {
    # kind: (function on a Simplified sentence or None, function on a Traditional sentence or None)
    "utf8-as-gbk": (utf8_as_gbk, utf8_as_gbk),
    "utf8-as-big5": (lambda s: s.encode("utf-8").decode("big5", errors="replace"), None),
    "gbk-as-latin1": (lambda s: cp1252_decode(s.encode("gbk")), None),
    "utf8-as-latin1": (lambda s: cp1252_decode(s.encode("utf-8")), None),
    "big5-as-gbk": (None, lambda s: s.encode("big5").decode("gbk", errors="replace")),
    "gbk-as-big5": (lambda s: s.encode("gbk").decode("big5", errors="replace"), None),
    "big5-as-latin1": (None, lambda s: cp1252_decode(s.encode("big5"))),
    "double-utf8-as-gbk": (lambda s: utf8_as_gbk(utf8_as_gbk(s)), None),
    "double-utf8-as-latin1": (lambda s: cp1252_decode(cp1252_decode(s.encode("utf-8")).encode("utf-8")), None),
    # Single-byte code pages (a byte a code page leaves undefined becomes U+FFFD).
    "gbk-as-cp1251": (lambda s: s.encode("gbk").decode("cp1251", errors="replace"), None),
    "gbk-as-cp1250": (lambda s: s.encode("gbk").decode("cp1250", errors="replace"), None),
    "gbk-as-macroman": (lambda s: s.encode("gbk").decode("mac_roman", errors="replace"), None),
    "gbk-as-cp437": (lambda s: s.encode("gbk").decode("cp437", errors="replace"), None),
    "utf8-as-cp1251": (lambda s: s.encode("utf-8").decode("cp1251", errors="replace"), None),
    "utf8-as-cp1250": (lambda s: s.encode("utf-8").decode("cp1250", errors="replace"), None),
    "utf8-as-macroman": (lambda s: s.encode("utf-8").decode("mac_roman", errors="replace"), None),
    "utf8-as-cp437": (lambda s: s.encode("utf-8").decode("cp437", errors="replace"), None),
    "markers": (lambda s: s[: len(s) // 2] + random.Random(s).choice(["锟斤拷", "烫烫烫", "屯屯屯", "锟斤拷锟斤拷"]) +
                s[len(s) // 2:], None),
}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read_sources():
    rows = []
    with open(os.path.join(HERE, "sources.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def man_sentences(data):
    text = gzip.decompress(data).decode("utf-8", errors="replace")
    out = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            continue
        line = re.sub(r"\\f[BIRP]|\\\(..|\\[-&e ]|\\\*\(..|\\.", "", line)
        for sentence in re.split(r"(?<=[。！？；])", line):
            sentence = sentence.strip()
            han = len(HAN.findall(sentence))
            if 8 <= len(sentence) <= 60 and han >= 0.6 * len(sentence) and "\ufffd" not in sentence:
                out.append(sentence)
    return out


def poetry_lines(data):
    out = []

    def walk(value):
        if isinstance(value, str):
            for piece in re.split(r"(?<=[。！？；])", value):
                piece = piece.strip()
                if 4 <= len(piece) <= 80 and HAN.search(piece):
                    out.append(piece)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for key in ("paragraphs", "content", "title"):
                if key in value:
                    walk(value[key])
    walk(json.loads(data.decode("utf-8")))
    return out


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def fortune_lines(data):
    out = []
    for line in data.decode("utf-8", errors="replace").split("\n"):
        line = ANSI.sub("", line).strip()
        if line and line != "%" and "\ufffd" not in line:
            out.append(line)
    return out


def phrase_lines(path):
    """STPhrases.ocd2 as text (opencc_dict), six Simplified or six Traditional words a line."""
    with tempfile.TemporaryDirectory() as scratch:
        text_path = os.path.join(scratch, "phrases.txt")
        subprocess.run(["opencc_dict", "-i", path, "-o", text_path, "-f", "ocd2", "-t", "text"], check=True)
        with open(text_path, encoding="utf-8") as f:
            pairs = [line.rstrip("\n").split("\t") for line in f if "\t" in line]
    simplified = [p[0] for p in pairs]
    traditional = [p[1].split(" ")[0] for p in pairs]
    out = []
    for words in (simplified, traditional):
        for k in range(0, len(words), 6):
            out.append("、".join(words[k:k + 6]) + "。")
    return out


def place_lines(data):
    """Country names of iso3166.tab with a Chinese gloss around them."""
    names = [line.split("\t")[1] for line in data.decode("utf-8").split("\n") if line and not line.startswith("#")]
    return [f"国家或地区：{name}（代码见 ISO 3166）" for name in names]


def load_source(row, poetry_mirror):
    """Returns (simplified sentences, traditional sentences, clean lines) of one manifest row."""
    kind, origin, version, path, digest = row
    if kind == "clean-phrases":
        with open(path, "rb") as f:
            if sha256(f.read()) != digest:
                print(f"warning: {path}: sha256 differs from sources.tsv", file=sys.stderr)
        return [], [], phrase_lines(path)
    if origin.startswith("debian:"):
        with open(path, "rb") as f:
            data = f.read()
    else:
        data = subprocess.run(["git", "--git-dir", poetry_mirror, "show", f"{version}:{path}"],
                              capture_output=True, check=True).stdout
    if sha256(data) != digest:
        print(f"warning: {path}: sha256 differs from sources.tsv", file=sys.stderr)
    if kind == "sentences-simplified":
        return man_sentences(data), [], []
    if kind == "sentences-traditional":
        return [], man_sentences(data), []
    if kind == "clean-fortunes":
        return [], [], fortune_lines(data)
    if kind == "clean-places":
        return [], [], place_lines(data)
    return [], [], poetry_lines(data)


def html_sentences(data):
    text = data.decode("utf-8", errors="replace")
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", text)
    text = html.unescape(re.sub(r"<[^>]*>", "\n", text))
    out = []
    for line in text.split("\n"):
        for sentence in re.split(r"(?<=[。！？；])", line):
            sentence = sentence.strip()
            if 8 <= len(sentence) <= 60 and len(HAN.findall(sentence)) >= 0.6 * len(sentence) and \
                    "\ufffd" not in sentence:
                out.append(sentence)
    return out


def health_sentences(mirror_root):
    """Sentences of the health pages of the documents set, rebuilt from git mirrors."""
    documents = os.path.join(HERE, "..", "documents")
    health = set()
    with open(os.path.join(documents, "doc-labels.tsv"), encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(fields) > 1 and fields[1] == "yes":
                health.add(fields[0])
    out = []
    with open(os.path.join(documents, "manifest.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            doc_id, repo, commit, path, digest = line.rstrip("\n").split("\t")
            if doc_id not in health:
                continue
            git_dir = os.path.join(mirror_root, repo.replace("/", "+"), "repo")
            data = subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
                                  capture_output=True).stdout
            if sha256(data) != digest:
                print(f"warning: {repo} {path}: missing or sha256 differs from the manifest", file=sys.stderr)
                continue
            out += html_sentences(data)
    out = sorted(set(out))
    random.Random(12).shuffle(out)
    return out


def to_traditional(sentences):
    proc = subprocess.run(["opencc", "-c", "s2t"], input="\n".join(sentences) + "\n", capture_output=True,
                          text=True, check=True)
    return proc.stdout.rstrip("\n").split("\n")


def build_full(cache, poetry_mirror, mirror_root):
    simplified, traditional, clean = [], [], []
    for row in read_sources():
        s, t, c = load_source(row, poetry_mirror)
        simplified += s
        traditional += t
        clean += c
    simplified = sorted(set(simplified))
    traditional = sorted(set(traditional))
    rng = random.Random(12)
    rng.shuffle(simplified)
    rng.shuffle(traditional)
    health = health_sentences(mirror_root)
    health_traditional = to_traditional(health[:HEALTH_CASE_SENTENCES])
    # Clean lines: sentences not used for cases, health sentences not used
    # for cases, classical text, sayings, rare words, place names, the extra lines.
    clean = sorted(set(clean))
    random.Random(12).shuffle(clean)
    clean_lines = simplified[600:2600] + traditional[600:2600] + health[HEALTH_CASE_SENTENCES:] + clean[:8000]
    with open(os.path.join(HERE, "clean-extra.txt"), encoding="utf-8") as f:
        clean_lines += [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    write_set(cache, simplified[:600], traditional[:600], clean_lines,
              health=(health[:HEALTH_CASE_SENTENCES], health_traditional))


# Health sentences set aside for cases (each kind takes up to 100 of them).
HEALTH_CASE_SENTENCES = 400


def write_set(cache, simplified, traditional, clean_lines, per_kind=None, health=None):
    os.makedirs(cache, exist_ok=True)
    for name in os.listdir(cache):
        if os.path.isfile(os.path.join(cache, name)):
            os.remove(os.path.join(cache, name))
    cases = []
    for kind, (on_simplified, on_traditional) in KINDS.items():
        pool = [(s, on_simplified) for s in simplified if on_simplified] + \
               [(s, on_traditional) for s in traditional if on_traditional]
        pool = [(s, f, "manpages") for s, f in pool[: per_kind or 300]]
        if health:
            health_pool = [(s, on_simplified) for s in health[0] if on_simplified] + \
                          [(s, on_traditional) for s in health[1] if on_traditional]
            pool += [(s, f, "health") for s, f in health_pool[:100]]
        lines = []
        for k, (sentence, corrupt, origin) in enumerate(pool):
            try:
                garbled = corrupt(sentence)
            except UnicodeEncodeError:  # a character the writer's encoding lacks
                continue
            if garbled == sentence:
                continue
            # Half the cases stand alone, half follow a clean sentence.
            prefix = "" if k % 2 == 0 else "以下为转载内容： "
            lines.append(prefix + garbled)
            cases.append({"kind": kind, "origin": origin, "file": f"{kind}.txt", "line": len(lines), "original": prefix + sentence,
                          "garbled": prefix + garbled})
        with open(os.path.join(cache, f"{kind}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    with open(os.path.join(cache, "clean.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(clean_lines) + "\n")
    with open(os.path.join(cache, "cases.json"), "w", encoding="utf-8") as f:
        json.dump({"cases": cases, "clean_lines": len(clean_lines)}, f, ensure_ascii=False, indent=0)


def column_to_index(line, column):
    """hlint columns count code points from 1."""
    return column - 1


def apply_fix(line, finding):
    edits = (finding.get("fix") or {}).get("edits") or []
    if not edits:
        return None
    for edit in sorted(edits, key=lambda e: -e["start"]["column"]):
        if edit["start"]["line"] != finding["start"]["line"] or edit["end"]["line"] != finding["start"]["line"]:
            return None
        b = column_to_index(line, edit["start"]["column"])
        e = column_to_index(line, edit["end"]["column"])
        line = line[:b] + edit["replacement"] + line[e:]
    return line


def score(cache, hlint, wrong_fixes=None):
    with open(os.path.join(cache, "cases.json"), encoding="utf-8") as f:
        labels = json.load(f)
    config = os.path.join(cache, "hlint.yaml")
    with open(config, "w") as f:
        f.write("rules:\n  chars/mojibake:\n    options:\n      max-per-file: 1000000\n")
    # The cache may sit in a gitignored directory, and its files hold many cases each: neither the
    # ignore rules nor the per-rule cap may hide a case.
    proc = subprocess.run([hlint, "--offline", "--config", config, "--format", "json", "--select", "chars/mojibake",
                           "--no-ignore", "--include", "*", "--max-findings-per-rule", "0", cache],
                          capture_output=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"hlint exited {proc.returncode}: {proc.stderr.decode()}")
    findings = json.loads(proc.stdout)["findings"]
    by_line = {}
    for finding in findings:
        by_line.setdefault((os.path.basename(finding["path"]), finding["start"]["line"]), []).append(finding)
    results = {}
    origins = {}
    for case in labels["cases"]:
        found = by_line.get((case["file"], case["line"]), [])
        by_origin = origins.setdefault(case.get("origin", "manpages"), [0, 0, 0])
        by_origin[0] += 1
        by_origin[1] += bool(found)
        r = results.setdefault(case["kind"], {"cases": 0, "found": 0, "fixed": 0, "exact": 0, "fixes": 0,
                                              "right_fixes": 0, "safe_fixes": 0, "right_safe": 0})
        r["cases"] += 1
        if not found:
            continue
        r["found"] += 1
        line = case["garbled"]
        fixed_any = False
        for finding in sorted(found, key=lambda x: -x["start"]["column"]):
            for edit in (finding.get("fix") or {}).get("edits") or []:
                # A fix is right when its text is in the original (the runs are long enough to tell).
                right = edit["replacement"] in case["original"]
                r["fixes"] += 1
                r["right_fixes"] += right
                if finding["fix"].get("applicability") == "safe":
                    r["safe_fixes"] += 1
                    r["right_safe"] += right
                if not right and wrong_fixes is not None:
                    wrong_fixes.append({"kind": case["kind"], "garbled": case["garbled"], "original": case["original"],
                                        "message": finding["message"], "replacement": edit["replacement"],
                                        "applicability": finding["fix"].get("applicability")})
            repaired = apply_fix(line, finding)
            if repaired is not None:
                line = repaired
                fixed_any = True
        if fixed_any:
            r["fixed"] += 1
        if line == case["original"]:
            r["exact"] += 1
            by_origin[2] += 1
    for origin, (cases, found, exact) in sorted(origins.items()):
        print(f"cases from {origin}: {cases}, recall {found / max(1, cases):.3f}, exact {exact / max(1, found):.3f}")
    clean_findings = [f for f in findings if os.path.basename(f["path"]) == "clean.txt"]
    total = {"cases": 0, "found": 0, "fixed": 0, "exact": 0, "fixes": 0, "right_fixes": 0, "safe_fixes": 0,
             "right_safe": 0}
    print(f"{'kind':24} {'cases':>6} {'recall':>7} {'fixed':>7} {'exact':>7} {'fixes':>6} {'right':>7} {'safe':>6} "
          f"{'right':>7}")
    for kind, r in results.items():
        for k in total:
            total[k] += r[k]
        print(f"{kind:24} {r['cases']:6} {r['found'] / r['cases']:7.3f} {r['fixed'] / max(1, r['found']):7.3f} "
              f"{r['exact'] / max(1, r['found']):7.3f} {r['fixes']:6} {r['right_fixes'] / max(1, r['fixes']):7.3f} "
              f"{r['safe_fixes']:6} {r['right_safe'] / max(1, r['safe_fixes']):7.3f}")
    print(f"{'all':24} {total['cases']:6} {total['found'] / total['cases']:7.3f} "
          f"{total['fixed'] / max(1, total['found']):7.3f} {total['exact'] / max(1, total['found']):7.3f} "
          f"{total['fixes']:6} {total['right_fixes'] / max(1, total['fixes']):7.3f} "
          f"{total['safe_fixes']:6} {total['right_safe'] / max(1, total['safe_fixes']):7.3f}")
    print("(recall: cases with a finding on their line; fixed: found cases with at least one fix; exact: found "
          "cases that the fixes restore exactly; fixes: fixes offered; right: fixes whose text is the original's; "
          "safe: fixes that --fix applies (the others guess lost bytes: --unsafe-fixes), and how many are right)")
    per_1000 = 1000.0 * len(clean_findings) / max(1, labels["clean_lines"])
    print(f"clean lines: {labels['clean_lines']}, false findings: {len(clean_findings)} ({per_1000:.2f} per 1,000)")
    for f in clean_findings[:20]:
        print(f"  clean.txt:{f['start']['line']}:{f['start']['column']}: {f['message']}")
    return results, len(clean_findings), labels["clean_lines"]


def real_pages(cache, hlint, mirror_root):
    """Rebuilds the real pages into cache/real and checks each; returns the number that fail."""
    directory = os.path.normpath(cache) + "-real"  # beside the cases, not linted with them
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))
    expected = {}
    with open(os.path.join(HERE, "real-pages.tsv"), encoding="utf-8") as f:
        for k, line in enumerate(l for l in f if l.strip() and not l.startswith("#")):
            encoding, repo, commit, path, digest = line.rstrip("\n").split("\t")
            git_dir = os.path.join(mirror_root, repo.replace("/", "+"), "repo")
            data = subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
                                  capture_output=True).stdout
            if sha256(data) != digest:
                print(f"warning: {repo} {path}: missing or sha256 differs from real-pages.tsv", file=sys.stderr)
                continue
            name = f"{k:03d}-{os.path.basename(path)}"
            with open(os.path.join(directory, name), "wb") as out:
                out.write(data)
            expected[name] = encoding
    if not expected:
        print("real pages: none rebuilt (no mirror)")
        return 0
    rules = ["encoding/not-utf8", "encoding/invalid-bytes", "chars/control", "chars/mojibake"]
    proc = subprocess.run([hlint, "--offline", "--config", os.devnull, "--format", "json", "--no-ignore",
                           "--include", "*", "--max-findings-per-rule", "0"] +
                          [a for r in rules for a in ("--select", r)] + [directory], capture_output=True)
    findings = json.loads(proc.stdout)["findings"]
    decoded_as = {}
    problems = {}
    for finding in findings:
        name = os.path.basename(finding["path"])
        if finding["rule"] == "encoding/not-utf8":
            match = re.match(r"the file is encoded in (\S+)", finding["message"])
            decoded_as[name] = match.group(1).rstrip(",") if match else finding["message"]
        else:
            problems.setdefault(name, []).append(finding["rule"])
    failed = 0
    by_encoding = {}
    for name, encoding in sorted(expected.items()):
        got = decoded_as.get(name, "UTF-8")
        ok = got == encoding and name not in problems
        row = by_encoding.setdefault(encoding, [0, 0])
        row[0] += 1
        row[1] += ok
        if not ok:
            failed += 1
            print(f"  {name}: decoded as {got} (expected {encoding}); findings: {problems.get(name, [])}")
    summary = ", ".join(f"{encoding} {ok}/{total}" for encoding, (total, ok) in sorted(by_encoding.items()))
    print(f"real pages decoded right with no private-use, invalid-byte or mojibake finding: "
          f"{len(expected) - failed}/{len(expected)} ({summary})")
    return failed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hlint", default=os.path.join(ROOT, "build", "src", "hlint"))
    parser.add_argument("--cache", default=os.path.join(ROOT, ".hlint-cache", "garbled"))
    parser.add_argument("--poetry-mirror", default="/work/.mirror/chinese-poetry+chinese-poetry/repo")
    parser.add_argument("--mirror-root", default="/work/.mirror",
                        help="git mirrors (<owner>+<name>/repo) of the documents set, for the health sentences")
    parser.add_argument("--small", action="store_true", help="score the committed fixed subset (small/)")
    parser.add_argument("--min-recall", type=float, default=0.0, help="exit 1 when a kind's recall is lower")
    parser.add_argument("--min-exact", type=float, default=0.0, help="exit 1 when overall exactness is lower")
    parser.add_argument("--max-false", type=int, default=-1, help="exit 1 when clean lines draw more findings")
    parser.add_argument("--min-right", type=float, default=0.0,
                        help="exit 1 when a kind's fixes are right in a smaller share of cases")
    parser.add_argument("--wrong-fixes", help="write the wrong fixes to this JSON file (to study them)")
    args = parser.parse_args()
    scratch = None
    if args.small:
        scratch = tempfile.TemporaryDirectory(prefix="hlint-garbled-")  # removed at exit
        cache = scratch.name
        with open(os.path.join(HERE, "small", "simplified.txt"), encoding="utf-8") as f:
            simplified = [l.rstrip("\n") for l in f if l.strip()]
        with open(os.path.join(HERE, "small", "traditional.txt"), encoding="utf-8") as f:
            traditional = [l.rstrip("\n") for l in f if l.strip()]
        with open(os.path.join(HERE, "clean-extra.txt"), encoding="utf-8") as f:
            clean = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
        write_set(cache, simplified, traditional, clean + simplified + traditional)
    else:
        cache = args.cache
        build_full(cache, args.poetry_mirror, args.mirror_root)
    wrong_fixes = [] if args.wrong_fixes else None
    results, false_findings, _ = score(cache, args.hlint, wrong_fixes)
    if args.wrong_fixes:
        with open(args.wrong_fixes, "w", encoding="utf-8") as f:
            json.dump(wrong_fixes, f, ensure_ascii=False, indent=1)
    failed = False
    if not args.small and real_pages(cache, args.hlint, args.mirror_root) > 0:
        failed = True
    for kind, r in results.items():
        if r["found"] / r["cases"] < args.min_recall:
            print(f"FAIL: recall of {kind} below {args.min_recall}")
            failed = True
        if r["fixes"] and r["right_fixes"] / r["fixes"] < args.min_right:
            print(f"FAIL: fixes of {kind} right in fewer than {args.min_right}")
            failed = True
    exact = sum(r["exact"] for r in results.values()) / max(1, sum(r["found"] for r in results.values()))
    if exact < args.min_exact:
        print(f"FAIL: exactness {exact:.3f} below {args.min_exact}")
        failed = True
    if args.max_false >= 0 and false_findings > args.max_false:
        print(f"FAIL: {false_findings} false findings on clean lines (at most {args.max_false})")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
