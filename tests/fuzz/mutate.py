#!/usr/bin/env python3
"""A seeded, deterministic mutation fuzzer for hlint (python3 standard library only).

It starts from the user's seed documents and the rule fixtures, writes DOCS mutated documents per
round into a temporary directory, and lints the directory with hlint (meant to be a build with
-fsanitize=address,undefined) once per output format. A run is a failure when hlint

  - exits with a code other than 0 or 1 (a crash, a signal, an internal error),
  - prints anything on stderr (a sanitizer report, or any message: per-file problems are findings),
  - does not finish within --timeout seconds (a pathological slowdown is a bug too),
  - peaks above --max-rss-mb of resident memory,
  - writes json or sarif that does not parse, or a json report whose file count is not the number
    of documents (a document was neither linted nor reported).

A failing batch is narrowed down to the fewest documents that still fail the same way
(delta debugging over the files, then over chunks of the file's bytes) and saved under
--crash-dir. Document N of round R depends only on (--seed, R, N), so any document can be
regenerated with `--seed S --first-round R --rounds 1`.

  python3 tests/fuzz/mutate.py --hlint build-asan/src/hlint --seed 1 --rounds 100 --docs 200
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_shapes  # noqa: E402
DEFAULT_CORPUS = [os.path.join(SOURCE_DIR, "fixtures")]
FORMATS = ["text", "json", "sarif", "github"]
MAX_DOCUMENT_BYTES = 3 << 20

# Byte strings that stress the document model: front matter fences, comments and suppressions,
# raw-text elements, encodings at their edges, invisible characters and line ends.
TOKENS = [
    b"---\n", b"---", b"\n---\n", b"...\n", b"<!--", b"-->", b"<!-- hlint-disable -->", b"<!-- hlint-disable x -->",
    b"<!-- hlint-disable-next-line chars -->", b"<!-- hlint-enable -->", b"<!-- hlint-disable-line -->",
    b"<![CDATA[", b"]]>", b"<script>", b"</script>", b"<style>", b"</style>", b"<textarea>", b"<pre>", b"</pre>",
    b"<p>", b"</p>", b"<div", b"</div>", b"<img src=", b"<img src=\"\">", b"<a href=\"", b"\">", b"<", b">", b"&",
    b"&#", b"&#x", b"&#xD800;", b"&#1114112;", b"&amp", b"&nbsp;", b"<!DOCTYPE html>", b"<?xml version=\"1.0\"?>",
    b"<html>", b"<body>", b"</body></html>", b"<br/>", b"<table><tr><td>", b"![](", b"![alt](http://", b")",
    b"[x]: http://a/b.png", b"```\n", b"# ", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x00\x00",
    b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf0\x80\x80\xaf", b"\xf4\x90\x80\x80",
    b"\xc3", b"\xe4\xb8", b"\xef\xbf\xbd", b"\xe2\x80\x8b", b"\xe2\x80\x8c", b"\xe2\x80\x8d", b"\xe2\x81\xa0",
    b"\xef\xbb\xbf", b"\xe2\x80\xae", b"\xcc\x81", b"\xf0\x9f\x98\x80", b"\x81\x40", b"\xa1", b"\x80", b"\xff",
    b"\r", b"\r\n", b"\n", b"\t", b"\x0b", b"\x0c", b"\x1b[31m", b"\xc2\x85", b"\xe2\x80\xa8",
    b"title: ", b"date: ", b"date: 0000-00-00", b"date: 2021-02-30 25:61:61", b"date: 99999999999999999999",
    b"author: ", b"tags:\n  - ", b"source: http://", b"url: http://[::1", b"key: &a [x]\n", b"other: *a\n",
    b"x: !!binary aGVsbG8=\n", b"x: !!binary \xff\n", b"\tkey: value\n", b"? complex\n: value\n", b"{", b"}",
    b"[", b"]", b"'", b"\"", b"|\n", b">-\n", b"%YAML 1.2\n", b"!<tag:yaml.org,2002:str> x\n", b"*undefined\n",
    "相关推荐".encode(), "免责声明".encode(), "来源：".encode(), "最".encode(), "Z主要".encode(), "彻.底".encode(),
    "电话：138 0013 8000".encode(), "微信".encode(), "。".encode(), "，".encode(), "\u3000".encode(),
]


def billion_laughs(depth=9, width=9):
    lines = [b"---", b"a0: &a0 [lol]"]
    for level in range(1, depth + 1):
        lines.append(b"a%d: &a%d [" % (level, level) + b", ".join([b"*a%d" % (level - 1)] * width) + b"]")
    return b"\n".join(lines + [b"---", b"<p>body</p>", b""])


def deep_nesting(rng):
    depth = rng.choice([100, 1000, 5000, 5000, 20000])
    tag = rng.choice([b"div", b"b", b"p", b"span", b"table", b"li", b"a"])
    closed = rng.random() < 0.5
    body = (b"<" + tag + b">") * depth + "深".encode()
    return body + (b"</" + tag + b">") * depth if closed else body


def huge_attribute(rng):
    size = rng.choice([300, 70_000, 70_000, 1 << 20])
    name = rng.choice([b"src", b"alt", b"href", b"style", b"data-x"])
    return b"<img " + name + b"=\"" + rng.choice([b"a", "图".encode(), b"%", b"\""]) * (size // 3) + b"\">"


def long_line(rng):
    unit = rng.choice([b"a", "字".encode(), b" ", b"<b>", "Z主要".encode(), b"\xef\xbf\xbd", b"\xe2\x80\x8b"])
    return unit * (rng.choice([5000, 70_000, 1 << 20]) // len(unit))


def long_yaml_key(rng):
    return b"---\n" + b"k" * rng.choice([1025, 70_000, 300_000]) + b": v\ntitle: t\n---\n<p>x</p>\n"


# --- mutators: each takes (rng, document, corpus) and returns new bytes -------------------------

def pick_position(rng, data, kind=None):
    """A position in data; kind narrows it to inside a multi-byte character, a tag or the front matter."""
    if not data:
        return 0
    if kind == "char":
        # A UTF-8 continuation byte, or the second byte of a GBK pair (sampled: documents reach megabytes).
        for _ in range(64):
            i = rng.randrange(1, len(data)) if len(data) > 1 else 0
            if data[i] & 0xC0 == 0x80 or (data[i - 1] >= 0x81 and data[i] >= 0x40):
                return i
    elif kind == "tag":
        starts = [m.start() for m in re.finditer(rb"<", data)]
        if starts:
            start = rng.choice(starts)
            end = data.find(b">", start)
            end = len(data) if end < 0 else end
            return rng.randint(start, end)
    elif kind == "front-matter":
        if data.startswith(b"---"):
            end = data.find(b"\n---", 3)
            return rng.randint(0, len(data) if end < 0 else end + 4)
    return rng.randint(0, len(data))


def flip_bytes(rng, data, corpus):
    data = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if not data:
            break
        i = rng.randrange(len(data))
        data[i] = data[i] ^ (1 << rng.randrange(8)) if rng.random() < 0.6 else rng.randrange(256)
    return bytes(data)


def truncate(rng, data, corpus):
    return data[:pick_position(rng, data, rng.choice([None, "char", "tag", "front-matter"]))]


def splice(rng, data, corpus):
    other = rng.choice(corpus)
    return data[:pick_position(rng, data)] + other[pick_position(rng, other):]


def insert_token(rng, data, corpus):
    for _ in range(rng.randint(1, 8)):
        position = pick_position(rng, data, rng.choice([None, None, "char", "tag", "front-matter"]))
        data = data[:position] + rng.choice(TOKENS) * rng.choice([1, 1, 1, 2, 3, 50]) + data[position:]
    return data


def delete_range(rng, data, corpus):
    start = pick_position(rng, data)
    return data[:start] + data[start + rng.randint(1, 200):]


def duplicate_range(rng, data, corpus):
    start = pick_position(rng, data)
    chunk = data[start:start + rng.randint(1, 400)]
    return data[:start] + chunk * rng.randint(2, 20) + data[start:]


def hostile_shape(rng):
    """One of issue 18's adversarial shapes (hostile_shapes.py, also timed by bench/scale_bench.py)."""
    name = rng.choice(sorted(hostile_shapes.SHAPES))
    return hostile_shapes.SHAPES[name](rng.choice([200, 5000, 70_000, 400_000]))


