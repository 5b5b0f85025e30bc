"""images/broken-link on hostile corpora, against a real HTTP server on 127.0.0.1.

1. Determinism (issue 18, item 6): an image that answers 403 unless the
   Referer is the first document's source site, used by five documents from
   five source sites; the first document (by path) is slow to lint. hlint
   tries the Referers of the first three documents in document order, so
   `-j 1` and `-j 2` send the same requests and print byte-identical output
   (before, `-j 2` used the three documents that finished first: `forbidden`
   instead of `hotlink-protected`).
2. A corpus cannot plant link-cache results (item 3): a `.hlint-cache/` in
   the corpus that marks a missing image `ok` (old JSON and new SQLite form)
   is not read; the cache goes to $XDG_CACHE_HOME/hlint/, not into the tree.

No traffic leaves 127.0.0.1. Run with HLINT=path/to/hlint.
"""
import http.server
import json
import os
import sqlite3
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import Failures, run, write  # noqa: E402

RULE = "images/broken-link"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")
FIRST_SITE = "https://site-a.example/"


class Handler(http.server.BaseHTTPRequestHandler):
    requests = []
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        with self.lock:
            self.requests.append((self.path, self.headers.get("Referer") or ""))
        if self.path == "/img/shared.png" and self.headers.get("Referer") == FIRST_SITE:
            self.send(200, "image/png", PNG)
        elif self.path == "/img/shared.png":
            self.send(403, "text/html", b"<html><body>no hotlinking</body></html>")
        elif self.path == "/img/ok.png":
            self.send(200, "image/png", PNG)
        else:
            self.send(404, "text/html", b"<html><body>not found</body></html>")


def taken_requests():
    with Handler.lock:
        result = list(Handler.requests)
        Handler.requests.clear()
    return result


def document(site, image, body=""):
    return (f"\n---\ntitle: '文章'\ndate: 2021-05-21 10:00:00\nsource: '{site}post/1'\n---\n\n<div>\n"
            f"<p>正文。<img src=\"{image}\" alt=\"图\"></p>\n{body}</div>\n")


def slow_body():
    """About 3 MB of ordinary article paragraphs: the first document takes a while to lint."""
    paragraph = "<p>高血压患者应当注意饮食，少盐少油，适量运动，按时服药，定期复查血压。</p>\n"
    return paragraph * 30000


def lint(args, env=None):
    code, out, err = run(args, env=env)
    return code, out, err


def main():
    failures = Failures()
    checks = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    shared = f"{base}/img/shared.png"
    try:
        with tempfile.TemporaryDirectory(prefix="hlint-links-hostile-") as tmp:
            config = os.path.join(tmp, "allow.yaml")
            write(config, f"rules:\n  {RULE}:\n    options:\n      allow-private: true\n      retries: 0\n")

            # 1. Referers in document order, whatever -j.
            corpus = os.path.join(tmp, "corpus")
            write(os.path.join(corpus, "a.txt"), document(FIRST_SITE, shared, slow_body()))
            for letter in "bcde":
                write(os.path.join(corpus, f"{letter}.txt"), document(f"https://site-{letter}.example/", shared))
            outputs = {}
            sent = {}
            for jobs in ("1", "2"):
                for fmt in ("text", "json"):
                    code, out, err = lint(["--format", fmt, "--select", RULE, "--config", config, "--no-cache",
                                           "--color", "never", "-j", jobs, corpus])
                    outputs[(jobs, fmt)] = out
                    sent[(jobs, fmt)] = taken_requests()
            checks += 1
            failures.equal(outputs[("2", "text")], outputs[("1", "text")], "-j 2 and -j 1: byte-identical text")
            checks += 1
            failures.equal(outputs[("2", "json")], outputs[("1", "json")], "-j 2 and -j 1: byte-identical json")
            checks += 1
            failures.equal(sent[("2", "json")], sent[("1", "json")], "-j 2 and -j 1: the same requests")
            checks += 1
            failures.equal(sent[("1", "json")], [("/img/shared.png", ""), ("/img/shared.png", base + "/"),
                                                 ("/img/shared.png", FIRST_SITE)],
                           "the first document's site is the first source-site Referer tried")
            items = json.loads(outputs[("2", "json")])["findings"] if outputs[("2", "json")].strip() else []
            classes = sorted((os.path.basename(f["path"]), f["message"].split("broken image: ")[1].split(" ")[0])
                             for f in items)
            checks += 1
            failures.equal(classes, [(f"{x}.txt", "hotlink-protected") for x in "abcde"],
                           "every use is hotlink-protected (the first document's site lifts the 403)")

            # 2. A cache planted in the corpus is not read, and nothing is written into the tree.
            corpus = os.path.join(tmp, "planted")
            missing = f"{base}/img/missing.png"
            write(os.path.join(corpus, "a.txt"), document("https://site-a.example/", missing))
            planted = os.path.join(corpus, ".hlint-cache")
            now = int(time.time())
            write(os.path.join(planted, "links-cache.json"), json.dumps(
                {"format": "hlint-links-cache", "version": 1,
                 "entries": {missing: {"status": "ok", "http": 200, "checked": now}}}))
            db = sqlite3.connect(os.path.join(planted, "links.sqlite"))
            db.executescript("CREATE TABLE links (url TEXT PRIMARY KEY, status TEXT NOT NULL, http INTEGER NOT NULL,"
                             " type TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', final TEXT NOT NULL"
                             " DEFAULT '', checked INTEGER NOT NULL, etag TEXT NOT NULL DEFAULT '', modified TEXT NOT"
                             " NULL DEFAULT '') WITHOUT ROWID; PRAGMA application_id=1751936619;"
                             " PRAGMA user_version=1;")
            db.execute("INSERT INTO links(url, status, http, checked) VALUES (?, 'ok', 200, ?)", (missing, now))
            db.commit()
            db.close()
            before = sorted(os.listdir(planted))
            xdg = os.path.join(tmp, "xdg")
            env = {"XDG_CACHE_HOME": xdg}
            code, out, err = lint(["--format", "json", "--select", RULE, "--config", config, corpus], env=env)
            items = json.loads(out)["findings"] if out.strip() else []
            checks += 1
            failures.equal([f["message"].split(" ")[2] for f in items], ["not-found"],
                           f"a planted cache entry does not hide a missing image; stderr: {err}")
            checks += 1
            failures.equal(sorted(os.listdir(planted)), before, "nothing written into the linted tree")
            cache_root = os.path.join(xdg, "hlint", "links")
            entries = os.listdir(cache_root) if os.path.isdir(cache_root) else []
            checks += 1
            failures.check(len(entries) == 1 and entries[0].startswith("planted-") and
                           os.path.exists(os.path.join(cache_root, entries[0], "links.sqlite")),
                           f"the cache is in $XDG_CACHE_HOME/hlint/links/planted-<hash>/: {entries}")
            # A second run is answered from that cache.
            taken_requests()
            lint(["--format", "json", "--select", RULE, "--config", config, corpus], env=env)
            checks += 1
            failures.equal(taken_requests(), [], "the second run is answered from the user's cache")
    finally:
        server.shutdown()
        server.server_close()
    failures.finish(checks)


if __name__ == "__main__":
    main()
