"""5,000 people confirmed in the browser are imported under the README's deployment (issue 24, 6).

gunicorn as the README starts it (4 sync workers, gunicorn's default 30 s worker timeout) in
production settings, on a fresh database of its own. Before, the confirm request applied the file
person by person, outlasted the timeout, and the admin got a bare "Internal Server Error" with
nothing imported. Now the file runs as a job and its page says what happened.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.client import Client, parse_form
from bench.hr_import import people_rows, to_csv
from bench.server import free_port, stop
from learnapp import create_app
from learnapp.extensions import db
from learnapp.org.models import Role
from tests import factories
from tests.conftest import make_test_config
from tests.dbutil import temporary_database

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 5_000
ADMIN = "admin@kommun.example"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Client]:
    with temporary_database(tmp_path) as url:
        app = create_app(make_test_config(url))
        with app.app_context():
            db.create_all()
            factories.person(None, name="Admin", email=ADMIN, password=factories.PASSWORD,
                             roles={Role.ADMIN})  # fmt: skip
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        port = free_port()
        env = dict(os.environ)
        env.update(
            {
                "LEARNAPP_DATABASE_URL": url,
                "LEARNAPP_SQLALCHEMY_DATABASE_URI": url,
                "LEARNAPP_SECRET_KEY": uuid.uuid4().hex,
                "LEARNAPP_ENV": "production",
                "LEARNAPP_BASE_URL": f"http://127.0.0.1:{port}",
                "LEARNAPP_MFA_REQUIRED_ROLES": "",  # the client signs in with the password
            }
        )
        # The README's deployment line, on a free localhost port.
        command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "4",
                   "-b", f"127.0.0.1:{port}", "learnapp:create_app()"]  # fmt: skip
        log = tmp_path / "gunicorn.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            try:
                _wait_until_up(port, process, log)
                client = Client("127.0.0.1", port)
                client.login(ADMIN, factories.PASSWORD)
                yield client
            finally:
                stop(process)


def _wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
        finally:
            connection.close()
    raise AssertionError(f"gunicorn did not start:\n{log.read_text()}")


def upload(client: Client, data: bytes) -> str:
    """POST the file to the import form as a browser does (multipart); the report page's HTML."""
    boundary = uuid.uuid4().hex
    fields = [("csrf_token", client.csrf_token("/admin/import")), ("create_units", "y")]
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="hr.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection(client.host, client.port, timeout=120)
    try:
        connection.request(
            "POST",
            "/admin/import",
            body=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
            },
        )
        response = connection.getresponse()
        body = response.read().decode()
        assert response.status == 200, body[-2000:]
        return body
    finally:
        connection.close()


def test_five_thousand_people_confirmed_in_the_browser_are_imported(server: Client) -> None:
    report = upload(server, to_csv(people_rows(PEOPLE)))
    confirm = parse_form(report, "/admin/import/confirm")
    started = time.monotonic()
    response = server.post("/admin/import/confirm", confirm.hidden)
    assert response.status == 303, response.body[-2000:]
    assert response.location is not None and "/admin/import/jobs/" in response.location
    assert time.monotonic() - started < 30  # the request returned before gunicorn's timeout
    deadline = time.monotonic() + 300
    while True:
        page = server.get(response.location)
        assert page.status == 200, page.body[-2000:]
        text = page.body.decode()
        if "Importen är klar" in text or "Ingenting importerades" in text:
            break
        assert "Importen pågår" in text or "Importen väntar" in text
        assert time.monotonic() < deadline, "the import did not finish in five minutes"
        time.sleep(1)
    assert "Importen är klar" in text, text[-2000:]
    created = re.search(r"Importen är klar: ([\d\s\u00a0\u202f]+) nya", text)
    assert created is not None and re.sub(r"\D", "", created.group(1)) == str(PEOPLE)
