"""A confirmed HR import runs as a job: a large file beside the request, with a page that tells.

The file of a few rows runs inside the confirm request; above IMPORT_INLINE_ROWS it runs in a
thread of the worker, and the page reloads itself until the job is done. Every outcome is on the
job's page in the uploader's language; a job whose runner died is run again; two confirms of one
file apply it once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from learnapp.admin.models import PendingImport
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from tests.admin import hrdata
from tests.admin.test_import_browser import token_of, upload
from tests.conftest import Org

# the jobs run in threads of their own, on connections of their own
pytestmark = pytest.mark.commits

ROWS = len(hrdata.people())


def people() -> int:
    db.session.rollback()  # a new snapshot: what the requests and the job's thread committed
    return db.session.scalar(select(func.count()).select_from(Person)) or 0


def job() -> PendingImport:
    db.session.rollback()
    found = db.session.scalar(select(PendingImport))
    assert found is not None
    return found


def set_job(token: str, **values: Any) -> None:
    """Put the job in a state, as a worker would have left it (committed)."""
    db.session.rollback()  # a new snapshot: SQLite would refuse to write from a stale one
    db.session.execute(update(PendingImport).where(PendingImport.token == token).values(**values))
    db.session.commit()


def until(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the import job did not finish"
        time.sleep(0.2)


@pytest.fixture
def small_inline(app: Flask) -> None:
    app.config["IMPORT_INLINE_ROWS"] = 10  # the realistic file (270 rows) is "large" here


def confirmed(client: FlaskClient, **fields: str) -> Any:
    checked = upload(client, hrdata.FIXTURE.read_bytes(), create_units="y", **fields)
    assert checked.status_code == 200, checked.text
    return client.post("/admin/import/confirm", data={"token": token_of(checked)})


def test_a_large_file_runs_beside_the_request_and_its_page_says_what_happened(
    client: FlaskClient, login: Any, org: Org, small_inline: None
) -> None:
    login(org.admin)
    before = people()
    response = confirmed(client)
    assert response.status_code == 303
    running = client.get(response.headers["Location"])
    assert running.status_code == 200
    until(lambda: job().state == "done")
    assert people() == before + ROWS
    page = client.get(response.headers["Location"])
    assert f"Importen är klar: {ROWS} nya, 0 ändrade" in page.text
    assert job().content == b""


def test_a_running_job_shows_how_far_it_has_come_without_reloading_itself(
    client: FlaskClient, login: Any, org: Org, app: Flask
) -> None:
    login(org.admin)
    checked = upload(client, hrdata.FIXTURE.read_bytes(), create_units="y")
    set_job(
        token_of(checked), state="running", attempt=1, confirmed_at=utcnow(), started_at=utcnow()
    )
    app.config["IMPORT_PAGE_WAIT_SECONDS"] = 0.6
    started = time.monotonic()
    page = client.get(f"/admin/import/jobs/{job().id}")
    assert time.monotonic() - started >= 0.5  # it waited for the end before it answered
    assert page.status_code == 200
    assert "Importen pågår" in page.text and f"Filen har {ROWS} rader" in page.text
    assert "Visa hur långt importen har kommit" in page.text
    assert 'http-equiv="refresh"' not in page.text  # WCAG 2.2.1: no timed reload


def test_a_second_confirm_of_the_same_file_shows_the_same_job(
    client: FlaskClient, login: Any, org: Org
) -> None:
    login(org.admin)
    checked = upload(client, hrdata.FIXTURE.read_bytes(), create_units="y")
    token = token_of(checked)
    first = client.post("/admin/import/confirm", data={"token": token})
    second = client.post("/admin/import/confirm", data={"token": token})
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert people() == 6 + ROWS  # the org's six and the file, once
    assert "Importen är klar" in client.get(second.headers["Location"]).text


def test_the_command_runs_a_job_whose_thread_never_ran(
    client: FlaskClient, login: Any, org: Org, runner: Any
) -> None:
    login(org.admin)
    checked = upload(client, hrdata.FIXTURE.read_bytes(), create_units="y")
    token = token_of(checked)
    # Confirmed in a worker that was stopped before its thread started.
    set_job(token, state="queued", confirmed_at=utcnow())
    result = runner.invoke(args=["people", "run-imports"])
    assert result.exit_code == 0 and "Ran 1 import job." in result.output
    assert job().state == "done" and people() == 6 + ROWS
    again = runner.invoke(args=["people", "run-imports"])
    assert "Ran 0 import jobs." in again.output


def test_a_job_whose_runner_died_is_run_again_from_its_page(
    client: FlaskClient, login: Any, org: Org
) -> None:
    login(org.admin)
    checked = upload(client, hrdata.FIXTURE.read_bytes(), create_units="y")
    token = token_of(checked)
    set_job(
        token,
        state="running",
        attempt=1,
        confirmed_at=utcnow() - timedelta(minutes=20),
        started_at=utcnow() - timedelta(minutes=15),
    )
    page = client.get(f"/admin/import/jobs/{job().id}")
    assert page.status_code == 200
    until(lambda: job().state == "done")
    assert job().attempt == 2 and people() == 6 + ROWS


def test_a_file_that_no_longer_fits_fails_with_its_errors_and_writes_nothing(
    client: FlaskClient, login: Any, org: Org, small_inline: None
) -> None:
    login(org.admin)
    checked = upload(client, hrdata.FIXTURE.read_bytes(), create_units="y")
    first = hrdata.people()[0]
    # Between the check and the confirm, someone else got the first row's e-mail address.
    taken = Person(name="Annan", email=first["E-post"].lower(), employee_number="X-1")
    db.session.rollback()
    db.session.add(taken)
    db.session.commit()
    before = people()
    response = client.post("/admin/import/confirm", data={"token": token_of(checked)})
    until(lambda: job().state == "failed")
    assert people() == before
    page = client.get(response.headers["Location"])
    assert "Ingenting importerades" in page.text and first["E-post"].lower() in page.text
    assert job().result["count"] >= 1  # type: ignore[index]


def test_only_the_uploader_sees_the_job(
    client: FlaskClient, login: Any, org: Org, app: Flask
) -> None:
    login(org.admin)
    response = confirmed(client)
    db.session.rollback()
    other = Person(name="Admin 2", email="admin2@example.org")
    other.set_password("another-long-password")
    other.set_roles({Role.ADMIN})
    db.session.add(other)
    db.session.commit()
    second = app.test_client()
    second.post("/login", data={"email": "admin2@example.org", "password": "another-long-password"})
    assert second.get(response.headers["Location"]).status_code == 404
    assert client.get("/admin/import/jobs/999999").status_code == 404
