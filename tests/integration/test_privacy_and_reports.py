"""Seam: the admin feature's privacy tools over rows made by the courses, quizzes and training services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from learnapp.admin import privacy, services
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.reports import queries as reports
from learnapp.training import figures
from tests import factories
from tests.integration.conftest import take_course


def report_numbers() -> tuple[Any, Any, Any]:
    cells = {k: vars(v) for k, v in figures.department_cells().items()}
    data = reports.build(date(2026, 1, 1), date(2026, 12, 31), reports.choose_inventory(None),
                         utcnow())  # fmt: skip
    report = [(d["id"], d["courses"], d["overdue"]) for d in data["departments"]]
    return cells, report, figures.completions_per_month(utcnow() - timedelta(days=370))


def test_anonymising_a_leaver_keeps_the_overview_and_status_report_numbers(
    org: Any, course: Any
) -> None:
    factories.assign_everyone(course, by=org.coordinator)
    take_course(org.other_staff, course)
    services.set_active(org.other_staff, False, org.admin)
    db.session.commit()
    before = report_numbers()
    privacy.anonymise(org.other_staff, org.admin)
    db.session.commit()
    db.session.expire_all()
    assert report_numbers() == before


def test_the_personal_data_export_holds_the_assignments_made_by_a_rule(
    org: Any, course: Any
) -> None:
    factories.assign_everyone(course, by=org.coordinator)
    data = privacy.personal_data(org.staff)
    assert [(a["course"], a["source"], a["mandatory"]) for a in data["assignments"]] == [
        ("grunder", "rule", True)
    ]


def test_the_personal_data_export_holds_the_stored_course_statuses(org: Any, course: Any) -> None:
    factories.assign_everyone(course, by=org.coordinator)
    take_course(org.staff, course)
    data = privacy.personal_data(org.staff)
    statuses = data["course_statuses"]
    assert [(s["course"], s["status"], s["lessons_read"]) for s in statuses] == [
        ("grunder", "completed", 2)
    ]


def test_the_personal_data_export_holds_the_quiz_attempts_and_completions(
    org: Any, course: Any
) -> None:
    completion = take_course(org.staff, course)
    data = privacy.personal_data(org.staff)
    assert [(a["course"], a["passed"]) for a in data["quiz_attempts"]] == [("grunder", True)]
    assert [(c["course"], c["certificate_code"]) for c in data["completions"]] == [
        ("grunder", completion.code)
    ]
    assert len(data["lesson_progress"]) == 2


def test_the_personal_data_csv_has_a_status_section(org: Any, course: Any) -> None:
    factories.assign_everyone(course, by=org.coordinator)
    text = "".join(privacy.personal_data_csv(privacy.personal_data(org.staff)))
    assert "course_statuses;1;status;not_started" in text