def insert_stress(rng, data, corpus):
    stress = rng.choice([deep_nesting, huge_attribute, long_line, long_yaml_key, hostile_shape, hostile_shape,
                         lambda r: billion_laughs(r.randint(3, 12), r.randint(2, 10))])(rng)
    position = pick_position(rng, data, rng.choice([None, "front-matter"]))
    return data[:position] + stress + data[position:]


def change_line_ends(rng, data, corpus):
    return data.replace(b"\n", rng.choice([b"\r", b"\r\n", b"\t\n", b"\n\n\n", b"\xe2\x80\xa8", b"\x00\n"]))


def reencode(rng, data, corpus):
    """The document (or a part of it) as GBK, GB18030 or UTF-16, possibly cut to an odd length."""
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "big5"])
    encoded = text.encode(encoding, "replace")
    if rng.random() < 0.3:
        encoded = encoded[:len(encoded) - 1 - rng.randrange(min(len(encoded), 3) or 1)]
    if rng.random() < 0.3:
        position = pick_position(rng, data)
        return data[:position] + encoded[:rng.randint(0, len(encoded))]
    return encoded


def yaml_front_matter(rng, data, corpus):
    """A replacement front matter that stresses the YAML reader."""
    body_start = data.find(b"\n---", 3) if data.startswith(b"---") else -1
    body = data[body_start + 4:] if body_start >= 0 else data
    front = rng.choice([
        billion_laughs(rng.randint(3, 10), rng.randint(2, 10)),
        b"---\ntitle: t\nimg: !!binary |\n  R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\n---\n",
        b"---\n\ttitle: tab\n  date:\t2021-01-01\n---\n",
        b"---\ntitle: &t x\nauthor: *t\nsource: *t\n<<: *t\n---\n",
        b"---\n" + b"- " * 5000 + b"x\n---\n",
        b"---\n" + b"[" * 10000 + b"\n---\n",
        b"---\n" + b"{a: " * 5000 + b"\n---\n",
        b"---\ntitle: t\ntitle: again\ndate: 2021-02-29\ndate: [1, 2]\n---\n",
        b"---\n? [a, b]\n: c\n? {x: y}\n: z\n---\n",
        b"---\ntitle: \"unterminated\n---\n",
        b"---\n---\n---\n",
        b"---\n",
        b"---\r\ntitle: crlf\r\n---\r\n",
        b"\xef\xbb\xbf---\ntitle: bom\n---\n",
        b"---\ntitle: \xff\xfe bad\n---\n",
        b"---\ndate: !!timestamp 2021-13-45\ncount: !!int x\n---\n",
    ])
    return front + body


