"""One date style: every page, mail and document writes its dates through learnapp.formats (the
`day`, `day_time` and `month` filters), never through Flask-Babel's date filters, `strftime` or
`isoformat`, which give other styles (US formats in English, ISO dates in the middle of Swedish).

File names and machine formats (CSV, JSON, iCalendar) keep ISO dates: only the templates and the
modules that write mails and documents for people are read here."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flask_babel import force_locale

from learnapp import formats

PACKAGE = Path(__file__).resolve().parents[2] / "learnapp"
TEMPLATE_CALLS = re.compile(r"\b(dateformat|datetimeformat|timeformat|strftime|isoformat)\b")
PYTHON_CALLS = re.compile(
    r"\.(strftime|isoformat)\(|\bformat_(date|datetime|time|skeleton)\b|\b(date|datetime)format\b"
)
# Modules that write text people read: mails and documents (PDF, DOCX, the status report's text).
DISPLAY_MODULES = [
    "auth/notices.py",
    "auth/views.py",
    "notifications/assignments.py",
    "notifications/compose.py",
    "notifications/digest.py",
    "notifications/inventories.py",
    "notifications/invitations.py",
    "notifications/letters.py",
    "notifications/receipts.py",
    "notifications/render.py",
    "notifications/summaries.py",
    "quizzes/certificate_pdf.py",
    "reports/files/docx.py",
    "reports/files/pdf.py",
    "reports/present.py",
    "routines/mails.py",
    "training/reminders.py",
]


def offences(path: Path, pattern: re.Pattern[str]) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.search(line.replace("fromisoformat", "")):
            where = path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name
            found.append(f"{where}:{number}: {line.strip()}")
    return found


def test_no_template_formats_a_date_but_through_the_house_style() -> None:
    templates = sorted((PACKAGE / "templates").rglob("*.*"))
    assert len(templates) > 100
    found = [
        hit
        for t in templates
        if t.suffix in (".html", ".txt")
        for hit in offences(t, TEMPLATE_CALLS)
    ]
    assert not found, "use the day, day_time or month filter:\n" + "\n".join(found)


def test_no_mail_or_document_formats_a_date_but_through_the_house_style() -> None:
    missing = [m for m in DISPLAY_MODULES if not (PACKAGE / m).exists()]
    assert not missing, f"moved or renamed, update the list: {missing}"
    senders = {
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if re.search(r"send_mail\(|mail\.body|mail\.subject|\bletter\(", p.read_text("utf-8"))
    } - {"mail.py"}
    assert senders <= set(DISPLAY_MODULES), (
        f"a new module writes mail: {senders - set(DISPLAY_MODULES)}"
    )
    found = [hit for m in DISPLAY_MODULES for hit in offences(PACKAGE / m, PYTHON_CALLS)]
    assert not found, "use learnapp.formats (day, day_time, month):\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.html"
    sample.write_text('{{ a | dateformat("long") }}\n{{ b.isoformat() }}\n{{ c | day }}\n')
    assert len(offences(sample, TEMPLATE_CALLS)) == 2
    line = "x = date.fromisoformat(s); y = when.strftime('%d %B')"
    assert PYTHON_CALLS.search(line.replace("fromisoformat", ""))
    assert not PYTHON_CALLS.search("x = date.fromisoformat(s)".replace("fromisoformat", ""))


def test_the_certificate_writes_its_dates_in_the_house_style(app: Any) -> None:
    from types import SimpleNamespace

    from learnapp.quizzes.certificate_pdf import facts

    completion: Any = SimpleNamespace(
        course_version=2,
        completed_at=datetime(2026, 12, 3, 10, 0, tzinfo=UTC),
        expires_at=datetime(2027, 12, 3, 10, 0, tzinfo=UTC),
        score=0.875,
        code="ABCDEFGHJK",
    )
    with app.test_request_context():
        with force_locale("en"):
            english = dict(facts(completion))
            assert english["Completed on"] == formats.day(date(2026, 12, 3)) == "3 December 2026"
            assert english["Quiz score"] == "88%"
        with force_locale("sv"):
            swedish = dict(facts(completion))
    assert "3 december 2026" in swedish.values() and "88 %" in swedish.values()
