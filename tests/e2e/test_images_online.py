"""images/broken-link end to end, against a real HTTP server on 127.0.0.1.

The server (http.server in a thread, loopback only) serves a PNG, a 404, an
image that answers 403 unless a Referer is sent, one that only answers the
article's source site (named by a `<p class="url">` footer) as Referer, and an
HTML page with 200; it counts every request with its Referer. A small corpus
of three documents shares the URLs.
hlint runs online (no --offline) with `allow-private` and a temporary cache:

- each finding has the right rule, path, line, column and class;
- each URL is requested once however many documents use it (a 403 is asked
  again with the image's own site, then the article's source site, as Referer);
- a second run is answered from the cache (zero requests), `--no-cache`
  sends the requests again;
- without `allow-private` the loopback URLs are refused-address and the
  server sees no request at all;
- `--offline` skips the rule.

No traffic leaves 127.0.0.1. Run with HLINT=path/to/hlint.
"""
import http.server
import json
import os
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import Failures, run  # noqa: E402

RULE = "images/broken-link"
# The site article a.txt was copied from (its `<p class="url">` footer); never contacted.
SOURCE_PAGE = "https://source.example.com/article/1"
SOURCE_ORIGIN = "https://source.example.com/"

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """Serves the test images and counts requests per (path, Referer)."""

    counts = {}
    lock = threading.Lock()

    def log_message(self, *args):  # keep the test output clean
        pass

    def count(self):
        key = (self.path, self.headers.get("Referer") or "")
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1

    def send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.count()
        if self.path == "/img/ok.png":
            self.send(200, "image/png", PNG)
        elif self.path == "/img/hotlink.png":
            if self.headers.get("Referer"):
                self.send(200, "image/png", PNG)
            else:
                self.send(403, "text/html", b"<html><body>hotlinking forbidden</body></html>")
        elif self.path == "/img/source-only.png":
            if self.headers.get("Referer") == SOURCE_ORIGIN:
                self.send(200, "image/png", PNG)
            else:
                self.send(403, "text/html", b"<html><body>only for our own pages</body></html>")
        elif self.path == "/img/hang.png":
            time.sleep(1.5)  # past the 300 ms timeout of section 7
            self.send(200, "image/png", PNG)
        elif self.path == "/img/page.png":
            self.send(200, "text/html; charset=utf-8", b"<!DOCTYPE html><html><body><p>not an image</p></body></html>")
        else:
            self.send(404, "text/html", b"<html><body>not found</body></html>")

    do_HEAD = do_GET


def reset_counts():
    with CountingHandler.lock:
        CountingHandler.counts.clear()


