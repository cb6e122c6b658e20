"""The run's figures as one dict (written as JSON) and as the tables printed at the end."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.exports import ExportResult
from bench.load import Result
from bench.targets import Target, for_subject, verdict

FLOOR = "floor"


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _checks(subject: str, values: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    checks = []
    for target in for_subject(subject):
        value = values.get(target.metric)
        checks.append(_check(target, value))
    return checks, verdict([c["pass"] for c in checks])


def _check(target: Target, value: float | None) -> dict[str, Any]:
    return {
        "label": target.label,
        "metric": target.metric,
        "limit": target.limit,
        "at_least": target.at_least,
        "value": _round(value, 2),
        "pass": target.met(value),
    }


def scenario_figures(results: list[Result]) -> list[dict[str, Any]]:
    floor = next((r for r in results if r.name == FLOOR), None)
    floor_rps, floor_p50 = (floor.rps, floor.percentile_ms(50)) if floor else (None, None)
    rows = []
    for result in results:
        p50 = result.percentile_ms(50)
        values: dict[str, Any] = {
            "name": result.name,
            "concurrency": result.concurrency,
            "n": result.n,
            "errors": result.errors,
            "error_messages": result.messages,
            "p50_ms": _round(p50, 2),
            "p95_ms": _round(result.percentile_ms(95), 2),
            "p99_ms": _round(result.percentile_ms(99), 2),
            "rps": _round(result.rps),
            "rps_by_littles_law": result.extra_requests,
            "rps_of_floor": _round(100 * result.rps / floor_rps, 1)
            if result.rps and floor_rps
            else None,
            "p50_x_floor": _round(p50 / floor_p50, 1) if p50 and floor_p50 else None,
            "note": result.note,
        }
        # The figures of a broken scenario are not evidence of anything.
        checks, outcome = _checks(result.name, {} if result.errors else values)
        values["targets"], values["result"] = checks, "ERRORS" if result.errors else outcome
        rows.append(values)
    return rows


def export_figures(results: list[ExportResult]) -> list[dict[str, Any]]:
    rows = []
    for result in results:
        values: dict[str, Any] = {
            "name": result.name,
            "path": result.path,
            "status": result.status,
            "seconds": _round(result.seconds, 2),
            "bytes": result.bytes,
            "mb": _round(result.mb, 2),
            "rows": result.rows,
            "rss_before_mb": _round(result.rss_before_mb),
            "peak_mb": _round(result.peak_mb),
            "growth_mb": _round(result.growth_mb),
            "error": result.error,
        }
        checks, outcome = _checks(result.name, {} if result.error else values)
        values["targets"], values["result"] = checks, "ERROR" if result.error else outcome
        rows.append(values)
    return rows


def seed_figures(seconds: float | None, people: int) -> dict[str, Any]:
    checks, outcome = _checks("seed", {"seconds": seconds})
    return {
        "people": people,
        "seconds": _round(seconds, 1),
        "reused": seconds is None,
        "targets": checks,
        "result": outcome,
    }


def _proc_field(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine() -> dict[str, Any]:
    memory = _proc_field("/proc/meminfo", "MemTotal")
    return {
        "cpu_count": os.cpu_count(),
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.machine(),
        "memory_gb": round(int(memory.split()[0]) / 1024**2, 1) if memory else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def build(
    *,
    database: dict[str, Any],
    settings: dict[str, Any],
    seed: dict[str, Any],
    scenarios: list[dict[str, Any]],
    exports: list[dict[str, Any]],
    crawl: list[dict[str, Any]] | None = None,
    server_log: str | None = None,
) -> dict[str, Any]:
    crawl = crawl or []
    outcomes = [seed["result"]] + [s["result"] for s in scenarios + exports]
    outcomes += ["FAIL" for c in crawl if c["within_target"] is False]
    errors = sum(s["errors"] for s in scenarios) + sum(1 for e in exports if e["error"])
    errors += sum(c["errors"] for c in crawl)
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": database,
        "people": seed["people"],
        "settings": settings,
        "seed": seed,
        "scenarios": scenarios,
        "exports": exports,
        "crawl": crawl,
        "crawl_summary": crawl_summary(crawl),
        "errors": errors,
        "targets_failed": sum(1 for o in outcomes if o == "FAIL"),
        "all_targets_met": errors == 0 and all(o in ("pass", "") for o in outcomes),
        "server_log_tail": server_log,  # gunicorn's output, kept when something failed
    }


def write_json(data: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def crawl_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per role: pages crawled, pages over the ms target and over the floor ratio; the slowest ten."""
    from bench.crawl import slowest

    summary: dict[str, Any] = {}
    for role in dict.fromkeys(r["role"] for r in rows):
        mine = [r for r in rows if r["role"] == role]
        summary[role] = {
            "pages": len(mine),
            "target_ms": mine[0]["target_ms"],
            "floor_ratio_limit": mine[0]["floor_ratio_limit"],
            "over_target": sum(1 for r in mine if r["within_target"] is False),
            "over_floor_ratio": sum(1 for r in mine if r["within_floor_ratio"] is False),
            "errors": sum(r["errors"] for r in mine),
            "slowest": [
                {k: r[k] for k in ("path", "p50_ms", "p95_ms", "p50_x_floor", "p50_x_signed_in")}
                for r in slowest(rows, role)
            ],
        }
    return summary


