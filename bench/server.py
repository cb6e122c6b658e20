"""The app under gunicorn on a free localhost port, as in production; always stopped at the end."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bench.database import BIN, ROOT, BenchError

WORKERS = 2
START_TIMEOUT = 60.0


@dataclass
class Server:
    host: str
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's children."""
        return children(self.process.pid)

    def log_tail(self, chars: int = 3000) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-chars:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (VmRSS), or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@contextmanager
def running(env: dict[str, str], *, workers: int = WORKERS, timeout: int = 600) -> Iterator[Server]:
    """Start gunicorn, wait until /healthz answers, yield it; stop it however the block ends."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        # Big exports may take long; a killed worker would hide how long.
        "--timeout",
        str(timeout),
        # The product's app with the signed-in floor added (bench/wsgi.py).
        "bench.wsgi:create_bench_app()",
    ]
    with tempfile.TemporaryFile(prefix="bench-gunicorn-") as log:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        server = Server("127.0.0.1", port, process, log)
        try:
            wait_healthy(server, workers)
            yield server
        finally:
            stop(process)


def wait_healthy(server: Server, workers: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"gunicorn exited ({server.process.returncode}):\n{server.log_tail()}")
        if len(server.worker_pids()) >= workers and _healthz(server):
            return
        time.sleep(0.2)
    raise BenchError(
        f"gunicorn did not answer /healthz in {START_TIMEOUT:.0f} s:\n{server.log_tail()}"
    )


def _healthz(server: Server) -> bool:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """TERM the master (it stops its workers), KILL the group if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


class MemorySampler:
    """Samples the workers' VmRSS every `interval` seconds while in a `with` block."""

    def __init__(self, server: Server, interval: float = 0.02) -> None:
        self.server = server
        self.interval = interval
        self.pids = server.worker_pids()
        self.before = self._sample()
        self.peak = max(self.before.values(), default=0.0)
        self.peaks = dict(self.before)  # per worker
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _sample(self) -> dict[int, float]:
        sizes = {pid: rss_mb(pid) for pid in self.pids}
        return {pid: size for pid, size in sizes.items() if size is not None}

    def _take(self) -> None:
        for pid, size in self._sample().items():
            self.peaks[pid] = max(self.peaks.get(pid, 0.0), size)
            self.peak = max(self.peak, size)

    @property
    def growth(self) -> float:
        """The most any one worker grew above its own size before the block (MB): what the
        request cost, whatever the worker held before it."""
        return max(
            (peak - self.before[pid] for pid, peak in self.peaks.items() if pid in self.before),
            default=0.0,
        )

    def _run(self) -> None:
        while not self._stop.is_set():
            self._take()
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._take()
