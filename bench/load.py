"""Concurrent clients running a scenario, and the percentiles of what they timed."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.client import Client

# A scenario step: given a client and `timed`, make its requests, passing the one to measure to
# `timed` as a function that returns the HTTP status (200 when the answer is the expected one).
Timed = Callable[[Callable[[], int]], None]
Action = Callable[[Client, Timed], None]

MAX_ERRORS = 20  # a scenario stops after this many errors: something is broken, not slow


@dataclass
class Scenario:
    name: str
    role: str | None  # the account; None: not signed in
    action: Action
    concurrency: int | None = None  # None: the run's
    own_account: bool = False  # each client needs an account of its own (at most one per account)
    note: str = ""
    # True when an iteration makes requests besides the timed one: req/s is then
    # concurrency / mean latency (Little's law) rather than requests / wall time.
    extra_requests: bool = False


def get(path: str) -> Action:
    def action(client: Client, timed: Timed) -> None:
        timed(lambda: client.get(path).status)

    return action


@dataclass
class Result:
    name: str
    concurrency: int
    latencies: list[float] = field(default_factory=list)  # seconds, measured requests only
    errors: int = 0
    messages: dict[str, int] = field(default_factory=dict)  # error -> how many times
    wall: float = 0.0
    extra_requests: bool = False
    note: str = ""

    @property
    def n(self) -> int:
        return len(self.latencies)

    def percentile_ms(self, p: float) -> float | None:
        return percentile(self.latencies, p) * 1000 if self.latencies else None

    @property
    def rps(self) -> float | None:
        if not self.latencies:
            return None
        if self.extra_requests:
            return self.concurrency / (sum(self.latencies) / len(self.latencies))
        return len(self.latencies) / self.wall if self.wall else None


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0..100), linear between the closest ranks."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class _Run:
    """Shared state of one phase: tickets handed out, figures collected."""

    def __init__(self, result: Result, requests: int | None, deadline: float | None) -> None:
        self.result = result
        self.requests = requests
        self.deadline = deadline
        self.issued = 0
        self.lock = threading.Lock()

    def ticket(self) -> bool:
        with self.lock:
            if self.result.errors >= MAX_ERRORS:
                return False
            if self.deadline is not None:
                return time.perf_counter() < self.deadline
            if self.requests is not None and self.issued >= self.requests:
                return False
            self.issued += 1
            return True

    def error(self, message: str) -> None:
        with self.lock:
            self.result.errors += 1
            messages = self.result.messages
            if message in messages or len(messages) < 5:
                messages[message] = messages.get(message, 0) + 1

    def timed(self, request: Callable[[], int]) -> None:
        started = time.perf_counter()
        status = request()
        elapsed = time.perf_counter() - started
        if status == 200:
            with self.lock:
                self.result.latencies.append(elapsed)
        else:
            self.error(f"HTTP {status}")

    def worker(self, scenario: Scenario, client: Client) -> None:
        while self.ticket():
            try:
                scenario.action(client, self.timed)
            except Exception as error:
                self.error(f"{type(error).__name__}: {error}")


def _phase(
    scenario: Scenario,
    clients: list[Client],
    requests: int | None,
    duration: float | None,
) -> Result:
    result = Result(
        scenario.name,
        len(clients),
        extra_requests=scenario.extra_requests,
        note=scenario.note,
    )
    started = time.perf_counter()
    run = _Run(result, requests, started + duration if duration else None)
    threads = [
        threading.Thread(
            target=run.worker, args=(scenario, client), name=f"client-{i}", daemon=True
        )
        for i, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    return result


def measure(
    scenario: Scenario,
    clients: list[Client],
    *,
    requests: int | None,
    duration: float | None,
    warmup: int,
) -> Result:
    """Warm up (figures dropped), then measure `requests` requests or for `duration` seconds."""
    if warmup:
        warm = _phase(scenario, clients, warmup, None)
        if warm.errors:
            warm.wall = 0.0
            warm.latencies = []
            warm.messages = {f"warm-up: {m}": count for m, count in warm.messages.items()}
            return warm  # broken already: do not hammer it
    return _phase(scenario, clients, requests, duration)