def crawl_tables(data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for role, summary in (data.get("crawl_summary") or {}).items():
        out.append(
            f"crawl, {role}: {summary['pages']} pages; over {summary['target_ms']:g} ms: "
            f"{summary['over_target']}; over {summary['floor_ratio_limit']:g}× the floor: "
            f"{summary['over_floor_ratio']}; errors: {summary['errors']}. The slowest ten:"
        )
        rows = [
            [
                r["path"],
                _num(r["p50_ms"]),
                _num(r["p95_ms"]),
                _num(r["p50_x_floor"], "{:.1f}×"),
                _num(r["p50_x_signed_in"], "{:.1f}×"),
            ]
            for r in summary["slowest"]
        ]
        headers = ["page", "p50 ms", "p95 ms", "p50 × floor", "p50 × signed-in"]
        out.append(_table(headers, rows, {1, 2, 3, 4}))
        out.append("")
    return out


# --- tables -----------------------------------------------------------------------------------


def _num(value: float | None, fmt: str = "{:.1f}") -> str:
    return "—" if value is None else fmt.format(value)


def _targets(row: dict[str, Any]) -> str:
    return "; ".join(check["label"] for check in row["targets"])


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def tables(data: dict[str, Any]) -> str:
    db, machine_info, settings = data["database"], data["machine"], data["settings"]
    out = [
        f"learnapp bench, {data['date']}: {data['people']} people, "
        f"{db['dialect']} {db['server_version'].split(' (')[0]}, "
        f"{settings['workers']} gunicorn workers, {machine_info['cpu_count']} CPUs, "
        f"Python {machine_info['python']}",
        "",
    ]
    scenario_rows = [
        [
            s["name"],
            str(s["concurrency"]),
            str(s["n"]),
            str(s["errors"]),
            _num(s["p50_ms"]),
            _num(s["p95_ms"]),
            _num(s["p99_ms"]),
            _num(s["rps"]) + ("*" if s["rps_by_littles_law"] else ""),
            _num(s["rps_of_floor"], "{:.0f} %"),
            _num(s["p50_x_floor"], "{:.1f}×"),
            _targets(s),
            s["result"],
        ]
        for s in data["scenarios"]
    ]
    headers = ["scenario", "c", "n", "err", "p50 ms", "p95 ms", "p99 ms", "req/s"]
    headers += ["of floor", "p50 × floor", "target", "result"]
    out.append(_table(headers, scenario_rows, set(range(1, 10))))
    if any(s["rps_by_littles_law"] for s in data["scenarios"]):
        out.append("* clients / mean latency of the timed request (each iteration makes others)")
    for s in data["scenarios"]:
        if s["note"]:
            out.append(f"  {s['name']}: {s['note']}")
    out.append("")
    export_rows = [
        [
            e["name"],
            str(e["status"] or "—"),
            _num(e["seconds"], "{:.2f}"),
            _num(e["mb"], "{:.2f}"),
            _num(e["rows"], "{:d}"),
            _num(e["rss_before_mb"], "{:.0f}"),
            _num(e["peak_mb"], "{:.0f}"),
            _num(e.get("growth_mb"), "{:.0f}"),
            _targets(e),
            e["result"],
        ]
        for e in data["exports"]
    ]
    headers = ["export", "HTTP", "seconds", "size MB", "rows", "RSS before MB", "peak MB"]
    headers += ["growth MB", "target", "result"]
    out.append(_table(headers, export_rows, set(range(1, 8))))
    out.append("  peak MB: the largest VmRSS of any gunicorn worker, sampled every 20 ms")
    out.append(
        "  growth MB: the most one worker grew above its own VmRSS before the export"
        " (what this export cost, not what earlier ones left)"
    )
    out.append("")
    out += crawl_tables(data)
    seed = data["seed"]
    if seed["reused"]:
        out.append(f"seed: reused ({seed['people']} people); --reseed to time it")
    else:
        out.append(
            f"seed: {seed['people']} people in {seed['seconds']:.1f} s "
            f"({_targets(seed)}): {seed['result']}"
        )
    problems = [
        (s["name"], f"{message} ({count}×)")
        for s in data["scenarios"]
        for message, count in s["error_messages"].items()
    ]
    problems += [(e["name"], e["error"]) for e in data["exports"] if e["error"]]
    problems += [
        (f"crawl {c['role']} {c['path']}", f"{message} ({count}×)")
        for c in data.get("crawl") or []
        for message, count in c["error_messages"].items()
    ]
    for name, message in problems:
        out.append(f"ERROR {name}: {message}")
    if data["server_log_tail"]:
        out += ["", "The end of gunicorn's log:", data["server_log_tail"].rstrip()]
    out.append("")
    if data["errors"]:
        out.append(f"{data['errors']} errors: the figures above are incomplete.")
    elif data["targets_failed"]:
        out.append(f"{data['targets_failed']} of the targets FAILED (marked FAIL above).")
    else:
        out.append("Every target met.")
    return "\n".join(out)
