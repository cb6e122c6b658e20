"""The issue's "done when", through the real pages: the coordinator assigns a course to the key
persons, the staff member reads the lessons and passes the quiz, the manager and the coordinator
both see it on screen, in the export and in the status report."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from learnapp.extensions import db
from tests import factories
from tests.factories import status_of
from tests.quizzes.conftest import QUIZ, answers_for, start


def test_assign_complete_and_follow(client, login, org):
    course = factories.course("prov", lessons=2, quiz=QUIZ, validity_months=12, pass_mark=0.8)
    db.session.commit()

    login(org.coordinator)
    client.post(
        "/training/rules/new",
        data={
            "course": str(course.id),
            "scope": "key_persons",
            "department": str(org.school_dept.id),
            "due_days": "30",
            "mandatory": "1",
            "confirm": "1",
        },
    )
    assert status_of(org.staff, course) == "not_started"
    login.logout()

    login(org.staff)
    for lesson in course.lessons:
        assert client.get(f"/courses/prov/{lesson.slug}").status_code == 200
    assert status_of(org.staff, course) == "in_progress"
    attempt_id = start(client)
    client.post(f"/quiz/attempts/{attempt_id}", data=answers_for(attempt_id))
    assert status_of(org.staff, course) == "completed"
    assert "status-completed" in client.get("/training/mine").get_data(as_text=True)
    login.logout()

    login(org.manager)
    page = client.get(f"/training/team/units/{org.soder.id}").get_data(as_text=True)
    assert "status-completed" in page
    book = load_workbook(
        io.BytesIO(client.get(f"/training/team/units/{org.soder.id}/export.xlsx").get_data())
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert any(r[0] == org.staff.name and r[5] == "Klar" for r in rows)
    login.logout()

    login(org.coordinator)
    report = client.get("/reports/").get_data(as_text=True)
    assert "100" in report and "(1 av 1)" in report