MUTATORS = [flip_bytes, truncate, splice, insert_token, insert_token, delete_range, duplicate_range,
            insert_stress, change_line_ends, reencode, yaml_front_matter]


def mutate(rng, corpus):
    data = rng.choice(corpus)
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
        data = rng.choice(MUTATORS)(rng, data, corpus)
    return data[:MAX_DOCUMENT_BYTES]


def load_corpus(directories):
    corpus = []
    for directory in directories:
        for root, dirs, files in sorted(os.walk(directory)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".expected", ".md", ".yaml")):
                    continue
                with open(os.path.join(root, name), "rb") as f:
                    corpus.append(f.read())
    if not corpus:
        sys.exit("mutate.py: no starting documents found")
    return corpus


def write_round(directory, seed, round_number, docs, corpus):
    paths = []
    for index in range(docs):
        rng = random.Random(f"{seed}:{round_number}:{index}")
        path = os.path.join(directory, f"r{round_number:05d}-{index:04d}.txt")
        with open(path, "wb") as f:
            f.write(mutate(rng, corpus))
        paths.append(path)
    return paths


# --- running hlint and judging a run ------------------------------------------------------------

class Runner:
    def __init__(self, hlint, timeout, max_rss_mb, jobs):
        self.hlint = hlint
        self.timeout = timeout
        self.max_rss_mb = max_rss_mb
        self.jobs = jobs
        self.env = dict(os.environ)
        self.env.pop("GITHUB_STEP_SUMMARY", None)
        # hard_rss_limit_mb makes a sanitized hlint stop with a report before it eats the machine.
        # fast_unwind_on_malloc=0: libtidy has no frame pointers, so the fast unwinder stops in it and
        # the suppression in lsan.supp, which names a function inside libtidy, could not match.
        self.env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:"
                                            f"hard_rss_limit_mb={max_rss_mb * 2}")
        self.env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
        # Known library leaks (see lsan.supp), not reported so that they do not hide new ones.
        suppressions = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsan.supp")
        self.env.setdefault("LSAN_OPTIONS", f"print_suppressions=0:suppressions={suppressions}")
        self.runs = 0

    def run(self, paths, output_format, workdir):
        """Lints paths; returns None when all is well, else (signature, details)."""
        self.runs += 1
        args = [self.hlint, "--offline", "--no-cache", "--config", os.devnull, "-j", str(self.jobs),
                "--format", output_format, "--"] + list(paths)
        out_path, err_path = os.path.join(workdir, "stdout"), os.path.join(workdir, "stderr")
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            started = time.monotonic()
            proc = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=self.env,
                                    start_new_session=True)
            timed_out = threading.Event()

            def kill():
                timed_out.set()
                os.killpg(proc.pid, signal.SIGKILL)

            timer = threading.Timer(self.timeout, kill)
            timer.start()
            # os.wait4 (not proc.wait) to get this child's own peak memory.
            _, status, usage = os.wait4(proc.pid, 0)
            timer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            elapsed = time.monotonic() - started
        with open(out_path, "rb") as f:
            stdout = f.read()
        with open(err_path, "rb") as f:
            stderr = f.read().decode("utf-8", "replace")
        code, rss_mb = proc.returncode, usage.ru_maxrss // 1024
        command = " ".join(args[:10]) + f" ... ({len(paths)} files)"
        if timed_out.is_set():
            return "timeout", f"{command}\nkilled after {self.timeout} s\n{stderr[-4000:]}"
        sanitizer = re.search(r"ERROR: (\w+Sanitizer): ([\w-]+)|runtime error: ([^\n]{0,80})", stderr)
        if sanitizer:
            kind = sanitizer.group(2) or "ubsan " + re.sub(r"0x[0-9a-f]+|\d+", "N", sanitizer.group(3))
            return f"sanitizer {sanitizer.group(1) or ''} {kind}".strip(), f"{command}\nexit {code}\n{stderr}"
        if code not in (0, 1):
            return f"exit {code}", f"{command}\nexit {code}, {elapsed:.1f} s\n{stderr[-4000:]}\n{stdout[-4000:]!r}"
        if stderr.strip():
            first = stderr.strip().splitlines()[0]
            return "stderr " + re.sub(r"\S*r\d{5}-\d{4}\S*|\d+", "_", first)[:80], f"{command}\n{stderr[-4000:]}"
        if rss_mb > self.max_rss_mb:
            return "memory", f"{command}\npeak resident memory {rss_mb} MB > {self.max_rss_mb} MB"
        if output_format in ("json", "sarif"):
            try:
                report = json.loads(stdout)
            except ValueError as e:
                return f"invalid {output_format}", f"{command}\n{e}"
            if output_format == "json" and report.get("files") != len(paths):
                return "files lost", f"{command}\njson says {report.get('files')} files, {len(paths)} given"
        return None


