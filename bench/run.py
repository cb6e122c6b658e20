"""One benchmark run: the seed, the server, the signed-in clients, the scenarios, the exports."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import crawl, database, report
from bench.client import Client
from bench.database import BenchError
from bench.exports import cross_check, exports_for, run_export
from bench.load import Scenario, get, measure
from bench.quiz import QuizAnswerer
from bench.server import WORKERS, running
from bench.wsgi import SIGNED_IN_PATH

ROLES = ("coordinator", "manager", "staff")
FLOORS = ("floor", "signed_in")  # run whatever --only says: every other figure is read beside them


@dataclass
class Options:
    database_url: str
    people: int
    reseed: bool
    concurrency: int
    requests: int | None
    duration: float | None
    warmup: int
    targets_json: Path | None
    json_path: Path | None
    only: frozenset[str] = frozenset()  # scenario and export names; empty: all
    crawl_pages: int = 40  # per role
    crawl_requests: int = 20  # per crawled page, after crawl_warmup
    crawl_warmup: int = 3

    def wants(self, name: str) -> bool:
        return not self.only or name in self.only or name in FLOORS


def scenarios(targets: dict[str, Any]) -> list[Scenario]:
    quiz = QuizAnswerer(str(targets["quiz_course_slug"]))
    return [
        Scenario("floor", None, get("/healthz"), note="GET /healthz: no database"),
        Scenario(
            "signed_in",
            "staff",
            get(SIGNED_IN_PATH),
            note=f"GET {SIGNED_IN_PATH}: a route only the bench adds; it loads the signed-in "
            "person, as every page does, and nothing more",
        ),
        Scenario("coordinator_overview", "coordinator", get("/training/overview")),
        Scenario(
            "manager_unit", "manager", get(f"/training/team/units/{targets['manager_unit_id']}")
        ),
        Scenario(
            "area_unit",
            "coordinator",
            get(f"/training/overview/units/{targets['area_unit_id']}"),
            note="the unit page for the level above: about ten units, some 330 people",
        ),
        Scenario("my_training", "staff", get("/training/mine")),
        Scenario("lesson", "staff", get(str(targets["lesson_path"]))),
        Scenario(
            "quiz_submit",
            "staff",
            quiz.submit,
            own_account=True,
            extra_requests=True,
            note="each client its own staff account (an account holds one open attempt at a "
            "time); only the POST of the answers is timed",
        ),
        Scenario("status_report", "coordinator", get("/reports/")),
        Scenario("needs_results", "coordinator", get(f"/needs/{targets['inventory_id']}/results")),
        # Issue 25: the drill-downs of the largest department, whose cost should not grow with
        # the organisation (compare a 10,000- and a 100,000-person run), and the organisation.
        Scenario(
            "overview_department",
            "coordinator",
            get(f"/training/overview/departments/{targets.get('department_id')}"),
            note="the training drill-down of the largest department (its top units)",
        ),
        Scenario(
            "needs_department",
            "coordinator",
            get(
                f"/needs/{targets['inventory_id']}/results/departments/{targets.get('department_id')}"
            ),
            note="the inventory results of the largest department (its top units)",
        ),
        Scenario(
            "needs_area_unit",
            "coordinator",
            get(f"/needs/{targets['inventory_id']}/results/units/{targets['area_unit_id']}"),
            note="the inventory results of the area unit (about ten units below it)",
        ),
        Scenario(
            "needs_team",
            "coordinator",
            get(f"/needs/{targets['inventory_id']}/team"),
            note="the team page as the coordinator sees it: the top units, who has not answered",
        ),
        Scenario(
            "needs_key_persons",
            "coordinator",
            get(f"/needs/{targets['inventory_id']}/results/key-persons"),
            note="the key persons with great needs (the first 500 rows)",
        ),
        Scenario("org", "coordinator", get("/org/"), note="the organisation's start"),
    ]


def known_names() -> set[str]:
    """Every scenario and export name, for --only (the paths in them do not matter here)."""
    dummy: dict[str, Any] = {
        "manager_unit_id": 0,
        "area_unit_id": 0,
        "lesson_path": "/",
        "quiz_course_slug": "-",
        "inventory_id": 0,
        "export_unit_id": 0,
        "department_id": 0,
    }
    names = {s.name for s in scenarios(dummy)} | {e.name for e in exports_for(dummy)}
    return names | {CRAWL}


CRAWL = "crawl"


def seed_if_needed(
    options: Options, secret: str
) -> tuple[dict[str, Any], float | None, dict[str, Any]]:
    """The seed's targets, the seed's wall time (None when reused) and the database's details."""
    url = options.database_url
    found = database.probe(url, secret)
    targets = found.targets
    from bench.seed import STAFF_ACCOUNTS

    if targets is not None and targets.get("people") == options.people and not options.reseed:
        if not found.up_to_date:
            # The seed builds derived data through the app's services: migrating is not enough.
            print(f"The seed's schema {found.schema['current']} is behind {found.schema['heads']}.")
        elif len(targets.get("staff_accounts") or []) < STAFF_ACCOUNTS:
            print(f"Fewer than {STAFF_ACCOUNTS} staff accounts can take the quiz (an older seed).")
        else:
            print(f"Database holds a bench seed of {options.people} people: reused.")
            return targets, None, found.database
    if not targets and found.people and not options.reseed:
        why = f" ({found.problem})" if found.problem else ""
        raise BenchError(
            f"{found.database['url']} holds {found.people} people but no bench seed{why}. "
            "Refusing to empty it; pass --reseed if it is a bench database."
        )
    print(f"Seeding {options.people} people into {found.database['url']}:")
    seconds = database.seed(url, options.people, reset=bool(found.people), secret=secret)
    print(f"Seeded in {seconds:.1f} s.")
    found = database.probe(url, secret)
    if not found.targets or found.targets.get("people") != options.people:
        raise BenchError(
            f"after seeding, bench.seed.targets() gave {found.targets} ({found.problem})"
        )
    return found.targets, seconds, found.database


