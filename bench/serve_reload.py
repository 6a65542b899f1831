#!/usr/bin/env python3
"""Time from saving one entry to the live-reload message in `ebb serve`.

Usage: bench/serve_reload.py JOURNAL [--ebb target/release/ebb] [--runs 10]

Starts `ebb serve` on a free port, waits for the first build, then saves one
entry (a small edit to its body) again and again, each time timing how long
until the server sends `event: reload` on its event stream. Prints each run
and the median, and the resident memory after the first build and after the
last save: as the reload is sent, and a second later (what an idle preview
holds). The journal's files are restored afterwards.
"""
import argparse
import pathlib
import socket
import statistics
import subprocess
import sys
import time


def events(addr, version):
    """Opens the event stream; returns the socket once its headers are read."""
    host, port = addr.rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    s.sendall(f"GET /__ebb/events?v={version} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    buf = b""
    while b": connected" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("event stream closed")
        buf += chunk
    return s


def wait_reload(s):
    buf = b""
    while b"event: reload" not in buf or not buf.split(b"event: reload", 1)[1].count(b"\n\n"):
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("event stream closed")
        buf += chunk
    return int(buf.split(b"event: reload\ndata: ")[1].split(b"\n")[0])


def rss_mib(pid):
    """Resident memory of a process, from /proc (Linux), or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def resident(pid):
    """Resident memory now and a second later, as text."""
    now = rss_mib(pid) or 0
    time.sleep(1)
    later = rss_mib(pid) or 0
    return f"{now:.0f} MiB ({later:.0f} MiB a second later)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("journal")
    ap.add_argument("--ebb", default="target/release/ebb")
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    root = pathlib.Path(args.journal)
    entries = sorted((root / "content").rglob("*.md"))
    if not entries:
        raise SystemExit("no entries")
    target = entries[len(entries) // 2]
    original = target.read_bytes()

    proc = subprocess.Popen([args.ebb, "serve", str(root), "-p", "0", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = proc.stdout.readline().decode()
        url = next(w for w in line.split() if w.startswith("http://"))
        addr = url[len("http://"):].rstrip("/")
        # Wait for the first build: the home page answers 200.
        start = time.time()
        version = 0
        while True:
            try:
                s = events(addr, 0)
                version = wait_reload(s)
                s.close()
                break
            except (ConnectionError, OSError):
                if time.time() - start > 120:
                    raise SystemExit("server did not start")
                time.sleep(0.05)
        print(f"first build done (version {version}); timing saves of {target.relative_to(root)}")
        print(f"resident memory after the first build: {resident(proc.pid)}")
        times = []
        for run in range(args.runs):
            s = events(addr, version)
            time.sleep(0.3)
            t0 = time.perf_counter()
            target.write_bytes(original + f"\nEdit number {run}.\n".encode())
            version = wait_reload(s)
            ms = (time.perf_counter() - t0) * 1000
            s.close()
            times.append(ms)
            print(f"run {run + 1}: {ms:.0f} ms")
        print(f"median save-to-reload: {statistics.median(times):.0f} ms over {len(times)} saves")
        print(f"resident memory after {len(times)} saves: {resident(proc.pid)}")
    finally:
        target.write_bytes(original)
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    sys.exit(main())