def counts():
    with CountingHandler.lock:
        return dict(CountingHandler.counts)


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def place(text, needle, occurrence=0):
    """(line, column) of the n-th occurrence of needle, 1-based, column in code points."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return line, column


def make_corpus(root, base, refused):
    ok, missing, hotlink, page = (f"{base}/img/ok.png", f"{base}/img/missing.png", f"{base}/img/hotlink.png",
                                  f"{base}/img/page.png")
    source_only = f"{base}/img/source-only.png"
    dead = f"http://127.0.0.1:{refused}/img/dead.png"
    documents = {
        "a.txt": (f"\n---\ntitle: '第一篇'\ndate: 2021-05-21 10:00:00\nheadimg: '{ok}'\n---\n\n<div>\n"
                  f"<p>正文。<img src=\"{missing}\" alt=\"缺图\"></p>\n"
                  f"<p><img src=\"{hotlink}\" alt=\"防盗链\"><img src=\"{source_only}\" alt=\"只认来源站\"></p>\n"
                  f"<p class=\"url\"><span>原文链接：<a href=\"{SOURCE_PAGE}\">来源</a></span></p>\n"
                  f"</div>\n"),
        "b.txt": (f"\n---\ntitle: '第二篇'\ndate: 2021-05-22 10:00:00\n---\n\n<div>\n"
                  f"<p><img src=\"{ok}\" alt=\"正常\"><img src=\"{page}\" alt=\"网页\"></p>\n"
                  f"<p><a href=\"{missing}\"><img src=\"{missing}\" alt=\"同一张缺图\"></a></p>\n"
                  f"<p><img src=\"{dead}\" alt=\"没人监听的端口\"></p>\n"
                  f"</div>\n"),
        "c.txt": (f"\n---\ntitle: 第三篇\ndate: 2021-05-23 10:00:00\n---\n\n# 第三篇\n\n"
                  f"![缺图]({missing})\n\n![正常]({ok})\n\n![本地图片不上网](img/local.png)\n"),
    }
    for name, text in documents.items():
        write(os.path.join(root, name), text)
    # (document, url, occurrence in that document, class)
    expected = [
        ("a.txt", missing, 0, "not-found"),
        ("a.txt", hotlink, 0, "hotlink-protected"),
        ("a.txt", source_only, 0, "hotlink-protected"),
        ("b.txt", page, 0, "not-an-image"),
        ("b.txt", missing, 0, "not-found"),
        ("b.txt", missing, 1, "not-found"),
        ("b.txt", dead, 0, "connection-failed"),
        ("c.txt", missing, 0, "not-found"),
    ]
    places = []
    for name, url, occurrence, klass in expected:
        line, column = place(documents[name], url, occurrence)
        places.append((name, line, column, klass))
    # Every use of an http URL, for the run that refuses loopback addresses.
    every_use = [("a.txt", ok, 0), ("a.txt", missing, 0), ("a.txt", hotlink, 0), ("a.txt", source_only, 0),
                 ("b.txt", ok, 0), ("b.txt", page, 0), ("b.txt", missing, 0), ("b.txt", missing, 1),
                 ("b.txt", dead, 0), ("c.txt", missing, 0), ("c.txt", ok, 0)]
    all_places = sorted((name, *place(documents[name], url, occurrence)) for name, url, occurrence in every_use)
    return sorted(places), all_places


def lint(corpus, config, cache_dir, *extra):
    code, out, err = run(["--format", "json", "--select", RULE, "--config", config, "--cache-dir", cache_dir, *extra,
                          corpus])
    try:
        items = json.loads(out)["findings"] if out.strip() else []
    except json.JSONDecodeError:
        items = []
    return code, items, err


def classes(items):
    """(file, line, column, class) of each finding; the class is the message's first word after `broken image:`."""
    result = []
    for f in items:
        message = f["message"]
        klass = message.split("broken image: ", 1)[1].split(" ", 1)[0] if "broken image: " in message else message
        result.append((os.path.basename(f["path"]), f["start"]["line"], f["start"]["column"], klass))
    return sorted(result)