def ddmin(items, still_fails, max_tests):
    """Zeller's delta debugging: a smaller list for which still_fails holds (best effort within max_tests)."""
    granularity, tests = 2, 0
    while len(items) >= 2 and tests < max_tests:
        chunk = -(-len(items) // granularity)
        pieces = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        for index in range(len(pieces)):
            complement = [x for j, piece in enumerate(pieces) if j != index for x in piece]
            tests += 1
            if still_fails(pieces[index]):
                items, granularity = pieces[index], 2
                break
            tests += 1
            if len(pieces) > 2 and still_fails(complement):
                items, granularity = complement, max(granularity - 1, 2)
                break
        else:
            if granularity >= len(items):
                break
            granularity = min(granularity * 2, len(items))
    return items


def minimize(runner, paths, output_format, signature, crash_dir, workdir, max_tests):
    """Narrows a failing batch to the fewest files, shrinks a single file, and saves the case."""
    def same_failure(subset):
        result = runner.run(subset, output_format, workdir)
        return result is not None and result[0] == signature

    files = ddmin(list(paths), same_failure, max_tests)
    case_dir = os.path.join(crash_dir, re.sub(r"[^\w.-]+", "_", signature) + "-" + os.path.basename(files[0]))
    os.makedirs(case_dir, exist_ok=True)
    for path in files:
        shutil.copy(path, case_dir)
    if len(files) == 1:
        with open(files[0], "rb") as f:
            original = f.read()
        shrink_path = os.path.join(workdir, "shrink.txt")

        def bytes_fail(chunks):
            with open(shrink_path, "wb") as f:
                f.write(b"".join(chunks))
            return same_failure([shrink_path])

        # Chunks of a line where lines are few, else of many lines: shrinking 1 MB byte by byte is too slow.
        size = max(1, len(original) // 64)
        chunks = ddmin([original[i:i + size] for i in range(0, len(original), size)], bytes_fail, max_tests)
        if size > 1:
            flat = b"".join(chunks)
            chunks = ddmin([flat[i:i + 1] for i in range(len(flat))], bytes_fail, max_tests) if len(flat) <= 4096 \
                else chunks
        with open(os.path.join(case_dir, "minimized.txt"), "wb") as f:
            f.write(b"".join(chunks))
    details = runner.run(files, output_format, workdir)
    with open(os.path.join(case_dir, "report.txt"), "w", encoding="utf-8") as f:
        f.write(f"signature: {signature}\nformat: {output_format}\nfiles: {[os.path.basename(p) for p in files]}\n\n")
        f.write(details[1] if details else "(the minimized files no longer fail on their own)\n")
    return case_dir


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hlint", default=os.path.join(SOURCE_DIR, "build-asan", "src", "hlint"), help="binary")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--first-round", type=int, default=0, help="start at this round (to replay one)")
    parser.add_argument("--docs", type=int, default=200, help="documents per round")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated output formats")
    parser.add_argument("--rotate-formats", action="store_true",
                        help="lint each round in the first format and one of the others, in turn (half the "
                             "runs: every document still goes through the model and every rule)")
    parser.add_argument("--corpus", action="append", help="starting documents (default: seeds and fixtures)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per hlint run")
    parser.add_argument("--max-rss-mb", type=int, default=1500, help="peak memory per hlint run")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--crash-dir", default="/tmp/fuzz-crashes")
    parser.add_argument("--shrink-tests", type=int, default=200, help="hlint runs per minimization step")
    parser.add_argument("--no-shrink", action="store_true", help="save failing batches without minimizing")
    parser.add_argument("--keep", action="store_true", help="keep the generated documents")
    args = parser.parse_args()

    corpus = load_corpus(args.corpus or DEFAULT_CORPUS)
    runner = Runner(os.path.abspath(args.hlint), args.timeout, args.max_rss_mb, args.jobs)
    formats = args.formats.split(",")
    workdir = tempfile.mkdtemp(prefix="hlint-fuzz-")
    failures, documents, started = [], 0, time.monotonic()
    try:
        for round_number in range(args.first_round, args.first_round + args.rounds):
            round_dir = os.path.join(workdir, f"round{round_number:05d}")
            os.makedirs(round_dir)
            paths = write_round(round_dir, args.seed, round_number, args.docs, corpus)
            documents += len(paths)
            round_formats = formats
            if args.rotate_formats and len(formats) > 2:
                round_formats = [formats[0], formats[1 + round_number % (len(formats) - 1)]]
            for output_format in round_formats:
                result = runner.run(paths, output_format, workdir)
                if result is None:
                    continue
                signature = result[0]
                print(f"round {round_number} --format {output_format}: {signature}", flush=True)
                if args.no_shrink:
                    case_dir = os.path.join(args.crash_dir, f"seed{args.seed}-round{round_number}-{output_format}")
                    shutil.copytree(round_dir, case_dir, dirs_exist_ok=True)
                else:
                    case_dir = minimize(runner, paths, output_format, signature, args.crash_dir, workdir,
                                        args.shrink_tests)
                print(f"  saved {case_dir}", flush=True)
                failures.append((round_number, output_format, signature, case_dir))
                break  # the other formats would most likely fail the same way
            if not args.keep:
                shutil.rmtree(round_dir)
            print(f"round {round_number}: {documents} documents, {runner.runs} runs, "
                  f"{len(failures)} failures, {time.monotonic() - started:.0f} s", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{documents} documents, {runner.runs} hlint runs, {len(failures)} failures, "
          f"{time.monotonic() - started:.0f} s (seed {args.seed})")
    for round_number, output_format, signature, case_dir in failures:
        print(f"  round {round_number} {output_format}: {signature}: {case_dir}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
