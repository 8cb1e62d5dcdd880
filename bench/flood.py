#!/usr/bin/env python3
"""bench/flood.py: a connection flood against a running emulator, measured.

Opens CONNECTIONS connections that each send half a request head and then nothing
(slowloris-style "half-open" connections), holds them for HOLD seconds, then closes them,
and reports as one JSON object:

  open_after_hold   flood connections still open (not closed by the server) when the hold ended
  closed_by_server  flood connections the server had closed (or refused with a 503) by then
  not_connected     flood connections that never connected
  cpu_during_flood  the server's CPU (percent of one core) over the hold
  during_flood_s    time for a normal GET /_emulator/stats while the flood holds (null: no answer)
  after_flood_s     the same right after the flood's connections are closed (null: no answer)
  cpu_after_flood   the server's CPU over the 2 s after that
  alive             whether the server process is still running at the end

Usage: flood.py --port PORT --pid PID [--connections 400] [--hold 6] [--timeout 5]
                [--payload half-head|nothing|request]
Example (the review's reproduction):
  prlimit --nofile=256 ibsources serve --port 0 --port-file /tmp/p --api-key k &
  bench/flood.py --port $(cat /tmp/p) --pid $! --connections 400 --hold 10
"""
import argparse
import json
import os
import resource
import select
import socket
import time


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def normal_request(port, timeout):
    """Seconds until a full answer to GET /_emulator/stats, or None."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(max(0.01, timeout - (time.monotonic() - start)))
            s.sendall(b"GET /_emulator/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        return round(time.monotonic() - start, 3) if data.startswith(b"HTTP/1.1 200") else None
    except OSError:
        return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--connections", type=int, default=400)
    p.add_argument("--hold", type=float, default=6)
    p.add_argument("--timeout", type=float, default=5)
    p.add_argument("--payload", default="half-head", choices=["half-head", "nothing", "request"],
                   help="what each flood connection sends: half a request head (default), nothing, "
                        "or a whole GET that is never followed by another")
    a = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < a.connections + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.connections + 64), hard))

    flood = []
    for _ in range(a.connections):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", a.port))
        flood.append(s)
    # Connected ones get half a request head; the others stay in the listen queue (or SYN-retry).
    poller = select.poll()
    by_fd = {s.fileno(): s for s in flood}
    for fd in by_fd:
        poller.register(fd, select.POLLOUT)
    writable, deadline = set(), time.monotonic() + 2
    while len(writable) < len(flood) and time.monotonic() < deadline:
        for fd, _ in poller.poll(100):
            writable.add(fd)
            poller.unregister(fd)
    payload = {
        "half-head": b"GET /v1/sources HTTP/1.1\r\nHost: x\r\n",
        "nothing": b"",
        "request": b"GET /v1/sources HTTP/1.1\r\nHost: x\r\nimageboss-api-key: k\r\n\r\n",
    }[a.payload]
    for s in (by_fd[fd] for fd in writable if payload):
        try:
            s.send(payload)
        except OSError:
            pass

    cpu0, t0 = cpu_seconds(a.pid), time.monotonic()
    during = normal_request(a.port, a.timeout)
    remaining = a.hold - (time.monotonic() - t0)
    if remaining > 0:
        time.sleep(remaining)
    cpu_during = (cpu_seconds(a.pid) - cpu0) / (time.monotonic() - t0) * 100

    open_, closed_by_server, failed = 0, 0, 0
    errors = {}
    for s in flood:
        error = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if error != 0:
            errors[os.strerror(error)] = errors.get(os.strerror(error), 0) + 1
            failed += 1
            continue
        try:
            while True:  # a refused connection has a 503 to read before its end
                if s.recv(65536) == b"":
                    closed_by_server += 1
                    break
        except BlockingIOError:
            open_ += 1
        except OSError:
            closed_by_server += 1  # reset by the server
    for s in flood:
        s.close()

    after = normal_request(a.port, a.timeout)
    cpu1, t1 = cpu_seconds(a.pid), time.monotonic()
    time.sleep(2)
    cpu_after = (cpu_seconds(a.pid) - cpu1) / (time.monotonic() - t1) * 100
    print(json.dumps({
        "connections": a.connections,
        "open_after_hold": open_,
        "closed_by_server": closed_by_server,
        "not_connected": failed,
        "socket_errors": errors,
        "cpu_during_flood": round(cpu_during),
        "during_flood_s": during,
        "after_flood_s": after,
        "cpu_after_flood": round(cpu_after),
        "alive": alive(a.pid),
    }))


if __name__ == "__main__":
    main()
