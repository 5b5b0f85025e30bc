"""--fix writes a Big5, Shift_JIS or EUC-KR file back in its own encoding (never as UTF-8): every byte
outside the edit stays, and the file still reads in its encoding."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import Failures, run, write  # noqa: E402

T = Failures()
CASES = [
    # (name, python codec, declared charset): `Z主要` is fixed to `最主要`, a replacement that must be
    # written in the file's own code page (as UTF-8 it would be three bytes that page reads as garbage).
    ("big5", "cp950", "big5"),
    ("shift_jis", "cp932", "shift_jis"),
    ("euc_kr", "cp949", "euc-kr"),
]
with tempfile.TemporaryDirectory() as work:
    for name, codec, charset in CASES:
        page = '<html><head><meta charset="{}"></head><body>\n<p>{}原因。</p>\n</body></html>\n'
        path = os.path.join(work, f"{name}.html")
        write(path, page.format(charset, "肩周炎Z主要").encode(codec))
        code, out, err = run(["--offline", "--config", os.devnull, "--fix", "--select", "chars", path], cwd=work)
        with open(path, "rb") as f:
            fixed = f.read()
        T.check(code in (0, 1) and "Fixed 1 finding" in err, f"{name}: --fix fixed one finding: {code} {err}")
        T.equal(fixed, page.format(charset, "肩周炎最主要").encode(codec), f"{name}: fixed and written back as {codec}")
T.finish(2 * len(CASES))
