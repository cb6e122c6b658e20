"""An HR import from the browser: a checked upload (`stage`), then, once confirmed, a job
(`apply_pending`): queued, claimed by one runner, applied all or nothing.

A file of up to `IMPORT_INLINE_ROWS` rows runs inside the confirm request; a larger one runs in a
thread of the worker that took the confirm, started after the commit, so no request waits for it
(and gunicorn's worker timeout never cuts it off). The job's row in the database is the only
state: any worker shows its progress (the page waits up to `IMPORT_PAGE_WAIT_SECONDS` for the
end), and `flask people run-imports` runs what is waiting (after a restart killed a thread, or
from cron on a host that prefers that).

A runner claims a job with one conditional UPDATE, so two runners never apply the same file. The
import and the job's "done" are committed together; a runner that dies leaves nothing written,
and its job is claimed again once it has been "running" for `STALLED`.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import and_, or_, select, update

from learnapp.admin import hr_import
from learnapp.admin.hr_import import ParsedFile
from learnapp.admin.models import JobState, PendingImport
from learnapp.admin.people_import import (
    PENDING_HOURS,
    ImportReport,
    discard_stale_uploads,
    run_import,
)
from learnapp.db import is_database_busy, utcnow
from learnapp.extensions import db
from learnapp.org.models import Person

STALLED = timedelta(minutes=10)  # a running job this old has lost its runner
UNCLAIMED = timedelta(seconds=30)  # a queued job this old has lost its thread
ERRORS_KEPT = 200
POLL_SECONDS = 0.5


@dataclass
class Staged:
    parsed: ParsedFile
    report: ImportReport  # what applying the file would do, or its errors
    token: str  # what confirms it; empty when the file has errors


def stage(
    data: bytes, filename: str, actor: Person, *, create_units: bool, deactivate_missing: bool
) -> Staged:
    """Check an uploaded HR file by a dry run (rolled back: nothing of it stays). A file without
    errors is kept, under a new token, for its uploader to confirm (`apply_pending`) within
    `PENDING_HOURS`. The caller commits."""
    parsed = hr_import.parse(data)
    report = run_import(
        parsed, actor=actor, create_units=create_units, deactivate_missing=deactivate_missing
    )
    db.session.rollback()  # a dry run: nothing of the plan may stay in the session
    if not report.ok:
        return Staged(parsed, report, "")
    token = secrets.token_urlsafe(32)
    discard_stale_uploads()
    db.session.add(
        PendingImport(
            token=token,
            created_by_id=actor.id,
            filename=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            create_units=create_units,
            deactivate_missing=deactivate_missing,
            content=data,
            rows=len(parsed.rows),
        )
    )
    db.session.flush()
    return Staged(parsed, report, token)


def apply_pending(token: str, person: Person) -> PendingImport | None:
    """Confirm the person's checked file and apply it: inside this request when it is small
    (`inline`), else in a thread started after the commit. Commits (the thread must see the
    queued job). None when the token is unknown, foreign or too old."""
    job = confirm(token, person)
    if job is None:
        return None
    db.session.commit()
    if job.state == JobState.QUEUED.value:
        if inline(job):
            run(job.id)
        else:
            start(job.id)
    return job


def confirm(token: str, person: Person) -> PendingImport | None:
    """Queue the uploader's checked file. None when the token is unknown, foreign or old.

    Of two confirms of one file (a double click, two tabs) only the first queues it; the
    second gets the same job back, already queued, running or done.
    """
    job = db.session.scalar(
        select(PendingImport).where(
            PendingImport.token == token,
            PendingImport.created_by_id == person.id,
            PendingImport.created_at >= utcnow() - timedelta(hours=PENDING_HOURS),
        )
    )
    if job is None:
        return None
    db.session.execute(
        update(PendingImport)
        .where(PendingImport.id == job.id, PendingImport.state == JobState.CHECKED.value)
        .values(state=JobState.QUEUED.value, confirmed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(job)
    return job


def inline(job: PendingImport) -> bool:
    """Whether the job is small enough to run inside the request that confirmed it."""
    return job.rows <= int(current_app.config["IMPORT_INLINE_ROWS"])


def waiting(job: PendingImport) -> bool:
    """Queued or running, but with no runner that is still alive by the clock."""
    now = utcnow()
    if job.state == JobState.QUEUED.value:
        return job.confirmed_at is None or job.confirmed_at < now - UNCLAIMED
    if job.state == JobState.RUNNING.value:
        return job.started_at is None or job.started_at < now - STALLED
    return False


def _claim(job_id: int) -> int | None:
    """Take the job for this runner (committed at once); the claim's number, or None."""
    now = utcnow()
    claimed = db.session.execute(
        update(PendingImport)
        .where(
            PendingImport.id == job_id,
            or_(
                PendingImport.state == JobState.QUEUED.value,
                and_(
                    PendingImport.state == JobState.RUNNING.value,
                    PendingImport.started_at < now - STALLED,
                ),
            ),
        )
        .values(state=JobState.RUNNING.value, started_at=now, attempt=PendingImport.attempt + 1)
        .returning(PendingImport.attempt)
        .execution_options(synchronize_session=False)
    ).scalar()
    db.session.commit()
    return claimed


