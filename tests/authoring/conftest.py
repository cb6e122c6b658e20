"""A synced test course (from tests/courses' folder) and a signed-in coordinator."""

from __future__ import annotations

from typing import Any

import pytest

from tests.courses.conftest import files, make_course, root, sync, write_course  # noqa: F401


def valid_png() -> bytes:
    """A real PNG (the courses tests' 1x1 picture has a broken checksum Pillow refuses)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(buffer, "PNG")
    return buffer.getvalue()


PNG = valid_png()


@pytest.fixture
def synced(app: Any, root: Any, make_course: Any, sync: Any, org: Any) -> Any:  # noqa: F811
    """The test course loaded from its folder, as `flask courses sync` does."""
    from sqlalchemy import select

    from learnapp.courses.models import Course
    from learnapp.extensions import db

    app.config["COURSES_DIR"] = str(root)
    make_course("testkurs", {"bild.png": PNG})
    sync()
    return db.session.scalar(select(Course).where(Course.slug == "testkurs"))


@pytest.fixture
def editor(client: Any, login: Any, org: Any) -> Any:
    login(org.coordinator)
    return client
