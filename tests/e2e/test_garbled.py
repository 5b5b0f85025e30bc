"""chars/mojibake on garbled Chinese (issue 12).

1. Each kind of damage in fixtures/checks/chars/mojibake/chinese-positives.txt
   is found at its exact span and carries exactly the expected fix (or, where
   a lost byte had to be guessed among near-equals, no fix).
2. The evaluation script scores the committed fixed subset
   (bench/accuracy/garbled/small/, sentences written for it): recall per kind
   at least the floors below, fixes offered right, and no finding on the
   unusual clean lines. The full set is a benchmark (score.py without --small).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import HLINT, SOURCE_DIR, Failures, findings  # noqa: E402

POSITIVES = os.path.join(SOURCE_DIR, "fixtures", "checks", "chars", "mojibake", "chinese-positives.txt")

# line: (start column, end column, fix text or None for no fix)
EXPECTED = {
    2: (1, 24, "温馨提示：饭后散步有助于消化。"),  # UTF-8 read as GBK, a lost byte in `。`: the word model is sure
    3: (4, 11, "医生建议"),         # the lost byte of 议: close by frequency (设 was guessed), sure by the word model
    4: (1, 6, "温馨提"),            # truncated last character: the lost byte is certain (提 after 馨 is a word)
    5: (1, 17, "温馨提示：多喝水"),   # GBK read as Windows-1252
    6: (4, 24, "高血压患者应低盐饮食"),  # the same after clean text: the span starts at the damage
    7: (1, 16, None),              # Big5 read as GBK with lost bytes: found whole by the shape of its bytes, no repair
    8: (1, 11, "高血压患者应低盐饮食"),  # GBK read as Big5
    9: (1, 17, "醫生建議多喝溫水"),   # Big5 read as Windows-1252
    10: (1, 10, "注意休息"),        # UTF-8 read as GBK twice
    11: (1, 27, "注意休息"),        # UTF-8 read as Windows-1252 twice
    12: (3, 6, None),              # 锟斤拷: the original is unknowable
}

# Floors of recall per kind on the small subset (the measured values are
# printed by the script: 1.000 for every kind but double-utf8-as-gbk, 0.920).
RECALL_FLOORS = {
    "utf8-as-gbk": 0.95, "utf8-as-big5": 0.95, "gbk-as-latin1": 0.95, "utf8-as-latin1": 0.95,
    "big5-as-gbk": 0.95, "gbk-as-big5": 0.95, "big5-as-latin1": 0.95, "double-utf8-as-gbk": 0.9,
    "double-utf8-as-latin1": 0.95, "gbk-as-cp1251": 0.95, "gbk-as-cp1250": 0.95, "gbk-as-macroman": 0.95,
    "gbk-as-cp437": 0.95, "utf8-as-cp1251": 0.95, "utf8-as-cp1250": 0.95, "utf8-as-macroman": 0.95,
    "utf8-as-cp437": 0.95, "markers": 0.95,
}


def main():
    failures = Failures()
    found = {f["start"]["line"]: f for f in findings(["--offline", "--config", os.devnull, "--select",
                                                       "chars/mojibake", POSITIVES])}
    failures.equal(sorted(found), sorted(EXPECTED), "lines with a finding")
    for line, (start, end, fix) in EXPECTED.items():
        f = found.get(line)
        if f is None:
            continue
        failures.equal((f["start"]["column"], f["end"]["column"]), (start, end), f"line {line}: span")
        edits = (f.get("fix") or {}).get("edits") or []
        failures.equal(edits[0]["replacement"] if edits else None, fix, f"line {line}: fix")

    # Files in legacy encodings are read in the right one (the declared charset or
    # the detected one, weighed by strict decoding and private-use characters):
    # a Big5 page is not read as GB18030 (which made it garbage full of private-use characters).
    not_utf8 = os.path.join(SOURCE_DIR, "fixtures", "checks", "encoding", "not-utf8")
    for name, encoding in (("big5.txt", "Big5"), ("big5-declared.txt", "Big5"), ("shift-jis.txt", "Shift_JIS")):
        result = findings(["--offline", "--config", os.devnull, os.path.join(not_utf8, name)])
        notes = [f["message"] for f in result if f["rule"] == "encoding/not-utf8"]
        failures.equal(notes, [f"the file is encoded in {encoding}, not UTF-8; it was decoded for the checks"],
                       f"{name}: encoding")
        failures.equal([f for f in result if f["rule"].startswith("chars/")], [], f"{name}: no chars findings")

    script = os.path.join(SOURCE_DIR, "bench", "accuracy", "garbled", "score.py")
    proc = subprocess.run([sys.executable, script, "--small", "--hlint", HLINT, "--max-false", "0"],
                          capture_output=True, text=True, timeout=240)
    print(proc.stdout)
    failures.check(proc.returncode == 0, f"score.py --small failed: {proc.stderr}")
    rows = {}
    for row in proc.stdout.splitlines():
        parts = row.split()
        if len(parts) == 9 and (parts[0] in RECALL_FLOORS or parts[0] == "all"):
            rows[parts[0]] = parts
    for kind, floor in RECALL_FLOORS.items():
        failures.check(kind in rows and float(rows[kind][2]) >= floor, f"{kind}: recall below {floor}: {rows.get(kind)}")
    failures.check("all" in rows and float(rows["all"][6]) >= 0.95, f"fixes offered right below 0.95: {rows.get('all')}")
    return failures.finish(2 * len(EXPECTED) + 1 + 6 + len(RECALL_FLOORS) + 2)


if __name__ == "__main__":
    sys.exit(main())
