"""`python -m bench`: seed if needed, serve under gunicorn, measure, print a table (see --help)."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from bench import database, report
from bench.database import BenchError
from bench.run import Options, known_names, run


def parse(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Latency of learnapp's key pages and exports on a seeded organisation.",
    )
    parser.add_argument(
        "--database-url",
        default=database.default_url(),
        help="default: $BENCH_DATABASE_URL, else instance/bench.sqlite3",
    )
    parser.add_argument("--people", type=int, default=100_000, help="default: %(default)s")
    parser.add_argument(
        "--reseed", action="store_true", help="empty the database and seed it again"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=2,
        help="clients at once (default: %(default)s, one per gunicorn worker: latency without queueing)",
    )
    parser.add_argument(
        "--requests", type=int, default=300, help="per scenario (default: %(default)s)"
    )
    parser.add_argument(
        "--duration", type=float, help="seconds per scenario, instead of --requests"
    )
    parser.add_argument(
        "--warmup", type=int, default=20, help="unmeasured requests first (default: %(default)s)"
    )
    parser.add_argument(
        "--targets-json",
        type=Path,
        help="use these targets (the keys of bench.seed.targets(), plus accounts and password) "
        "instead of seeding",
    )
    parser.add_argument(
        "--only",
        help="comma-separated scenario and export names to run (the floor and the signed-in floor always run), "
        "e.g. lesson,needs_csv; default: all",
    )
    parser.add_argument(
        "--crawl-pages",
        type=int,
        default=40,
        help="the crawl: at most this many pages per role (default: %(default)s)",
    )
    parser.add_argument(
        "--crawl-requests",
        type=int,
        default=20,
        help="the crawl: measured requests per page, after 3 warm-up (default: %(default)s)",
    )
    parser.add_argument("--json", type=Path, dest="json_path", help="write the figures here")
    args = parser.parse_args(argv)
    only = frozenset(name.strip() for name in (args.only or "").split(",") if name.strip())
    unknown = only - known_names()
    if unknown:
        parser.error(f"--only: unknown names {', '.join(sorted(unknown))}")
    if args.concurrency < 1 or args.people < 1:
        parser.error("--concurrency and --people must be at least 1")
    return Options(
        database_url=args.database_url,
        people=args.people,
        reseed=args.reseed,
        concurrency=args.concurrency,
        requests=args.requests,
        duration=args.duration,
        warmup=args.warmup,
        targets_json=args.targets_json,
        json_path=args.json_path,
        only=only,
        crawl_pages=args.crawl_pages,
        crawl_requests=args.crawl_requests,
    )


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # so that the server is stopped on the way out


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        data = run(options)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted; the server is stopped.", file=sys.stderr)
        return 130
    print()
    print(report.tables(data))
    if options.json_path:
        report.write_json(data, options.json_path)
        print(f"Figures written to {options.json_path}.")
    return 1 if data["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
