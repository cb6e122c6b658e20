"""`python -m bench.pages PATH ...`: pages timed in one process, as one of the bench's accounts.

For a machine too busy for the runner's wall-clock figures: each page is requested through the
app's test client (warm-up first), as the bench coordinator (or `--as manager`, `--as staff`),
and the median of the app's own CPU time, of the time spent inside SQL statements and of the
wall time is printed with the number of statements. The app's CPU time hardly depends on what
else the machine runs; the SQL time does, but far less than a request's time through gunicorn.
Compare the same pages on a 10,000- and a 100,000-person seed.

Each request runs in an application context of its own, as under gunicorn: one held around all
of them would keep `g` (the signed-in person) and the database session from one request to the
next, and the pages would skip the statements every real request makes.

    python -m bench.pages --database-url postgresql://…/learnapp_bench \\
        /training/overview/departments/3 /org/
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from typing import Any

from bench import database


def measure(
    paths: list[str],
    requests: int,
    email: str,
    password: str,
    warmup: int = 3,
    calls: bool = False,
) -> list[dict[str, Any]]:
    from flask import Flask
    from sqlalchemy import event

    from bench.client import parse_form
    from bench.wsgi import create_bench_app
    from learnapp.extensions import db

    app: Flask = create_bench_app()  # with /bench/signed-in, the signed-in floor
    sql: list[float] = []
    texts: list[str] = []
    started: list[float] = []

    def before(*_args: Any) -> None:
        started.append(time.perf_counter())

    def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sql.append(time.perf_counter() - started.pop())
        texts.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
        event.listen(db.engine, "after_cursor_execute", after)
    # Outside that context: each request below pushes its own (see the module's docstring).
    client = app.test_client()
    first = client.get("/login")
    page = first.get_data(as_text=True)
    if first.status_code != 200:
        raise SystemExit(f"/login: HTTP {first.status_code}")
    token = parse_form(page, "/login").value("csrf_token")
    answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    if answer.status_code != 302:
        raise SystemExit(f"signing in as {email} failed: HTTP {answer.status_code}")
    rows = []
    for path in paths:
        cpu, wall, in_sql, statements = [], [], [], []
        slowest: dict[str, list[float]] = {}
        for n in range(requests + warmup):
            sql.clear()
            texts.clear()
            c0, w0 = time.process_time(), time.perf_counter()
            response = client.get(path)
            response.get_data()
            c1, w1 = time.process_time(), time.perf_counter()
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            if n >= warmup:
                cpu.append(c1 - c0)
                wall.append(w1 - w0)
                in_sql.append(sum(sql))
                statements.append(len(sql))
                for text, seconds in zip(texts, sql, strict=True):
                    slowest.setdefault(" ".join(text.split())[:160], []).append(seconds)
        row: dict[str, Any] = {}
        if calls:
            row["calls"] = _function_calls(client, path)
        rows.append(
            {
                "path": path,
                "cpu_ms": round(1000 * statistics.median(cpu), 1),
                "sql_ms": round(1000 * statistics.median(in_sql), 1),
                "wall_ms": round(1000 * statistics.median(wall), 1),
                "statements": max(statements),
                # The three statements with the most time in SQL per request (median).
                "slowest": [
                    {"ms": round(1000 * sum(times) / requests, 1), "sql": text}
                    for text, times in sorted(slowest.items(), key=lambda item: -sum(item[1]))[:3]
                ],
            }
            | row
        )
    return rows


def _function_calls(client: Any, path: str, requests: int = 3) -> int:
    """Python function calls per request (cProfile's count): a figure of the app's own work that
    does not move with the machine's load, unlike its CPU time."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        client.get(path).get_data()
    profile.disable()
    return int(pstats.Stats(profile).total_calls) // requests  # type: ignore[attr-defined]


def _load_average() -> str:
    """The machine's 1-, 5- and 15-minute load average, to print beside figures taken on it."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--database-url", default=database.default_url())
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", dest="json_path")
    parser.add_argument(
        "--slowest", action="store_true", help="also print each page's three slowest statements"
    )
    parser.add_argument(
        "--as",
        dest="role",
        choices=("coordinator", "manager", "staff"),
        default="coordinator",
        help="the bench account to sign in as (default: coordinator)",
    )
    parser.add_argument(
        "--calls",
        action="store_true",
        help="also count the Python function calls per request (three more, under cProfile)",
    )
    args = parser.parse_args(argv)

    from bench.seed import ACCOUNTS, BENCH_PASSWORD

    os.environ["LEARNAPP_BASE_URL"] = "http://localhost"  # the test client's host, trusted
    os.environ.update(
        database.app_env(args.database_url, development=True, secret=secrets.token_hex(32))
    )
    rows = measure(
        args.paths, args.requests, ACCOUNTS[args.role], BENCH_PASSWORD, args.warmup, args.calls
    )
    print(f"as {args.role}; load average {_load_average()}")
    print(
        f"{'page':60} {'app CPU ms':>10} {'SQL ms':>8} {'wall ms':>8} {'statements':>10}"
        + (f" {'calls':>8}" if args.calls else "")
    )
    for r in rows:
        print(
            f"{r['path']:60} {r['cpu_ms']:>10} {r['sql_ms']:>8} {r['wall_ms']:>8} "
            f"{r['statements']:>10}" + (f" {r['calls']:>8}" if args.calls else "")
        )
        if args.slowest:
            for slow in r["slowest"]:
                print(f"    {slow['ms']:>7} ms  {slow['sql']}")
    if args.json_path:
        with open(args.json_path, "w") as out:
            json.dump(rows, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
