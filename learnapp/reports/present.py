"""The status report as sections of text and tables in the reader's language.

The page, the PDF, the Word document and the workbook all show these sections, so each says the
same thing in the same words. Built from the report's data (a dict: live, or saved and frozen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from learnapp.formats import day, number, percent


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    numbers: list[list[float | int | None]] = field(default_factory=list)  # for the workbook


@dataclass
class Bar:
    label: str
    share: float | None
    text: str


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chart: list[Bar] | None = None
    chart_title: str = ""
    sheet: str = ""  # a shorter name for the workbook's sheet (at most 31 characters) if needed


@dataclass
class Document:
    title: str
    organisation: str
    lines: list[str]  # date, period, inventory
    sections: list[Section]


def _day(value: str | None) -> str:
    if not value:
        return "–"
    return day(date.fromisoformat(value[:10]))


def _share(done: int, total: int) -> float | None:
    return done / total if total else None


def _of(done: int, total: int) -> str:
    if not total:
        return "–"
    return _(
        "%(share)s (%(done)s of %(total)s)",
        share=percent(done / total),
        done=number(done),
        total=number(total),
    )


def _area_name(area: dict[str, Any]) -> str:
    return str(area["name_en"] if str(get_locale()) == "en" else area["name_sv"])


def inventory_line(inv: dict[str, Any] | None) -> str:
    if inv is None:
        return _("Training-needs inventory: none has been opened yet.")
    how = {
        "chosen": _("chosen for this report"),
        "closed": _("the newest closed inventory"),
        "open": _("the newest open inventory; no inventory is closed yet"),
    }.get(inv["how"], "")
    opened = _day(inv.get("opened_at"))
    if inv["state"] == "open" and not inv.get("closes_on"):
        dates = _("open since %(opened)s", opened=opened)
    elif inv["state"] == "open":
        dates = _(
            "open since %(opened)s, closes %(closes)s",
            opened=opened,
            closes=_day(inv.get("closes_on")),
        )
    else:
        dates = _("open %(opened)s to %(closed)s", opened=opened, closed=_day(inv.get("closed_at")))
    return _(
        "Training-needs inventory: %(title)s (%(how)s; %(dates)s).",
        title=inv["title"],
        how=how,
        dates=dates,
    )


def _summary(data: dict[str, Any]) -> Section:
    totals = data["totals"]
    rows, nums = [], []
    for course in data["courses"]:
        c = totals["courses"][str(course["id"])]
        rows.append(
            [
                course["title"],
                _of(c["key_completed"], c["key_assigned"]),
                _of(c["completed"], c["assigned"]),
                number(c["overdue"]),
            ]
        )
        nums.append(
            [
                None,
                _share(c["key_completed"], c["key_assigned"]),
                _share(c["completed"], c["assigned"]),
                c["overdue"],
            ]
        )
    paragraphs = [
        _("Overdue mandatory courses in all: %(n)s.", n=number(totals["overdue"])),
        _(
            "Mandatory courses completed during the period: %(all)s, of them by key persons: "
            "%(key)s.",
            all=number(totals["completed_in_period"]["all"]),
            key=number(totals["completed_in_period"]["key"]),
        ),
    ]
    if data["inventory"] is not None:
        paragraphs.append(
            _(
                "Response rate of the inventory: %(rate)s.",
                rate=_of(totals["answered"], totals["in_scope"]),
            )
        )
    if not data["courses"]:
        paragraphs.insert(0, _("No mandatory course has been assigned yet."))
        tables = []
    else:
        tables = [
            Table(
                _("Completion of each mandatory course, whole organisation"),
                [_("Course"), _("Key persons completed"), _("All staff completed"), _("Overdue")],
                rows,
                nums,
            )
        ]
    return Section("summary", _("Totals"), paragraphs, tables)


def _per_department(data: dict[str, Any]) -> Section:
    courses = data["courses"]
    routines = data.get("routines")
    header = [_("Department")]
    for course in courses:
        header += [
            _("%(course)s: key persons", course=course["title"]),
            _("%(course)s: all staff", course=course["title"]),
        ]
    header += [_("Overdue"), _("Completed during the period")]
    if routines is not None:
        header.append(_("Routines acknowledged"))
    rows, nums = [], []
    for dept in data["departments"]:
        row: list[str] = [dept["name"]]
        num: list[float | int | None] = [None]
        for course in courses:
            c = dept["courses"][str(course["id"])]
            row += [_of(c["key_completed"], c["key_assigned"]), _of(c["completed"], c["assigned"])]
            num += [
                _share(c["key_completed"], c["key_assigned"]),
                _share(c["completed"], c["assigned"]),
            ]
        row += [number(dept["overdue"]), number(dept["completed_in_period"]["all"])]
        num += [dept["overdue"], dept["completed_in_period"]["all"]]
        if routines is not None:
            r = routines["departments"].get(str(dept["id"]), {"acknowledged": 0, "asked": 0})
            row.append(_of(r["acknowledged"], r["asked"]))
            num.append(_share(r["acknowledged"], r["asked"]))
        rows.append(row)
        nums.append(num)
    table = Table(
        _("Mandatory courses per department: completed of those assigned, and overdue"),
        header,
        rows,
        nums,
    )
    return Section("departments", _("Per department"), [], [table] if rows else [])


def _needs(data: dict[str, Any]) -> Section:
    inv = data["inventory"]
    section = Section("needs", _("Training needs per department"), sheet=_("Training needs"))
    if inv is None:
        section.paragraphs.append(_("No training-needs inventory has been opened yet."))
        return section
    minimum = data["min_respondents"]
    section.paragraphs.append(
        _(
            "The three competence areas where most respondents report a great need. A department "
            "with fewer than %(n)s respondents shows no areas, so that no one's answers can be "
            "read from the report.",
            n=minimum,
        )
    )
    rows, nums = [], []
    for dept in data["departments"]:
        if not dept["in_scope"]:
            continue
        if dept["answered"] < minimum:
            areas = _("fewer than %(n)s answers", n=minimum)
        elif not dept["top_areas"]:
            areas = _("no area with a great need")
        else:
            areas = "; ".join(
                _(
                    "%(area)s (%(great)s of %(answers)s)",
                    area=_area_name(a),
                    great=number(a["great"]),
                    answers=number(a["answers"]),
                )
                for a in dept["top_areas"]
            )
        rows.append([dept["name"], _of(dept["answered"], dept["in_scope"]), areas])
        nums.append([None, _share(dept["answered"], dept["in_scope"]), None])
    section.tables.append(
        Table(
            _("Response rate and the areas with the greatest need, per department"),
            [_("Department"), _("Response rate"), _("Areas with the greatest need")],
            rows,
            nums,
        )
    )
    return section


def _trend(data: dict[str, Any]) -> Section:
    section = Section("trend", _("Trend by quarter"))
    section.chart_title = _("Share of assigned mandatory courses completed, by quarter")
    points = data["trend"]
    if not points:
        section.paragraphs.append(
            _("No monthly snapshot has been taken yet; the trend starts with the first one.")
        )
    rows, nums, bars = [], [], []
    for p in points:
        share = _share(p["completed"], p["assigned"])
        rows.append(
            [
                p["quarter"],
                _of(p["key_completed"], p["key_assigned"]),
                _of(p["completed"], p["assigned"]),
            ]
        )
        nums.append([None, _share(p["key_completed"], p["key_assigned"]), share])
        bars.append(Bar(p["quarter"], share, percent(share)))
    if rows:
        section.tables.append(
            Table(
                _(
                    "Completion of the mandatory courses at the end of each quarter (the last "
                    "monthly snapshot)"
                ),
                [_("Quarter"), _("Key persons completed"), _("All staff completed")],
                rows,
                nums,
            )
        )
        section.chart = bars
    previous = data.get("previous")
    if previous and previous.get("totals"):
        before = _course_totals(previous["totals"])
        now = _course_totals(data["totals"])
        section.paragraphs.append(
            _(
                "Since the previous saved report (%(title)s, %(date)s): all staff %(before)s → "
                "%(now)s completed, key persons %(kbefore)s → %(know)s.",
                title=previous["title"],
                date=_day(previous["saved_at"]),
                before=percent(_share(before[0], before[1])),
                now=percent(_share(now[0], now[1])),
                kbefore=percent(_share(before[2], before[3])),
                know=percent(_share(now[2], now[3])),
            )
        )
    return section


def _course_totals(totals: dict[str, Any]) -> tuple[int, int, int, int]:
    cells = totals.get("courses", {}).values()
    return (
        sum(c["completed"] for c in cells),
        sum(c["assigned"] for c in cells),
        sum(c["key_completed"] for c in cells),
        sum(c["key_assigned"] for c in cells),
    )


def document(data: dict[str, Any], saved: Any = None) -> Document:
    """The report in sections; `saved` (a SavedReport) adds its title, meeting and texts."""
    period = data["period"]
    lines = [
        _("Date: %(date)s", date=_day(data["generated_at"])),
        _("Period: %(start)s – %(end)s", start=_day(period["start"]), end=_day(period["end"])),
        inventory_line(data["inventory"]),
    ]
    if saved is not None and saved.meeting_on:
        lines.insert(
            1,
            _("For the committee meeting of %(date)s", date=day(saved.meeting_on)),
        )
    sections = [_summary(data), _per_department(data), _needs(data), _trend(data)]
    if saved is not None:
        sections.append(
            Section("assessment", _("The coordinator's assessment"), _paragraphs(saved.assessment))
        )
        sections.append(Section("measures", _("Proposed measures"), _paragraphs(saved.measures)))
    title = _("Status report: training against violent extremism")
    if saved is not None:
        title = saved.title
    return Document(title, str(data["organisation"]), lines, sections)


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p] or [_("(Not written.)")]


def generated(data: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(data["generated_at"])
