#!/usr/bin/env python3
"""Image server for bench/links_bench.sh: answers every image request after a
fixed delay, honours "Range: bytes=0-1023", keeps connections alive, counts
requests and connections (GET /__stats returns the counts without delay; GET
/__reset sets them to zero and lets every rate-limited image limit again, so
several tools can be measured against one server).

With --mix, /img/<n>.png answers the way real image hosts do, by n % 1000
(the table is MIX below; bench/links_bench_client.cpp expects the same):
2% 404, 0.5% 403, 0.5% hotlink-protected (403 unless the Referer is the
image's own site), 0.5% 500, 1% redirect to an image, 0.5% an HTML page with
200, 0.4% answering after 2 s, 0.4% 429 with "Retry-After: 1" on the first
request (then the image), 0.1% never answering; the rest are images.

Listens on 127.0.0.1 - or, with --hosts N, on the loopback aliases 127.0.0.1
to 127.0.0.N, all on the same port - prints the port on stdout, and exits by
itself after --lifetime seconds so a forgotten server cannot linger.
"""
import argparse
import asyncio
import json
import sys

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"p" * (4096 - 16)
HTML = b"<!DOCTYPE html><html><body><p>\xe6\x96\x87\xe7\xab\xa0\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8</p></body></html>"

# (first n % 1000, behaviour); each row runs up to the next row's start.
MIX = [
    (0, "not-found"),
    (20, "forbidden"),
    (25, "hotlink"),
    (30, "server-error"),
    (35, "redirect"),
    (45, "html"),
    (50, "slow"),
    (54, "rate-limited-once"),
    (58, "hang"),
    (59, "ok"),
]


def behaviour(number):
    kind = "ok"
    for start, name in MIX:
        if number % 1000 >= start:
            kind = name
    return kind


class Server:
    def __init__(self, delay, mix, slow_s):
        self.delay = delay
        self.mix = mix
        self.slow_s = slow_s
        self.requests = 0
        self.connections = 0
        self.limited = set()  # paths that already got their 429

    def image(self, headers):
        if headers.get("range") == "bytes=0-1023":
            return "206 Partial Content", "image/png", PNG[:1024], "Content-Range: bytes 0-1023/%d\r\n" % len(PNG)
        return "200 OK", "image/png", PNG, ""

    async def answer(self, path, headers):
        """(status, content type, body, extra headers) for one request; None = never answer."""
        await asyncio.sleep(self.delay)
        kind = "ok"
        if self.mix and path.startswith("/img/"):
            stem = path[len("/img/"):].split(".", 1)[0]
            if stem.isdigit():
                kind = behaviour(int(stem))
            if path.endswith("?moved"):
                kind = "ok"
        host = headers.get("host", "")
        if kind == "not-found":
            return "404 Not Found", "text/html", HTML, ""
        if kind == "forbidden":
            return "403 Forbidden", "text/html", HTML, ""
        if kind == "hotlink":
            if headers.get("referer") == "http://%s/" % host:
                return self.image(headers)
            return "403 Forbidden", "text/html", HTML, ""
        if kind == "server-error":
            return "500 Internal Server Error", "text/html", HTML, ""
        if kind == "redirect":
            return "302 Found", "text/html", b"", "Location: %s?moved\r\n" % path
        if kind == "html":
            return "200 OK", "text/html; charset=utf-8", HTML, ""
        if kind == "slow":
            await asyncio.sleep(self.slow_s)
        if kind == "rate-limited-once" and path not in self.limited:
            self.limited.add(path)
            return "429 Too Many Requests", "text/html", HTML, "Retry-After: 1\r\n"
        if kind == "hang":
            return None
        status, ctype, body, extra = self.image(headers)
        return status, ctype, body, extra + 'ETag: "bench"\r\n'

    async def handle(self, reader, writer):
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                if path in ("/__stats", "/__reset"):
                    if path == "/__reset":
                        # A fresh start for the next tool: counters, and every
                        # rate-limited-once image limits once more.
                        self.requests = 0
                        self.connections = 0
                        self.limited.clear()
                    body = json.dumps({"requests": self.requests, "connections": self.connections}).encode()
                    status, ctype, extra = "200 OK", "application/json", ""
                else:
                    self.requests += 1
                    answer = await self.answer(path, headers)
                    if answer is None:
                        # Never answers: wait until the client gives up.
                        await reader.read()
                        return
                    status, ctype, body, extra = answer
                payload = b"" if method == "HEAD" else body
                writer.write(
                    ("HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n"
                     % (status, ctype, len(body), extra)).encode("latin-1") + payload)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay-ms", type=float, default=100.0)
    parser.add_argument("--slow-ms", type=float, default=2000.0)
    parser.add_argument("--mix", action="store_true", help="answer with the MIX of failures")
    parser.add_argument("--hosts", type=int, default=1, help="listen on 127.0.0.1 .. 127.0.0.N")
    parser.add_argument("--lifetime", type=float, default=600.0)
    args = parser.parse_args()
    server = Server(args.delay_ms / 1000.0, args.mix, args.slow_ms / 1000.0)
    first = await asyncio.start_server(server.handle, "127.0.0.1", 0, backlog=4096)
    port = first.sockets[0].getsockname()[1]
    listeners = [first]
    for h in range(2, args.hosts + 1):
        listeners.append(await asyncio.start_server(server.handle, "127.0.0.%d" % h, port, backlog=4096))
    print(port, flush=True)
    try:
        await asyncio.wait_for(asyncio.gather(*(listener.serve_forever() for listener in listeners)),
                               timeout=args.lifetime)
    except asyncio.TimeoutError:
        pass


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
