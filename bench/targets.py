"""The targets of issue 9 and whether a run met them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    subject: str  # a scenario, an export or "seed"
    metric: str  # a key of the subject's figures
    limit: float
    at_least: bool = False  # else at most

    @property
    def label(self) -> str:
        unit = UNITS[self.metric]
        sign = "≥" if self.at_least else "≤"
        return f"{LABELS[self.metric]} {sign} {self.limit:g}{unit}"

    def met(self, value: float | None) -> bool | None:
        """True or False; None when there is no figure (not measured, or errors)."""
        if value is None:
            return None
        return value >= self.limit if self.at_least else value <= self.limit


LABELS = {
    "p50_ms": "p50",
    "rps_of_floor": "req/s",
    "seconds": "time",
    "peak_mb": "peak",
    "growth_mb": "growth",
}
UNITS = {
    "p50_ms": " ms",
    "rps_of_floor": " % of floor",
    "seconds": " s",
    "peak_mb": " MB",
    "growth_mb": " MB",
}

TARGETS = [
    Target("coordinator_overview", "p50_ms", 50),
    Target("status_report", "p50_ms", 50),
    Target("manager_unit", "p50_ms", 25),
    Target("my_training", "p50_ms", 15),
    Target("lesson", "p50_ms", 15),
    Target("lesson", "rps_of_floor", 40, at_least=True),
    # Issue 9 asked 15 s of the needs workbook; issue 22 asks 10 s of any XLSX export.
    Target("needs_xlsx", "seconds", 10),
    Target("needs_xlsx", "peak_mb", 250),
    # Issue 22: ≤ 250 MB per 100,000 rows, of what the export itself adds to a worker.
    Target("needs_xlsx", "growth_mb", 250),
    Target("needs_csv", "seconds", 5),
    # Issue 22: results and report pages p50 ≤ 50 ms; the PDF and Word report ≤ 2 s.
    # The drill-downs, the coordinator's team page and the key persons' list too: every page of
    # the inventory's results.
    Target("needs_results", "p50_ms", 50),
    Target("needs_department", "p50_ms", 50),
    Target("needs_area_unit", "p50_ms", 50),
    Target("needs_team", "p50_ms", 50),
    Target("needs_key_persons", "p50_ms", 50),
    Target("report_pdf", "seconds", 2),
    Target("report_docx", "seconds", 2),
    Target("report_xlsx", "seconds", 10),
    Target("seed", "seconds", 180),
]


def for_subject(subject: str) -> list[Target]:
    return [t for t in TARGETS if t.subject == subject]


def verdict(results: list[bool | None]) -> str:
    """ "pass", "FAIL" or "" (no target, or nothing measured)."""
    known = [r for r in results if r is not None]
    if not known:
        return ""
    return "pass" if all(known) else "FAIL"
