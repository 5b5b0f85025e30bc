#!/usr/bin/env python3
"""How far any repairer can restore the lossy kinds of garbled text (issue 12).

Where the wrong decoding replaced bytes with U+FFFD, several originals may
give the same garbled text. For each case of the labelled set (built by
score.py into its cache) and each character of its original, this tries every
character whose bytes (in the encoding the text was written in) differ from
the original character's in one byte, puts it in the original's place and
garbles the sentence again the same way: a character that gives the same
garbled text could have been the original as well. A case is
  - "determined by the bytes" when no character has such a rival;
  - "determined with the word list" when, besides, at every character that
    has rivals, the original is the only one of them (it included) that makes
    a word of the word list with its neighbours (the original's neighbours:
    an optimistic assumption, as is trying one-byte changes only, so both are
    upper bounds of what a repairer can reach).
The word list: every word of two to four characters of the Debian packages
rime-data-pinyin-simp (pinyin_simp.dict.yaml) and rime-data-luna-pinyin
(luna_pinyin.dict.yaml, Traditional).

usage: ceiling.py [--cache .hlint-cache/garbled] [--findings FILE.json] [--per-kind N]
  --findings: hlint's JSON output over the cache (as score.py runs it): only
              the found cases are counted (all cases otherwise).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402  (the garbling functions)

# kind: the encoding the text was written in (what a rival character is made of)
LOSSY = {
    "utf8-as-gbk": "utf-8",
    "utf8-as-big5": "utf-8",
    "big5-as-gbk": "big5",
    "gbk-as-big5": "gbk",
    "double-utf8-as-gbk": "utf-8",
    "utf8-as-cp1250": "utf-8",
}
PREFIX = "以下为转载内容： "  # score.write_set's
RIME = ["/usr/share/rime-data/pinyin_simp.dict.yaml", "/usr/share/rime-data/luna_pinyin.dict.yaml"]


def load_words():
    words = set()
    for path in RIME:
        with open(path, encoding="utf-8") as f:
            in_body = False
            for line in f:
                if line.startswith("..."):
                    in_body = True
                    continue
                if not in_body or line.startswith("#"):
                    continue
                word = line.split("\t", 1)[0].strip()
                if 2 <= len(word) <= 4:
                    words.add(word)
    return words


def rivals_of(ch, encoding, cache):
    """Characters whose bytes differ from ch's in one byte."""
    key = (ch, encoding)
    if key in cache:
        return cache[key]
    out = []
    try:
        data = bytearray(ch.encode(encoding))
    except UnicodeEncodeError:
        cache[key] = out
        return out
    if len(data) > 1:
        for k in range(len(data)):
            original = data[k]
            for v in range(256):
                if v == original:
                    continue
                data[k] = v
                try:
                    text = bytes(data).decode(encoding)
                except UnicodeDecodeError:
                    continue
                if len(text) == 1 and ord(text) >= 0x80:
                    out.append(text)
            data[k] = original
    cache[key] = out
    return out


def makes_word(text, i, words):
    for a in range(max(0, i - 3), i + 1):
        for b in range(i + 1, min(len(text), a + 4) + 1):
            if b - a >= 2 and text[a:b] in words:
                return True
    return False


def judge(case, encoding, garble, words, rival_cache):
    """(determined by the bytes, determined with the word list)"""
    original, garbled = case["original"], case["garbled"]
    if original.startswith(PREFIX) and garbled.startswith(PREFIX):  # the clean sentence before half the cases
        original, garbled = original[len(PREFIX):], garbled[len(PREFIX):]
    by_bytes = True
    with_words = True
    for i, ch in enumerate(original):
        if ord(ch) < 0x80:
            continue
        same = []
        for rival in rivals_of(ch, encoding, rival_cache):
            changed = original[:i] + rival + original[i + 1:]
            try:
                if garble(changed) == garbled:
                    same.append(rival)
            except UnicodeEncodeError:
                continue
        if not same:
            continue
        by_bytes = False
        if not makes_word(original, i, words) or any(
                makes_word(original[:i] + rival + original[i + 1:], i, words) for rival in same):
            with_words = False
            break
    return by_bytes, with_words


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default=os.path.join(score.ROOT, ".hlint-cache", "garbled"))
    parser.add_argument("--findings", help="hlint's JSON output over the cache: count only found cases")
    parser.add_argument("--per-kind", type=int, default=0, help="at most this many cases a kind (0: all)")
    args = parser.parse_args()
    with open(os.path.join(args.cache, "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    found = None
    if args.findings:
        with open(args.findings, encoding="utf-8") as f:
            found = {(os.path.basename(x["path"]), x["start"]["line"]) for x in json.load(f)["findings"]}
    words = load_words()
    rival_cache = {}
    print(f"word list: {len(words)} words")
    print(f"{'kind':22} {'cases':>6} {'by bytes':>9} {'with words':>11}")
    for kind, encoding in LOSSY.items():
        simplified, traditional = score.KINDS[kind]
        counted = by_bytes = with_words = 0
        for case in cases:
            if case["kind"] != kind or (found is not None and (case["file"], case["line"]) not in found):
                continue
            if args.per_kind and counted >= args.per_kind:
                break
            # The garbling of a Traditional sentence is the kind's second function.
            garble = simplified or traditional
            if simplified and traditional and garble(case["original"]) != case["garbled"] and \
                    not case["original"].startswith(PREFIX):
                garble = traditional
            b, w = judge(case, encoding, garble, words, rival_cache)
            counted += 1
            by_bytes += b
            with_words += w
        print(f"{kind:22} {counted:6} {by_bytes / max(1, counted):9.3f} {with_words / max(1, counted):11.3f}")


if __name__ == "__main__":
    sys.exit(main())
