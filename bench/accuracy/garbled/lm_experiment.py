#!/usr/bin/env python3
"""Would a trained word language model guess lost bytes better than hlint's frequency model? (issue 12)

For every case of the lossy kinds of the garbled set (built by score.py into
its cache), the originals that the garbled text allows are enumerated the way
ceiling.py does: at each character of the original, every character whose
bytes differ in one byte and that garbles to the same text is a rival. Where a
case has rivals at several places, each place is chosen with the others held
at the model's current best (three rounds of coordinate descent from each
place's own best), so every choice is weighed with its chosen neighbours.

Two models score the candidates:
  - freq: hlint's frequency model as the check uses it (checks/data/
    han-frequency.txt and han-words.txt: a character's own cost, lowered by a
    two-character word with either neighbour; bits).
  - lm: the trigram word model of the Debian package sunpinyin-data
    (lm_sc.t3g, 71,759 words, 2.5 M bigrams, 1 M trigrams, trained on a large
    Simplified corpus), dumped as text with tslminfo (sunpinyin-utils); its
    words come from the package's lexicon pydict_sc.bin. A window of the
    line around the place (12 characters each side) is segmented into words
    by Viterbi search over the trigram model (8 histories kept a position),
    and the candidate's cost is the window's (bits). Traditional text (the
    Big5 kinds) is mapped to Simplified character by character first
    (opencc's TSCharacters).

Per kind it prints: how often the model's choice is the original (cases with
rivals, and all cases), and the precision/coverage curve by margin (a case's
margin is its smallest margin between the chosen candidate and the runner-up
at any place): at each margin, the share of all cases "fixed exactly" (every
place chosen right and every margin at least that) and the precision of the
cases offered (margin at least that); then the largest coverage at which the
offered cases are right in at least 0.95, 0.97 and 0.99.
Cases without rivals are determined by the bytes (they count as fixed at any
margin, for both models).

A character the lexicon lacks makes (with its neighbours the lexicon also
lacks) sunpinyin's unknown word, plus 12 nats a character (a rare one), or
--oov-punctuation nats (default 6) for Chinese punctuation (the lexicon has
only ，。；？！：“”、…).

Variants (docs/encodings.md has the numbers): --prune bi (no trigrams), bi:N
(N bigrams, ranked by the pair's probability times the absolute distance
from the back-off estimate; PRUNE_BY=gain in the environment ranks by the
distance alone; back-off weights renormalized), bi:0 (words alone); --model
checks/data/han-word-model.txt scores with the model hlint ships
(checks/data/generators/make_han_word_model.py).

usage: lm_experiment.py [--cache .hlint-cache/garbled] [--per-kind N] [--kinds k1,k2] [--dump lm.txt]
                        [--prune bi[:N]] [--model FILE] [--oov-punctuation NATS] [--examples N]
  --dump: `tslminfo -v lm_sc.t3g` saved to a file (215 MB; made on the fly otherwise)
  needs: sunpinyin-data sunpinyin-utils opencc, and the set built by score.py (its cache)
  takes about 2 minutes (UTF-8 read as Big5, with rivals at every character, half of it)
"""
import argparse
import array
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ceiling  # noqa: E402
import score  # noqa: E402

SUNPINYIN = "/usr/lib/x86_64-linux-gnu/sunpinyin/data"
DATA = os.path.join(score.ROOT, "checks", "data")
LN2 = math.log(2)
WINDOW = 12


# ---------------------------------------------------------------- sunpinyin's model

