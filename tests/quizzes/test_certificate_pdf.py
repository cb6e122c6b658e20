"""Certificates as PDF: listed under "My training", opened with pypdf to find the person, the
course, the verification code and URL; the owner's and their managers' only; audited."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from learnapp.audit.models import AuditEvent
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.quizzes import services
from learnapp.quizzes.models import Completion


@pytest.fixture
def completion(org, course):
    c = Completion(
        person_id=org.staff.id,
        course_id=course.id,
        course_version=2,
        completed_at=utcnow() - timedelta(days=10),
        expires_at=utcnow() + timedelta(days=355),
        score=0.9,
        code=services.new_code(),
    )
    db.session.add(c)
    db.session.commit()
    return c


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_my_training_lists_the_certificates_with_a_pdf_link(client, login, org, completion):
    login(org.staff)
    page = client.get("/training/mine").get_data(as_text=True)
    assert "Dina intyg" in page
    assert f'href="/quiz/certificates/{completion.id}"' in page
    assert f'href="/quiz/certificates/{completion.id}.pdf"' in page
    assert services.display_code(completion.code) in page


def test_my_training_without_certificates_says_where_they_will_appear(client, login, org):
    login(org.staff)
    page = client.get("/training/mine").get_data(as_text=True)
    assert "När du klarar en kurs med ett prov visas intyget här." in page


def test_the_pdf_holds_the_name_course_code_and_verification_url(
    app, client, login, org, course, completion
):
    app.config["BASE_URL"] = "https://utbildning.example.org"
    login(org.staff)
    r = client.get(f"/quiz/certificates/{completion.id}.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.headers["Content-Disposition"].startswith(
        f'attachment; filename="intyg-{course.slug}-'
    )
    text = _text(r.data)
    assert "Intyg" in text and org.staff.name in text and course.title in text
    assert services.display_code(completion.code) in text
    assert f"https://utbildning.example.org/quiz/verify/{completion.code}" in text
    assert "Kommunen" in text
    reader = PdfReader(io.BytesIO(r.data))
    assert reader.metadata.title == f"Intyg: {course.title}"
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "quizzes.certificate_downloaded")
    ).all()
    assert event.actor_id == org.staff.id and event.target_id == completion.id


def test_the_pdf_is_in_english_for_an_english_reader(client, login, org, completion):
    org.staff.language = "en"
    db.session.commit()
    login(org.staff)
    text = _text(client.get(f"/quiz/certificates/{completion.id}.pdf").data)
    assert "Certificate" in text and "This certifies that" in text


def test_an_expired_certificate_says_so(client, login, org, completion):
    completion.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    login(org.staff)
    text = _text(client.get(f"/quiz/certificates/{completion.id}.pdf").data)
    assert "Intyget gäller inte längre." in text


def test_the_pdf_is_for_the_owner_and_their_managers_only(client, login, org, completion):
    login(org.manager)
    assert client.get(f"/quiz/certificates/{completion.id}.pdf").status_code == 200
    login.logout()
    org.other_staff.set_password("correct-horse-battery")
    db.session.commit()
    login(org.other_staff, "correct-horse-battery")
    assert client.get(f"/quiz/certificates/{completion.id}.pdf").status_code == 404
    assert client.get("/quiz/certificates/999999.pdf").status_code == 404
