#!/usr/bin/env python3
"""Generates a corpus of N documents shaped like the user's seeds (hexo posts
with HTML bodies and plain-text scrapes): each document is a seed with its
paragraphs varied by a document number, so no two documents are identical
and corpus-level checks see realistic repetition (the related blurbs)."""
import os
import random
import sys


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: make_corpus.py SEEDS_DIR OUT_DIR COUNT [RANDOM_SEED]")
    seeds_dir, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    # The benchmarks use the default; the profile-guided build trains on
    # another draw (cmake/pgo_profile.sh), so it is not measured on its training.
    random_seed = int(sys.argv[4]) if len(sys.argv) == 5 else 1234
    seeds = []
    for name in sorted(os.listdir(seeds_dir)):
        with open(os.path.join(seeds_dir, name), encoding="utf-8") as f:
            seeds.append(f.read().splitlines(keepends=True))
    rng = random.Random(random_seed)
    os.makedirs(out_dir, exist_ok=True)
    per_dir = 1000
    for i in range(count):
        lines = list(seeds[i % len(seeds)])
        # Vary a few body lines with the document number so documents differ.
        for _ in range(4):
            k = rng.randrange(len(lines))
            line = lines[k]
            if len(line) > 20 and not line.startswith(("---", "title", "date", "<div")):
                cut = rng.randrange(5, len(line) - 5)
                lines[k] = line[:cut] + f"第{i}号" + line[cut:]
        sub = os.path.join(out_dir, f"{i // per_dir:04d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"{i:07d}.txt"), "w", encoding="utf-8") as f:
            f.writelines(lines)


if __name__ == "__main__":
    main()