def load_lexicon(path=os.path.join(SUNPINYIN, "pydict_sc.bin")):
    """word -> id: the strings of the pinyin trie (header: word count, node count, string offset;
    then the words as NUL-terminated UCS-4, in id order)."""
    with open(path, "rb") as f:
        data = f.read()
    count, _, offset = struct.unpack("<3I", data[:12])
    codes = array.array("I")
    codes.frombytes(data[offset:offset + (len(data) - offset) // 4 * 4])
    words, current = {}, []
    wid = 0
    for c in codes:
        if c == 0:
            if current:
                words.setdefault("".join(map(chr, current)), wid)
            current = []
            wid += 1
            if wid >= count:
                break
        else:
            current.append(c)
    return words


class TrigramModel:
    """The back-off trigram model of lm_sc.t3g (costs in nats, as tslminfo prints -ln p)."""

    def __init__(self, dump=None):
        self.uni, self.bi, self.tri = {}, {}, {}
        if dump and os.path.exists(dump):
            stream = open(dump, encoding="utf-8")
        else:
            proc = subprocess.Popen(["tslminfo", "-v", os.path.join(SUNPINYIN, "lm_sc.t3g")], stdout=subprocess.PIPE,
                                    text=True)
            stream = proc.stdout
        level = -1
        for line in stream:
            if line.startswith("\\"):
                level = int(line[1])
                continue
            f = line.split()
            if level == 0:
                self.unseen = float(f[0])
            elif level == 1:
                self.uni[int(f[0])] = (float(f[1]), float(f[2]))
            elif level == 2:
                self.bi[int(f[0]) << 17 | int(f[1])] = (float(f[2]), float(f[3]))
            elif level == 3:
                self.tri[int(f[0]) << 34 | int(f[1]) << 17 | int(f[2])] = float(f[3])
        stream.close()

    def prune(self, trigrams=True, bigrams=None):
        """Drops the trigrams (trigrams=False) and keeps the `bigrams` bigrams that matter most (the
        probability of the pair times how far the bigram is from its back-off estimate, in nats; the
        back-off weights are kept as they were)."""
        if not trigrams:
            self.tri = {}
        if bigrams == 0:  # words alone: no back-off weights either
            self.bi = {}
            self.uni = {k: (c, 0.0) for k, (c, _) in self.uni.items()}
        elif bigrams is not None and bigrams < len(self.bi):
            mask = (1 << 17) - 1
            ranked = []
            for key, (c, _) in self.bi.items():
                u, w = key >> 17, key & mask
                cu = self.uni.get(u, (self.unseen, 0.0))
                cw = self.uni.get(w, (self.unseen, 0.0))
                gain = cu[1] + cw[0] - c  # ln P(w|u) - ln(bow(u) P(w))
                ranked.append((gain if PRUNE_BY == "gain" else math.exp(-cu[0] - c) * abs(gain), key))
            ranked.sort(reverse=True)
            keep = {key for _, key in ranked[:bigrams]}
            self.bi = {k: v for k, v in self.bi.items() if k in keep}
            self.renormalize()

    def renormalize(self):
        """Back-off weights that give each history's left-over mass to the words it has no bigram
        with: bow(u) = (1 - sum P(w|u)) / (1 - sum P(w)) over its bigrams."""
        mask = (1 << 17) - 1
        kept, base = {}, {}
        for key, (c, _) in self.bi.items():
            u, w = key >> 17, key & mask
            kept[u] = kept.get(u, 0.0) + math.exp(-c)
            base[u] = base.get(u, 0.0) + math.exp(-self.uni.get(w, (self.unseen, 0.0))[0])
        for u, (c, _) in list(self.uni.items()):
            left, rest = 1.0 - kept.get(u, 0.0), 1.0 - base.get(u, 0.0)
            self.uni[u] = (c, -math.log(max(left, 1e-9) / max(rest, 1e-9)))

    def cost(self, u, v, w):
        """-ln P(w | u v)"""
        t = self.tri.get(u << 34 | v << 17 | w)
        if t is not None:
            return t
        back = 0.0
        b = self.bi.get(u << 17 | v)
        if b is not None:
            back = b[1]
        b = self.bi.get(v << 17 | w)
        if b is not None:
            return back + b[0]
        uv = self.uni.get(v)
        back += uv[1] if uv else 0.0
        uw = self.uni.get(w)
        return back + (uw[0] if uw else self.unseen)


class CompactModel:
    """checks/data/han-word-model.txt (make_han_word_model.py): words and bigrams, tenths of a bit."""

    def __init__(self, path):
        self.words, self.uni, self.bi, self.tri = {}, [], {}, {}
        section = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("#") or not line:
                    continue
                if line.startswith("@"):
                    section = line
                    continue
                if section == "@words":
                    word, cost, back = line.split(" ")
                    self.words.setdefault(word, len(self.uni))
                    self.uni.append((int(cost) * LN2 / 10, int(back) * LN2 / 10))
                else:
                    first, *cells = line.split(" ")
                    u = int(first)
                    w = 0
                    for cell in cells:
                        delta, cost = cell.split(":")
                        w += int(delta)
                        self.bi[u << 17 | w] = int(cost) * LN2 / 10
        self.unseen = self.uni[0][0]
        self.ending = self.words["，"]

    def cost(self, u, v, w):
        b = self.bi.get(v << 17 | w)
        if b is not None:
            return b
        return self.uni[v][1] + self.uni[w][0]


def is_cjk_punctuation(cp):
    """src/core/utf8.hpp's"""
    return (0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF0F or 0xFF1A <= cp <= 0xFF20 or 0xFF3B <= cp <= 0xFF40 or
            0xFF5B <= cp <= 0xFF65 or cp in (0x2026, 0x2014, 0xB7) or 0x2018 <= cp <= 0x201F)


PRUNE_BY = os.environ.get("PRUNE_BY", "mass")  # experiment: "gain" ranks bigrams by association alone
UNKNOWN = 0       # sunpinyin's id of any word not in the lexicon
ENDING = 70       # the comma: the model's sentence boundary
OOV_CHAR = 12.0   # nats added for each non-ASCII character the lexicon lacks (a rare character) ...
OOV_PUNCTUATION = 6.0  # ... but Chinese punctuation (the lexicon has ，。；？！：“”、… only)
KEEP = 8          # histories kept at each position of the Viterbi search


class LmScorer:
    def __init__(self, lexicon, model, freq):
        self.freq = freq
        self.lexicon = lexicon
        self.model = model
        self.maxlen = max(len(w) for w in lexicon)
        self.cache = {}

    def oov_cost(self, ch):
        """What a character the lexicon lacks adds to the unknown word's cost (the unknown word is
        common: English words, numbers): Chinese punctuation (（）《》—) OOV_PUNCTUATION; anything
        else (a Han character the lexicon lacks, kana, symbols, letters) is a rare character."""
        cp = ord(ch)
        if is_cjk_punctuation(cp):
            return OOV_PUNCTUATION
        return OOV_CHAR

    def text_cost(self, text):
        """Cost in nats of the best segmentation of text."""
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        n = len(text)
        states = [dict() for _ in range(n + 1)]
        ending = getattr(self.model, "ending", ENDING)
        states[0][(ending, ending)] = 0.0
        lex, cost = self.lexicon, self.model.cost
        for i in range(n):
            here = states[i]
            if not here:
                continue
            if len(here) > KEEP:
                here = dict(sorted(here.items(), key=lambda kv: kv[1])[:KEEP])
            ch = text[i]
            moves = []
            for length in range(1, min(self.maxlen, n - i) + 1):
                wid = lex.get(text[i:i + length])
                if wid is not None:
                    moves.append((length, wid, 0.0))
            if ch not in lex:
                # A run the lexicon lacks (ASCII, digits, a rare character) is the unknown word.
                j = i + 1
                while j < n and text[j] not in lex and (ord(text[j]) < 0x80) == (ord(ch) < 0x80):
                    j += 1
                extra = sum(self.oov_cost(c) for c in text[i:j] if ord(c) >= 0x80)
                moves.append((j - i, UNKNOWN, extra))
            for (u, v), c0 in here.items():
                for length, wid, extra in moves:
                    c = c0 + cost(u, v, wid) + extra
                    key = (v, wid)
                    target = states[i + length]
                    if c < target.get(key, 1e18):
                        target[key] = c
        best = min(c + cost(u, v, ending) for (u, v), c in states[n].items())
        self.cache[text] = best
        return best


def ts_characters():
    """Traditional -> Simplified, character by character (opencc's TSCharacters)."""
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "ts.txt")
        subprocess.run(["opencc_dict", "-i", "/usr/share/opencc/TSCharacters.ocd2", "-o", out, "-f", "ocd2", "-t",
                        "text"], check=True)
        table = {}
        with open(out, encoding="utf-8") as f:
            for line in f:
                if "\t" in line:
                    t, s = line.rstrip("\n").split("\t")
                    if len(t) == 1:
                        table[t] = s.split(" ")[0]
        return table


# ---------------------------------------------------------------- hlint's frequency model

def _default_cost(cp):
    """checks/chars/han_frequency.cpp's default_cost, in short."""
    if cp < 0x80:
        return 6
    if cp in (0x3002, 0xFF0C):
        return 4
    if cp in (0x3001, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0x201C, 0x201D, 0xFF08, 0xFF09):
        return 5
    if 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF0F or 0xFF1A <= cp <= 0xFF20:
        return 8 if cp < 0x3021 or cp > 0x303F else 20
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF:
        return 26
    if cp < 0xA0 or cp == 0xFFFD or 0xE000 <= cp <= 0xF8FF:
        return 30
    if cp < 0xC0 or cp in (0xD7, 0xF7):
        return 16
    if cp < 0x250:
        return 12
    if 0x3040 <= cp <= 0x30FF or 0xFF10 <= cp <= 0xFF5A:
        return 14
    if 0x370 <= cp <= 0x52F or 0xAC00 <= cp <= 0xD7A3:
        return 14
    if 0x2500 <= cp <= 0x259F or 0x3100 <= cp <= 0x312F or 0x2460 <= cp <= 0x24FF or 0x3220 <= cp <= 0x33FF or \
            0xFE30 <= cp <= 0xFE4F or 0x2170 <= cp <= 0x217F:
        return 20
    return 16


class FreqModel:
    def __init__(self):
        self.costs, self.own, self.words = {}, {}, {}
        with open(os.path.join(DATA, "han-frequency.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or " " not in line:
                    continue
                parts = line.split()
                cost = int(parts[1])
                self.costs[parts[0]] = cost
                self.own[parts[0]] = max(cost, int(parts[2])) if len(parts) > 2 else cost
        with open(os.path.join(DATA, "han-words.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or " " not in line:
                    continue
                word, cost = line.split()
                if len(word) == 2:
                    self.words.setdefault(word, int(cost))

    def cost(self, ch):
        return self.costs.get(ch, _default_cost(ord(ch)))

    def own_cost(self, ch):
        return self.own.get(ch, _default_cost(ord(ch)))

    def in_context(self, before, ch, after):
        best = self.own_cost(ch)
        if before:
            w = self.words.get(before + ch)
            if w:
                best = min(best, max(0, w - self.cost(before)))
        if after:
            w = self.words.get(ch + after)
            if w:
                best = min(best, max(0, w - self.cost(after)))
        return best


# ---------------------------------------------------------------- the experiment

def places_of(case, encoding, garble, rival_cache):
    """[(index in the line, [original, rivals...])] for each character of the original that has rivals."""
    original, garbled = case["original"], case["garbled"]
    start = 0
    if original.startswith(ceiling.PREFIX) and garbled.startswith(ceiling.PREFIX):
        start = len(ceiling.PREFIX)
        original, garbled = original[start:], garbled[start:]
    out = []
    for i, ch in enumerate(original):
        if ord(ch) < 0x80:
            continue
        same = []
        for rival in ceiling.rivals_of(ch, encoding, rival_cache):
            try:
                if garble(original[:i] + rival + original[i + 1:]) == garbled:
                    same.append(rival)
            except UnicodeEncodeError:
                continue
        if same:
            out.append((start + i, [ch] + same))
    return out


def choose(line, places, score_at, rounds=3):
    """Coordinate descent: returns (choice per place, margin per place in bits)."""
    text = list(line)
    choice = []
    for index, options in places:
        costs = [score_at(text, index, o) for o in options]
        choice.append(min(range(len(options)), key=costs.__getitem__))
    for k, (index, options) in enumerate(places):
        text[index] = options[choice[k]]
    margins = [0.0] * len(places)
    for _ in range(rounds):
        changed = False
        for k, (index, options) in enumerate(places):
            costs = [score_at(text, index, o) for o in options]
            order = sorted(range(len(options)), key=costs.__getitem__)
            best = order[0]
            margins[k] = costs[order[1]] - costs[best] if len(order) > 1 else 99.0
            if best != choice[k]:
                choice[k] = best
                text[index] = options[best]
                changed = True
        if not changed:
            break
    return choice, margins


def freq_scorer(freq):
    def score_at(text, index, option):
        before = text[index - 1] if index > 0 else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        return freq.in_context(before, option, after)
    return score_at


def lm_scorer(lm, to_simplified):
    def score_at(text, index, option):
        a, b = max(0, index - WINDOW), min(len(text), index + WINDOW + 1)
        window = "".join(text[a:index]) + option + "".join(text[index + 1:b])
        if to_simplified:
            window = "".join(to_simplified.get(c, c) for c in window)
        return lm.text_cost(window) / LN2
    return score_at


THRESHOLDS = [0, 0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20]


def curve(results, total):
    """results: [(right, margin)] of cases with rivals; total: all cases of the kind (the others count as fixed)."""
    free = total - len(results)
    rows = []
    for t in THRESHOLDS:
        offered = [r for r in results if r[1] >= t]
        right = sum(1 for r in offered if r[0])
        rows.append((t, (right + free) / total, (right + free) / max(1, len(offered) + free)))
    best = {}
    for p in (0.95, 0.97, 0.99):
        cands = sorted(set([m for _, m in results] + [0.0]))
        top = (0.0, None)
        for t in cands:
            offered = [r for r in results if r[1] >= t]
            right = sum(1 for r in offered if r[0])
            prec = (right + free) / max(1, len(offered) + free)
            if prec >= p and (right + free) / total > top[0]:
                top = ((right + free) / total, t)
        best[p] = top
    return rows, best


def main():
    global OOV_PUNCTUATION
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default=os.path.join(score.ROOT, ".hlint-cache", "garbled"))
    parser.add_argument("--per-kind", type=int, default=0)
    parser.add_argument("--kinds", default=",".join(ceiling.LOSSY))
    parser.add_argument("--dump", help="tslminfo -v output (made on the fly otherwise)")
    parser.add_argument("--oov-punctuation", type=float, help="nats a Chinese punctuation mark the lexicon lacks "
                        f"adds (default {OOV_PUNCTUATION})")
    parser.add_argument("--model", help="checks/data/han-word-model.txt instead of the full model")
    parser.add_argument("--prune", help="bi[:N]: no trigrams (and the N bigrams that matter most); tri:N: "
                        "trigrams kept, N bigrams")
    parser.add_argument("--examples", type=int, default=0, help="print this many wrong LM choices a kind")
    args = parser.parse_args()
    if args.oov_punctuation is not None:
        OOV_PUNCTUATION = args.oov_punctuation
    with open(os.path.join(args.cache, "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    t0 = time.time()
    if args.model:
        model = CompactModel(args.model)
        lexicon = {w: k for w, k in model.words.items() if k != 0}
    else:
        lexicon = load_lexicon()
        model = TrigramModel(args.dump)
    if args.prune:
        what, _, count = args.prune.partition(":")
        model.prune(trigrams=what == "tri", bigrams=int(count) if count else None)
    freq = FreqModel()
    lm = LmScorer(lexicon, model, freq)
    to_simplified = ts_characters()
    print(f"model: {len(lexicon)} words, {len(model.uni)}/{len(model.bi)}/{len(model.tri)} n-grams "
          f"(loaded in {time.time() - t0:.0f} s)", flush=True)
    rival_cache = {}
    summary = []
    for kind in args.kinds.split(","):
        encoding = ceiling.LOSSY[kind]
        simplified, traditional = score.KINDS[kind]
        traditional_text = simplified is None
        models = {"freq": freq_scorer(freq), "lm": lm_scorer(lm, to_simplified if traditional_text else None)}
        results = {name: [] for name in models}
        total = 0
        examples = []
        t1 = time.time()
        for case in cases:
            if case["kind"] != kind:
                continue
            if args.per_kind and total >= args.per_kind:
                break
            total += 1
            garble = simplified or traditional
            if simplified and traditional and garble(case["original"]) != case["garbled"] and \
                    not case["original"].startswith(ceiling.PREFIX):
                garble = traditional
            places = places_of(case, encoding, garble, rival_cache)
            if not places:
                continue
            line = case["original"]
            for name, score_at in models.items():
                choice, margins = choose(line, places, score_at)
                right = all(c == 0 for c in choice)
                results[name].append((right, min(margins)))
                if name == "lm" and not right and len(examples) < args.examples:
                    got = list(line)
                    for (index, options), c in zip(places, choice):
                        got[index] = options[c]
                    examples.append((line, "".join(got), min(margins)))
        print(f"\n{kind}: {total} cases, {len(results['lm'])} with rivals "
              f"({time.time() - t1:.0f} s)")
        print(f"  {'margin':>6} | {'freq: fixed':>11} {'precision':>9} | {'lm: fixed':>9} {'precision':>9}")
        curves = {name: curve(results[name], total) for name in models}
        for k, t in enumerate(THRESHOLDS):
            f, l = curves["freq"][0][k], curves["lm"][0][k]
            print(f"  {t:6.1f} | {f[1]:11.3f} {f[2]:9.3f} | {l[1]:9.3f} {l[2]:9.3f}")
        for name in models:
            r = results[name]
            print(f"  {name}: top choice right {sum(x[0] for x in r) / max(1, len(r)):.3f} of the cases with rivals, "
                  f"{(sum(x[0] for x in r) + total - len(r)) / max(1, total):.3f} of all; best coverage at precision "
                  + ", ".join(f">={p}: {c:.3f} (margin {m})" for p, (c, m) in curves[name][1].items()))
        for original, got, margin in examples:
            print(f"    wrong ({margin:.1f} bits): {got}\n                  for {original}")
        summary.append((kind, total, len(results["lm"]), curves))
        sys.stdout.flush()
    print("\nsummary: share of all cases fixed exactly at precision >= 0.95 / 0.97 / 0.99 (freq -> lm)")
    for kind, total, with_rivals, curves in summary:
        cells = [f"{curves['freq'][1][p][0]:.3f} -> {curves['lm'][1][p][0]:.3f}" for p in (0.95, 0.97, 0.99)]
        print(f"  {kind:20} {total:4} cases ({with_rivals} with rivals): " + " | ".join(cells))


if __name__ == "__main__":
    sys.exit(main())
