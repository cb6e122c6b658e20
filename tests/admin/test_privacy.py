"""Personal data: own data as JSON and CSV, anonymisation, the retention purge, the privacy page."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from learnapp.admin import privacy
from learnapp.audit.models import AuditEvent
from learnapp.auth.models import LoginFailure
from learnapp.courses.models import LessonProgress
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import NeedsInventory, NeedsResponse
from learnapp.org.models import Person
from learnapp.quizzes.models import Completion, QuizAttempt
from learnapp.training.models import CourseStatus
from tests import factories


def with_history(person: Person) -> None:
    course = factories.course(slug="grunder")
    lesson = course.lessons[0] if course.lessons else None
    db.session.flush()
    from learnapp.courses.models import Lesson

    lesson = db.session.scalar(select(Lesson).where(Lesson.course_id == course.id))
    assert lesson is not None
    db.session.add(LessonProgress(person_id=person.id, lesson_id=lesson.id))
    db.session.add(
        QuizAttempt(person_id=person.id, course_id=course.id, course_version=1, score=0.9,
                    passed=True, answers={"1": "a"})
    )  # fmt: skip
    db.session.add(
        Completion(person_id=person.id, course_id=course.id, course_version=1, code="CERT1")
    )
    db.session.add(
        CourseStatus(person_id=person.id, course_id=course.id, status="completed",
                     unit_id=person.unit_id)
    )  # fmt: skip
    inventory = NeedsInventory(title="Inventering 2026")
    db.session.add(inventory)
    db.session.flush()
    from learnapp.areas.models import CompetenceArea

    area = CompetenceArea(code="grunder", name_sv="Grunder", name_en="Basics")
    db.session.add(area)
    db.session.flush()
    db.session.add(
        NeedsResponse(inventory_id=inventory.id, person_id=person.id, area_id=area.id,
                      knowledge=2, need="great", comment="Jag heter Lärare Söder")
    )  # fmt: skip
    db.session.commit()


def test_a_person_downloads_their_own_data_as_json(client: Any, login: Any, org: Any) -> None:
    with_history(org.staff)
    login(org.staff)
    response = client.get("/privacy/my-data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["profile"]["email"] == "staff@example.org"
    assert data["profile"]["unit"] == "Söderskolan"
    assert data["completions"][0]["certificate_code"] == "CERT1"
    assert data["quiz_attempts"][0]["answers"] == {"1": "a"}
    assert len(data["lesson_progress"]) == 1
    assert data["inventory_answers"][0]["comment"] == "Jag heter Lärare Söder"


def test_the_csv_download_holds_the_same_data_and_neutralises_formulas(
    client: Any, login: Any, org: Any
) -> None:
    org.staff.name = "=HYPERLINK(1)"
    db.session.commit()
    login(org.staff)
    response = client.get("/privacy/my-data.csv")
    text = response.data.decode("utf-8-sig")
    assert "profile;1;email;staff@example.org" in text
    assert "profile;1;name;'=HYPERLINK(1)" in text


def test_downloads_need_a_sign_in(client: Any, org: Any) -> None:
    assert client.get("/privacy/my-data.json").status_code == 302


def test_anonymising_removes_identity_but_keeps_the_numbers(
    client: Any, login: Any, org: Any
) -> None:
    with_history(org.staff)
    db.session.add(LoginFailure(email="staff@example.org", client_address="1.2.3.4"))
    org.staff.employee_number = "4711"
    db.session.commit()
    login(org.admin)
    client.post(f"/admin/people/{org.staff.id}/active", data={"active": "0"})
    assert client.get(f"/admin/people/{org.staff.id}/anonymise").status_code == 200
    response = client.post(f"/admin/people/{org.staff.id}/anonymise", data={"confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, org.staff.id)
    assert person is not None
    assert person.name == privacy.PLACEHOLDER_NAME
    assert "staff" not in person.email and person.employee_number is None
    assert person.password_hash is None and person.key_function == ""
    assert person.anonymised_at is not None
    assert person.unit_id == org.soder.id and person.is_key_person
    response_row = db.session.scalar(select(NeedsResponse))
    assert response_row is not None and response_row.comment == "" and response_row.knowledge == 2
    assert db.session.scalar(select(CourseStatus.status)) == "completed"
    assert db.session.scalar(select(Completion.code)) == "CERT1"
    assert db.session.scalar(select(LoginFailure)) is None
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.anonymised"))
        is not None
    )


def test_anonymising_needs_the_confirmation(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    client.post(f"/admin/people/{org.staff.id}/active", data={"active": "0"})
    response = client.post(f"/admin/people/{org.staff.id}/anonymise", data={})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Person, org.staff.id).name == "Lärare Söder"  # type: ignore[union-attr]


def test_an_active_person_cannot_be_anonymised(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.post(f"/admin/people/{org.staff.id}/anonymise", data={"confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, org.staff.id).anonymised_at is None  # type: ignore[union-attr]


def test_purge_anonymises_only_people_deactivated_longer_than_the_retention(
    runner: Any, org: Any, app: Any
) -> None:
    app.config["PRIVACY_RETENTION_MONTHS"] = 12
    old, recent = org.staff, org.other_staff
    old.active = recent.active = False
    old.deactivated_at = utcnow() - timedelta(days=400)
    recent.deactivated_at = utcnow() - timedelta(days=100)
    db.session.commit()
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 1 person" in result.output
    db.session.expire_all()
    assert db.session.get(Person, old.id).anonymised_at is not None  # type: ignore[union-attr]
    assert db.session.get(Person, recent.id).anonymised_at is None  # type: ignore[union-attr]


def test_purge_dry_run_changes_nothing(runner: Any, org: Any) -> None:
    org.staff.active = False
    org.staff.deactivated_at = utcnow() - timedelta(days=3000)
    db.session.commit()
    result = runner.invoke(args=["privacy", "purge", "--dry-run"])
    assert "1 person deactivated" in result.output
    db.session.expire_all()
    assert db.session.get(Person, org.staff.id).anonymised_at is None  # type: ignore[union-attr]


def test_the_privacy_page_is_linked_from_the_footer(client: Any) -> None:
    home = client.get("/login").text
    assert 'href="/privacy/"' in home
    page = client.get("/privacy/")
    assert page.status_code == 200 and page.text.count("<h1") == 1
