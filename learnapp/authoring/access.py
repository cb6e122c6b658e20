"""Who reaches the editor's pages: course editors only (others 403), and a course that exists."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from learnapp.authoring import services
from learnapp.courses.models import Course
from learnapp.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


def editor_required(view: F) -> F:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not services.is_editor(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def get_course_or_404(slug: str) -> Course:
    return db.session.scalar(select(Course).where(Course.slug == slug)) or abort(404)
