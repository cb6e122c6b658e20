"""CSV and XLSX of the manager's table (people × courses) and the coordinator's overview,
and the status report workbook. Everything goes through `learnapp.spreadsheets`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learnapp import spreadsheets, xlsx_stream
from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.org.models import Person, Unit
from learnapp.swedish import in_swedish_order
from learnapp.training import figures, people_table
from learnapp.training.models import CourseStatus, Status

STATUS_LABELS = {
    Status.NOT_ASSIGNED.value: _l("Not assigned"),
    Status.NOT_STARTED.value: _l("Not started"),
    Status.IN_PROGRESS.value: _l("In progress"),
    Status.COMPLETED.value: _l("Completed"),
    Status.EXPIRED.value: _l("Expired"),
    Status.OVERDUE.value: _l("Overdue"),
}


def file_name(kind: str, name: str, day: date, ext: str) -> str:
    return f"{kind}-{spreadsheets.slug(name)}-{day.isoformat()}.{ext}"


def people_headers() -> list[str]:
    return [
        _("Name"),
        _("E-mail"),
        _("Unit"),
        _("Key person"),
        _("Course"),
        _("Status"),
        _("Mandatory"),
        _("Due date"),
        _("Lessons read"),
        _("Lessons"),
        _("Completed"),
        _("Expires"),
        _("Score"),
    ]


# The people export's columns (people_headers) for its CSV: free text, local date-times, the score.
PEOPLE_CSV = spreadsheets.CsvColumns(text=(0, 1, 2, 4), moments=(10, 11), decimals=(12,))


def people_rows(unit: Unit, filters: people_table.Filters) -> Iterator[list[Any]]:
    """One row per person × course in the unit's subtree, streamed from one query."""
    # The subtree's people statement with the export's columns: its own join of the person's
    # unit gives the unit's name (joining the people as a subquery read them twice: twice the SQL).
    stmt = (
        people_table.people_in_subtree(unit, filters)
        .with_only_columns(
            Person.name,
            Person.email,
            Unit.name,
            Person.is_key_person,
            Course.title,
            CourseStatus.status,
            CourseStatus.mandatory,
            CourseStatus.due_on,
            CourseStatus.lessons_read,
            CourseStatus.lessons_total,
            CourseStatus.completed_at,
            CourseStatus.expires_at,
            CourseStatus.score,
        )
        .join(CourseStatus, CourseStatus.person_id == Person.id)
        .join(Course, Course.id == CourseStatus.course_id)
        .where(CourseStatus.status != Status.NOT_ASSIGNED.value)
        .order_by(in_swedish_order(Person.name), Person.id, in_swedish_order(Course.title))
    )
    if filters.course_id:
        stmt = stmt.where(CourseStatus.course_id == filters.course_id)
    # Labels translated once, not once per row.
    yes_no = {True: _("Yes"), False: _("No")}
    labels = {status: str(label) for status, label in STATUS_LABELS.items()}
    to_local = spreadsheets.local_converter()
    # Columns through the connection, not the ORM session: no ORM row processing per row. The
    # options go with the statement: a connection's own would stay for the session's later ones.
    rows = db.session.connection().execute(
        stmt.execution_options(stream_results=True, max_row_buffer=2000)
    )
    for (name, email, unit_name, key, title, status, mandatory, due_on, read, total, completed,
         expires, score) in rows:  # fmt: skip
        yield [
            name,
            email,
            unit_name or "",
            yes_no[key],
            title,
            labels.get(status, status),
            yes_no[mandatory],
            due_on,
            read,
            total,
            to_local(completed),
            to_local(expires),
            score,
        ]


def overview_headers() -> list[str]:
    return [
        _("Department"),
        _("Course"),
        _("Assigned"),
        _("Completed"),
        _("Completed (share)"),
        _("Overdue"),
        _("Key persons assigned"),
        _("Key persons completed"),
        _("Key persons completed (share)"),
    ]


def overview_rows() -> list[list[Any]]:
    cells = figures.department_cells()
    courses = {c.id: c for c in figures.courses_counted()}
    rows = []
    for dept in figures.departments():
        for course in courses.values():
            cell = cells.get((dept.id, course.id))
            if cell is None:
                continue
            rows.append(
                [
                    dept.name,
                    course.title,
                    cell.assigned,
                    cell.completed,
                    cell.share,
                    cell.overdue,
                    cell.key_assigned,
                    cell.key_completed,
                    cell.key_share,
                ]
            )
    return rows


def workbook(
    title: str, headers: list[str], rows: Any, widths: list[int], percent_cols: set[int]
) -> IO[bytes]:
    """One sheet of typed cells, streamed (learnapp.xlsx_stream): some 70,000 rows of the people
    export took 13 s of CPU per 100,000 rows through xlsxwriter's per-cell calls."""
    return xlsx_stream.workbook(title, headers, rows, widths, percent_cols)