def accounts(targets: dict[str, Any]) -> tuple[dict[str, list[str]], str]:
    """Per role the accounts its clients sign in as, in turn; and the password."""
    if "accounts" in targets and "password" in targets:
        emails, password = dict(targets["accounts"]), targets["password"]
    else:
        from bench.seed import ACCOUNTS, BENCH_PASSWORD

        emails, password = dict(ACCOUNTS), BENCH_PASSWORD
    chosen = {role: [email] for role, email in emails.items()}
    if targets.get("staff_accounts"):
        chosen["staff"] = list(targets["staff_accounts"])
    return chosen, password


def clients_for(
    scenario: Scenario, clients: list[Client], accounts: int, default: int
) -> list[Client]:
    """The scenario's clients: as many as asked, no more than one per account when it needs
    its own (the clients of a role sign in as its accounts in turn)."""
    wanted = scenario.concurrency or default
    if scenario.own_account:
        wanted = min(wanted, accounts)
    return clients[:wanted]


def run(options: Options) -> dict[str, Any]:
    secret = secrets.token_hex(32)
    if options.targets_json:
        targets = json.loads(options.targets_json.read_text())
        seed_seconds = None
        database.upgrade(options.database_url, secret)
        db_info = database.probe(options.database_url, secret).database
    else:
        targets, seed_seconds, db_info = seed_if_needed(options, secret)
    emails, password = accounts(targets)
    env = database.app_env(options.database_url, development=False, secret=secret)
    # Plain http on localhost: cookies marked Secure would never be sent back by a browser.
    env["LEARNAPP_SESSION_COOKIE_SECURE"] = "false"
    env["LEARNAPP_REMEMBER_COOKIE_SECURE"] = "false"
    plan = [s for s in scenarios(targets) if options.wants(s.name)]
    with running(env) as server:
        print(f"gunicorn: {WORKERS} workers on http://{server.host}:{server.port}")
        clients: dict[str | None, list[Client]] = {None: []}
        for _ in range(options.concurrency):
            clients[None].append(Client(server.host, server.port))
        for role in ROLES:
            clients[role] = []
            for n in range(options.concurrency):
                client = Client(server.host, server.port)
                client.login(emails[role][n % len(emails[role])], password)
                clients[role].append(client)
        print(f"Signed in {options.concurrency} clients for each of {len(ROLES)} roles.")
        results = []
        for scenario in plan:
            who = scenario.role
            chosen = clients_for(
                scenario,
                clients[who],
                len(emails[who]) if who else options.concurrency,
                options.concurrency,
            )
            result = measure(
                scenario,
                chosen,
                requests=None if options.duration else options.requests,
                duration=options.duration,
                warmup=options.warmup,
            )
            results.append(result)
            p50 = result.percentile_ms(50)
            print(
                f"  {scenario.name}: {result.n} requests, {result.errors} errors, p50 "
                + (f"{p50:.1f} ms" if p50 is not None else "—")
            )
        crawled = []
        if options.wants(CRAWL):
            p50s = {r.name: r.percentile_ms(50) for r in results}
            crawled = crawl_roles(
                options, server, emails, password, p50s.get("floor"), p50s.get("signed_in")
            )
        export_results = []
        for export in [e for e in exports_for(targets) if options.wants(e.name)]:
            done = run_export(server, clients["coordinator"][0], export)
            export_results.append(done)
            print(f"  {export.name}: {done.seconds:.2f} s, {done.mb:.2f} MB, {done.error or 'ok'}")
        cross_check(export_results)
        failed = any(r.errors for r in results) or any(e.error for e in export_results)
        server_log = server.log_tail() if failed else None
    return report.build(
        database=db_info,
        settings={
            "workers": WORKERS,
            "concurrency": options.concurrency,
            "requests": None if options.duration else options.requests,
            "duration": options.duration,
            "warmup": options.warmup,
            "targets_json": str(options.targets_json) if options.targets_json else None,
            "only": sorted(options.only) or None,
            "crawl_pages": options.crawl_pages,
            "crawl_requests": options.crawl_requests,
        },
        seed=report.seed_figures(seed_seconds, int(targets["people"])),
        scenarios=report.scenario_figures(results),
        exports=report.export_figures(export_results),
        crawl=crawled,
        server_log=server_log,
    )


def crawl_roles(
    options: Options,
    server: Any,
    emails: dict[str, list[str]],
    password: str,
    floor_p50: float | None,
    signed_in_p50: float | None,
) -> list[dict[str, Any]]:
    """Find each role's pages from its menu, then time each one with the role's clients."""
    origin = f"http://{server.host}:{server.port}"
    rows: list[dict[str, Any]] = []
    for role in ROLES:
        # The role's first account in every client: a page one account finds (its quiz result)
        # is not another account's to see.
        mine = []
        for _ in range(options.concurrency):
            client = Client(server.host, server.port)
            client.login(emails[role][0], password)
            mine.append(client)
        found = crawl.discover(mine[0], role, origin, options.crawl_pages)
        skipped = ", ".join(f"{why}: {n}" for why, n in sorted(found.skipped.items()))
        print(
            f"  crawl {role}: {len(found.pages)} pages"
            + (f"; left out: {skipped}" if skipped else "")
        )
        timed = []
        for path in found.pages:
            result = measure(
                crawl.scenario(role, path),
                mine,
                requests=options.crawl_requests,
                duration=None,
                warmup=options.crawl_warmup,
            )
            timed.append((path, result))
        rows += crawl.figures(role, timed, floor_p50, signed_in_p50)
    return rows