def _finish(job_id: int, attempt: int, state: JobState, result: dict[str, Any]) -> None:
    values: dict[str, Any] = {"state": state.value, "finished_at": utcnow(), "result": result}
    if state == JobState.DONE:
        values["content"] = b""  # the personal data is applied; the bytes are not kept
    db.session.execute(
        update(PendingImport)
        .where(PendingImport.id == job_id, PendingImport.attempt == attempt)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def run(job_id: int) -> bool:
    """Claim and apply one job; commit. False when another runner has it or it is finished."""
    attempt = _claim(job_id)
    if attempt is None:
        return False
    job = db.session.get_one(PendingImport, job_id)
    actor = db.session.get(Person, job.created_by_id)
    language = actor.language if actor is not None else "sv"
    try:
        with force_locale(language):  # the uploader reads the errors, not the thread's default
            report = run_import(
                hr_import.parse(job.content),
                actor=actor,
                apply=True,
                create_units=job.create_units,
                deactivate_missing=job.deactivate_missing,
                filename=job.filename,
            )
            errors = [str(e) for e in report.errors[:ERRORS_KEPT]]
        if report.applied:
            _finish(job_id, attempt, JobState.DONE, dict(report.counts()))
            db.session.commit()  # the people and the job's "done" together
            return True
        # The database changed since the dry run: nothing is written, the errors are shown.
        outcome: dict[str, Any] = {"errors": errors, "count": len(report.errors)}
    except Exception as error:
        current_app.logger.exception("HR import job %s failed", job_id)
        outcome = {"busy": is_database_busy(error)}
    db.session.rollback()
    _finish(job_id, attempt, JobState.FAILED, outcome)
    db.session.commit()
    return True


def retry(job: PendingImport) -> bool:
    """Queue a failed job again (its file is still there). False if it is not a failed one."""
    result = db.session.execute(
        update(PendingImport)
        .where(PendingImport.id == job.id, PendingImport.state == JobState.FAILED.value)
        .values(state=JobState.QUEUED.value, confirmed_at=utcnow(), result=None)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(job)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def wait(job: PendingImport, seconds: float) -> None:
    """Wait up to `seconds` for a queued or running job to finish (it is reloaded meanwhile)."""
    deadline = time.monotonic() + seconds
    while job.state in (JobState.QUEUED, JobState.RUNNING) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        db.session.rollback()  # a new snapshot: SQLite's read transaction would not see the commit
        db.session.refresh(job)


def start(job_id: int, app: Flask | None = None) -> threading.Thread:
    """Run the job in a thread of this process; call after the commit that queued it."""
    flask_app: Flask = app or current_app._get_current_object()  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=_run_in_app, args=(flask_app, job_id), name=f"hr-import-{job_id}", daemon=True
    )
    thread.start()
    return thread


def _run_in_app(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            run(job_id)
        except Exception:  # the claim itself failed (a busy database): the job stays queued
            db.session.rollback()
            app.logger.exception("HR import job %s could not start", job_id)
        finally:
            db.session.remove()


def run_waiting() -> list[int]:
    """Run every queued or stalled job, one after the other (the CLI). Their ids."""
    jobs = db.session.scalars(
        select(PendingImport)
        .where(PendingImport.state.in_([JobState.QUEUED.value, JobState.RUNNING.value]))
        .order_by(PendingImport.id)
    )
    ids = [job.id for job in jobs if job.state == JobState.QUEUED.value or waiting(job)]
    db.session.rollback()
    return [job_id for job_id in ids if run(job_id)]
