"""Fuzz smoke test: a few hundred mutated documents (tests/fuzz/mutate.py, fixed seed, so the same
documents every run) are linted in every output format; hlint must exit 0 or 1, print nothing on
stderr, write json and sarif that parse, and count every document as linted or reported.
The long run, with a sanitized build, is `python3 tests/fuzz/mutate.py` (see its docstring)."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fuzz"))
from hlint_test import HLINT, Failures  # noqa: E402
import mutate  # noqa: E402

SEED, ROUNDS, DOCUMENTS = 20261122, 2, 150


def main():
    failures = Failures()
    corpus = mutate.load_corpus(mutate.DEFAULT_CORPUS)
    runner = mutate.Runner(os.path.abspath(HLINT), timeout=60, max_rss_mb=1500, jobs=2)
    runs = 0
    with tempfile.TemporaryDirectory(prefix="hlint-fuzz-smoke-") as workdir:
        for round_number in range(ROUNDS):
            round_dir = os.path.join(workdir, f"round{round_number}")
            os.makedirs(round_dir)
            paths = mutate.write_round(round_dir, SEED, round_number, DOCUMENTS, corpus)
            for output_format in mutate.FORMATS:
                runs += 1
                result = runner.run(paths, output_format, workdir)
                failures.check(result is None, f"round {round_number} --format {output_format}: "
                                               f"{result and result[0]}\n{result and result[1]}")
    failures.finish(runs)


if __name__ == "__main__":
    main()
