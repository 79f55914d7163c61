"""clamd INSTREAM: clamav-client (1 KiB chunks) against a hand-written client (64 KiB chunks).

Run by hand with clamd started (tools/clamd-local.sh start):
    .venv/bin/python bench/bench_clamd.py [socket]
Each file is fresh random bytes (clamd caches verdicts by hash), best and median of 5.
"""

from __future__ import annotations

import io
import os
import socket
import statistics
import struct
import sys
import time
from collections.abc import Callable

from clamav_client.clamd import ClamdUnixSocket

SOCKET = sys.argv[1] if len(sys.argv) > 1 else "var/clamd/clamd.sock"


def raw_instream(data: bytes) -> bytes:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(60)
    client.connect(SOCKET)
    client.sendall(b"zINSTREAM\0")
    view = memoryview(data)
    for start in range(0, len(data), 1 << 16):
        chunk = view[start : start + (1 << 16)]
        client.sendall(struct.pack("!L", len(chunk)) + bytes(chunk))
    client.sendall(struct.pack("!L", 0))
    answer = b""
    while not answer.endswith(b"\0"):
        block = client.recv(4096)
        if not block:
            break
        answer += block
    client.close()
    return answer


def library(data: bytes) -> object:
    return ClamdUnixSocket(path=SOCKET, timeout=60).instream(io.BytesIO(data))


def measure(scan: Callable[[bytes], object], size: int) -> tuple[float, float]:
    times = []
    for _ in range(5):
        data = os.urandom(size)
        start = time.perf_counter()
        scan(data)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


if __name__ == "__main__":
    for size in (1 << 20, 20 << 20):
        for name, scan in (("clamav-client", library), ("raw 64 KiB", raw_instream)):
            best, median = measure(scan, size)
            print(f"{size >> 20:>3} MiB {name:<14} best {best:.3f} s  median {median:.3f} s")
