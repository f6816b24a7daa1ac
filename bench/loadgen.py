"""A bounded HTTP load generator for 127.0.0.1 only (no ``wrk`` on the bench machine).

N processes each loop for a fixed duration: send one GET, read the whole response
(``Content-Length``), and reconnect when the server closes (gunicorn's sync worker
closes after every response; threaded workers keep the connection). Counts 200s
and everything else. Stops itself at the deadline, whatever the server does.

    python bench/loadgen.py --port 8001 --host shop.localhost --path /robots.txt
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import socket
import sys
import time

LOOPBACK = "127.0.0.1"


def _read_response(sock: socket.socket, buffer: bytes) -> tuple[int, bool, bytes]:
    """Read one response; return (status, server keeps the connection, leftover bytes)."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the headers ended")
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, keep = 0, True
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            keep = False
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the body ended")
        rest += chunk
    return status, keep, rest[length:]


def _client(port: int, request: bytes, start: float, duration: float, out) -> None:
    ok = errors = 0
    while time.time() < start:
        time.sleep(0.001)
    deadline = start + duration
    sock = None
    buffer = b""
    while time.time() < deadline:
        try:
            if sock is None:
                sock = socket.create_connection((LOOPBACK, port), timeout=10)
                buffer = b""
            sock.sendall(request)
            status, keep, buffer = _read_response(sock, buffer)
        except OSError:
            errors += 1
            if sock is not None:
                sock.close()
            sock = None
            continue
        if status == 200:
            ok += 1
        else:
            errors += 1
        if not keep:
            sock.close()
            sock = None
    if sock is not None:
        sock.close()
    out.put((ok, errors))


def drive(*, port: int, host: str, path: str, duration: float, concurrency: int) -> dict:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: souk-bench\r\nAccept: */*\r\n\r\n"
    ).encode()
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    start = time.time() + 0.3
    workers = [
        ctx.Process(target=_client, args=(port, request, start, duration, out))
        for _ in range(concurrency)
    ]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=duration + 60) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    ok = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    return {"ok": ok, "errors": errors, "duration_s": duration, "rps": ok / duration}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="localhost", help="Host header")
    parser.add_argument("--path", default="/")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)
    result = drive(
        port=args.port,
        host=args.host,
        path=args.path,
        duration=args.duration,
        concurrency=args.concurrency,
    )
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
