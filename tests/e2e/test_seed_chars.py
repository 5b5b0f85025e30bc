"""The chars/ rules on the user's seed documents: exactly the known corrupted
characters of 003 (six `Z` for 最, `彻.底` twice, `根.治`), each at its exact
line and column with the right fix, and nothing else in any seed.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import SEEDS_DIR, Failures, findings  # noqa: E402

SEED = "003_0834f866768f61f9.txt"

# (rule, line, column, text at the finding, text after applying the fix)
EXPECTED = [
    ("chars/latin-for-han", 17, 12, "Z主要", "最主要"),
    ("chars/split-word", 23, 79, "彻.底", "彻底"),
    ("chars/latin-for-han", 31, 87, "Z危险", "最危险"),
    ("chars/latin-for-han", 39, 50, "Z常见", "最常见"),
    ("chars/latin-for-han", 47, 5, "Z典型", "最典型"),
    ("chars/split-word", 55, 99, "根.治", "根治"),
    ("chars/split-word", 69, 57, "彻.底", "彻底"),
    ("chars/latin-for-han", 69, 75, "Z大程度", "最大程度"),
    ("chars/latin-for-han", 71, 1, "Z后", "最后"),
]


def apply_edits(line_text, line_number, edits):
    """Applies single-line edits (columns in code points, 1-based) to one line."""
    chars = list(line_text)
    for edit in sorted(edits, key=lambda e: e["start"]["column"], reverse=True):
        assert edit["start"]["line"] == line_number and edit["end"]["line"] == line_number, edit
        chars[edit["start"]["column"] - 1:edit["end"]["column"] - 1] = list(edit["replacement"])
    return "".join(chars)


def main():
    failures = Failures()
    cases = 0
    with open(os.path.join(SEEDS_DIR, SEED), encoding="utf-8") as f:
        seed_lines = f.read().split("\n")

    items = findings(["--offline", "--select", "chars", "--config", os.devnull, SEEDS_DIR])
    chars_items = [f for f in items if f["rule"].startswith("chars/")]

    cases += 1
    others = [f"{f['path']}:{f['start']['line']}:{f['start']['column']} {f['rule']}" for f in chars_items
              if os.path.basename(f["path"]) != SEED]
    failures.equal(others, [], "chars/ findings in seeds other than 003")

    actual = sorted((f["rule"], f["start"]["line"], f["start"]["column"]) for f in chars_items
                    if os.path.basename(f["path"]) == SEED)
    cases += 1
    failures.equal(actual, sorted((rule, line, column) for rule, line, column, _, _ in EXPECTED),
                   f"chars/ findings in {SEED} (rule, line, column)")

    by_place = {(f["rule"], f["start"]["line"], f["start"]["column"]): f for f in chars_items
                if os.path.basename(f["path"]) == SEED}
    for rule, line, column, written, fixed in EXPECTED:
        cases += 1
        label = f"{SEED}:{line}:{column} {rule}"
        finding = by_place.get((rule, line, column))
        if finding is None:
            failures.check(False, f"{label}: missing")
            continue
        line_text = seed_lines[line - 1]
        # The finding covers exactly the corrupted word.
        failures.equal(finding["end"]["line"], line, f"{label}: end line")
        failures.equal(line_text[column - 1:finding["end"]["column"] - 1], written, f"{label}: span text")
        fix = finding.get("fix")
        if fix is None:
            failures.check(False, f"{label}: no fix")
            continue
        if rule == "chars/latin-for-han":
            failures.equal(fix["description"], "replace `Z` with `最`", f"{label}: fix description")
            failures.equal(len(fix["edits"]), 1, f"{label}: one edit")
            failures.equal([(e["start"]["column"], e["end"]["column"], e["replacement"]) for e in fix["edits"]],
                           [(column, column + 1, "最")], f"{label}: edit replaces the letter")
        else:
            failures.equal(fix["description"], f"delete the inserted `.` to write `{fixed}`", f"{label}: fix description")
            failures.equal([(e["start"]["column"], e["end"]["column"], e["replacement"]) for e in fix["edits"]],
                           [(column + 1, column + 2, "")], f"{label}: edit deletes the dot")
        fixed_line = apply_edits(line_text, line, fix["edits"])
        expected_line = line_text[:column - 1] + fixed + line_text[column - 1 + len(written):]
        failures.equal(fixed_line, expected_line, f"{label}: the line after the fix")

    failures.finish(cases)


if __name__ == "__main__":
    main()
