"""HR import in the browser: upload, dry-run report, confirm; the file waits in the database."""

from __future__ import annotations

import io
import re
from typing import Any

from sqlalchemy import func, select

from learnapp.admin import hr_import
from learnapp.admin.models import PendingImport
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from tests.admin import hrdata
from tests.admin.conftest import HEADER, csv_bytes


def upload(client: Any, data: bytes, **fields: str) -> Any:
    form = {"file": (io.BytesIO(data), "personal.csv"), **fields}
    return client.post("/admin/import", data=form, content_type="multipart/form-data")


def token_of(response: Any) -> str:
    match = re.search(r'name="token" type="hidden" value="([^"]+)"', response.text)
    assert match, response.text
    return match.group(1)


def people() -> int:
    return db.session.scalar(select(func.count()).select_from(Person)) or 0


def test_upload_shows_a_dry_run_and_confirm_applies_it(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    before = people()
    response = upload(client, hrdata.FIXTURE.read_bytes(), create_units="y")
    assert response.status_code == 200
    assert "270" in response.text and "Windows-1252" in response.text
    assert people() == before  # nothing written by the dry run
    response = client.post("/admin/import/confirm", data={"token": token_of(response)})
    assert response.status_code == 303  # to the import's page: a file this size ran at once
    assert people() == before + 270
    job = db.session.scalar(select(PendingImport))
    assert job is not None and job.state == "done" and job.content == b""  # no personal data kept
    page = client.get(response.headers["Location"])
    assert "Importen är klar: 270 nya" in page.text  # the admin reads Swedish


def test_a_file_with_errors_shows_them_and_offers_no_confirm(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    data = csv_bytes([HEADER, ["1", "Per", "per@", "UTB", "Söderskolan", ""]])
    response = upload(client, data)
    assert response.status_code == 422
    assert "per@" in response.text
    assert 'name="token"' not in response.text
    assert db.session.scalar(select(func.count()).select_from(PendingImport)) == 0


def test_a_token_is_only_valid_for_the_admin_who_uploaded(
    client: Any, login: Any, org: Any, app: Any
) -> None:
    login(org.admin)
    data = csv_bytes([HEADER, ["1", "Ny", "ny@example.org", "UTB", "Söderskolan", ""]])
    token = token_of(upload(client, data))
    other_admin = Person(name="Admin 2", email="admin2@example.org")
    other_admin.set_password("another-long-password")
    other_admin.set_roles({Role.ADMIN})
    db.session.add(other_admin)
    db.session.commit()
    other = app.test_client()
    other.post("/login", data={"email": "admin2@example.org", "password": "another-long-password"})
    response = other.post("/admin/import/confirm", data={"token": token})
    assert response.status_code == 302
    assert db.session.scalar(select(Person).where(Person.email == "ny@example.org")) is None


def test_an_upload_declared_over_50_mb_is_refused_unread(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.post(
        "/admin/import",
        data=b"x",
        environ_overrides={"CONTENT_LENGTH": str(hr_import.MAX_BYTES + 1_000_000)},
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 413
    assert "50 MB" in response.text


def test_an_empty_upload_is_reported(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = upload(client, b"")
    assert response.status_code == 422
    assert 'name="token"' not in response.text
