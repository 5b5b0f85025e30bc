#!/usr/bin/env python3
"""Image server for bench/links_bench.sh: answers every image request after a
fixed delay, honours "Range: bytes=0-1023", keeps connections alive, counts
requests (GET /__stats returns the count without delay).

Listens on 127.0.0.1 only, prints the chosen port on stdout, and exits by
itself after --lifetime seconds so a forgotten server cannot linger.
"""
import argparse
import asyncio
import json
import sys

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"p" * (4096 - 16)


class Server:
    def __init__(self, delay):
        self.delay = delay
        self.requests = 0

    async def handle(self, reader, writer):
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
                if path == "/__stats":
                    body = json.dumps({"requests": self.requests}).encode()
                    status, extra, ctype = "200 OK", "", "application/json"
                else:
                    self.requests += 1
                    await asyncio.sleep(self.delay)
                    ctype = "image/png"
                    if headers.get("range") == "bytes=0-1023":
                        body = PNG[:1024]
                        status = "206 Partial Content"
                        extra = "Content-Range: bytes 0-1023/%d\r\n" % len(PNG)
                    else:
                        body, status, extra = PNG, "200 OK", ""
                    extra += 'ETag: "bench"\r\n'
                if method == "HEAD":
                    payload = b""
                else:
                    payload = body
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
    parser.add_argument("--lifetime", type=float, default=600.0)
    args = parser.parse_args()
    server = Server(args.delay_ms / 1000.0)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0, backlog=1024)
    port = listener.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with listener:
        try:
            await asyncio.wait_for(listener.serve_forever(), timeout=args.lifetime)
        except asyncio.TimeoutError:
            pass


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
