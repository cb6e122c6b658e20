"""Panels for other pages: the quiz on a course page, completions on a person's page."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import current_user

from learnapp.courses.models import Course
from learnapp.links import external_url
from learnapp.org.models import Person
from learnapp.quizzes import services


def course_panel(course: Course, person: Person | None = None, **_: Any) -> str | None:
    """Lessons left, start the quiz, passed and valid until, certificate, or expired."""
    person = person or (current_user if current_user.is_authenticated else None)
    if person is None:
        return None
    status = services.quiz_status(person, course)
    return render_template("quizzes/_course_panel.html", course=course, status=status)


def person_panel(person: Person, viewer: Person | None = None, **_: Any) -> str | None:
    """The person's completions, newest first, with links to the certificates."""
    completions = services.person_completions(person)
    return render_template(
        "quizzes/_person_panel.html",
        person=person,
        completions=completions,
        is_valid=services.is_valid,
    )


def home_panel(person: Person, **_: Any) -> str | None:
    """Your own completions and certificates on the start page, once there are any."""
    completions = services.person_completions(person)
    if not completions:
        return None
    return render_template(
        "quizzes/_person_panel.html",
        person=person,
        completions=completions,
        is_valid=services.is_valid,
        own=True,
    )


def mine_panel(person: Person, **_: Any) -> str | None:
    """ "My training": the person's certificates, each as a page and as a PDF."""
    return render_template(
        "quizzes/_mine_certificates.html",
        completions=services.person_completions(person),
        is_valid=services.is_valid,
        code=services.display_code,
        verify_url=external_url("quizzes.verify"),
    )