def main():
    failures = Failures()
    checks = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory(prefix="hlint-images-") as tmp:
            corpus = os.path.join(tmp, "corpus")
            os.makedirs(corpus)
            expected, all_places = make_corpus(corpus, base, closed_port())
            allow = os.path.join(tmp, "allow.yaml")
            write(allow, f"rules:\n  {RULE}:\n    options:\n      allow-private: true\n      retries: 1\n")
            strict = os.path.join(tmp, "strict.yaml")
            write(strict, f"rules:\n  {RULE}:\n    options:\n      retries: 1\n")
            cache = os.path.join(tmp, "cache")
            png, missing, hotlink, page = "/img/ok.png", "/img/missing.png", "/img/hotlink.png", "/img/page.png"
            source_only = "/img/source-only.png"
            own_origin = base + "/"
            # One request per URL; a 403 again with the image's own site as Referer, and
            # source-only.png (still 403) a third time with the article's source site.
            once_each = {(png, ""): 1, (missing, ""): 1, (page, ""): 1, (hotlink, ""): 1, (hotlink, own_origin): 1,
                         (source_only, ""): 1, (source_only, own_origin): 1, (source_only, SOURCE_ORIGIN): 1}

            # 1. A cold run: one request per URL, every use reported.
            reset_counts()
            code, items, err = lint(corpus, allow, cache)
            checks += 1
            failures.equal(code, 1, f"cold run exits 1 (findings); stderr: {err}")
            checks += 1
            failures.equal(classes(items), expected, "cold run: findings (file, line, column, class)")
            checks += 1
            failures.check(all(f["rule"] == RULE for f in items), "cold run: only images/broken-link findings")
            checks += 1
            not_found = [f["message"] for f in items if "not-found" in f["message"]]
            failures.check(not_found and all("HTTP 404" in m for m in not_found),
                           f"not-found findings name the HTTP status: {not_found}")
            checks += 1
            failures.equal(counts(), once_each,
                           "cold run: each URL requested once (a 403 again with the Referers to try)")
            checks += 1
            failures.check("checking images" not in err, f"no progress line when stderr is not a terminal: {err!r}")
            checks += 1
            failures.check(os.path.exists(os.path.join(cache, "links.sqlite")), "the cache file was written")

            # 2. The same run again: answered from the cache.
            reset_counts()
            code, items, err = lint(corpus, allow, cache)
            checks += 1
            failures.equal(counts(), {}, "cached run sends no request")
            checks += 1
            failures.equal(classes(items), expected, "cached run: the same findings")

            # 3. --no-cache asks again, still once per URL.
            reset_counts()
            code, items, err = lint(corpus, allow, cache, "--no-cache")
            checks += 1
            failures.equal(counts(), once_each, "--no-cache: the requests are sent again, once per URL")
            checks += 1
            failures.equal(classes(items), expected, "--no-cache: the same findings")

            # 4. Without allow-private the loopback server is refused, before any request.
            reset_counts()
            code, items, err = lint(corpus, strict, os.path.join(tmp, "cache-strict"))
            checks += 1
            failures.equal(counts(), {}, "without allow-private: no request reaches the server")
            checks += 1
            failures.equal(classes(items), [(name, line, column, "refused-address") for name, line, column in all_places],
                           "without allow-private: every use is refused-address")

            # 5. --offline: the online rule does nothing.
            reset_counts()
            code, items, err = lint(corpus, allow, os.path.join(tmp, "cache-offline"), "--offline")
            checks += 1
            failures.equal((code, items, counts()), (0, [], {}), "--offline: no findings and no request")
            checks += 1
            failures.check(not os.path.exists(os.path.join(tmp, "cache-offline")), "--offline: no cache written")

            # 6. A corrupt cache file is a warning on stderr, not a failure.
            write(os.path.join(cache, "links.sqlite"), "{ this is not a database")
            reset_counts()
            code, items, err = lint(corpus, allow, cache)
            checks += 1
            failures.equal(classes(items), expected, "corrupt cache: the same findings")
            checks += 1
            failures.check(code == 1 and "images/broken-link" in err and err.count("\n") <= 3,
                           f"corrupt cache: one short warning on stderr, exit 1; got {code}: {err!r}")

            # 7. An image whose own request gets no answer for its whole budget is
            # cached as a timeout for cache-ttl-timeout-minutes; 0 asks again.
            hanging = os.path.join(tmp, "hanging")
            os.makedirs(hanging)
            write(os.path.join(hanging, "post.md"), f"# 标题\n\n![图]({base}/img/hang.png)\n")
            options = f"rules:\n  {RULE}:\n    options:\n      allow-private: true\n      retries: 0\n      timeout-ms: 300\n"
            slow = os.path.join(tmp, "slow.yaml")
            write(slow, options)
            never = os.path.join(tmp, "never.yaml")
            write(never, options + "      cache-ttl-timeout-minutes: 0\n")
            hang_cache = os.path.join(tmp, "cache-hang")
            for config, requests, what in ((slow, 1, "first run asks"), (slow, 0, "second run: from the cache"),
                                           (never, 1, "cache-ttl-timeout-minutes: 0 asks again")):
                reset_counts()
                code, items, err = lint(hanging, config, hang_cache)
                checks += 2
                failures.equal([c[3] for c in classes(items)], ["timeout"], f"hanging image: {what}: a timeout")
                failures.equal(counts().get(("/img/hang.png", ""), 0), requests, f"hanging image: {what}: requests")
    finally:
        server.shutdown()
        server.server_close()
    failures.finish(checks)


if __name__ == "__main__":
    main()
