"""`flask people import FILE`, `flask people run-imports` and `flask privacy purge`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from learnapp.admin import hr_import, import_jobs, privacy
from learnapp.admin.people_import import ImportReport, discard_stale_uploads, run_import
from learnapp.extensions import db
from learnapp.formats import counted

people_cli = AppGroup("people", help="People and organisation.")
privacy_cli = AppGroup("privacy", help="Personal data.")


def echo_report(report: ImportReport) -> None:
    counts = report.counts()
    verb = "Imported" if report.applied else "Dry run (nothing written)"
    click.echo(
        f"{verb}: {counted(counts['rows'], 'row')}; {counts['created']} created, "
        f"{counts['changed']} changed, {counts['unchanged']} unchanged, "
        f"{counts['deactivated']} deactivated; {counted(counts['departments'], 'new department')}, "
        f"{counted(counts['units'], 'new unit')}, {counted(counts['managers'], 'new manager link')}."
    )
    for change in report.changed:
        click.echo(f"  changed row {change.row}: {change.email}: {', '.join(change.fields)}")
    for email in report.deactivated:
        click.echo(f"  deactivated: {email}")
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
    for error in report.errors:
        click.echo(str(error), err=True)
    if report.errors:
        click.echo(f"{counted(len(report.errors), 'error')}; nothing was written.", err=True)


@people_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", is_flag=True, help="Write the changes (default: a dry run).")
@click.option("--create-units", is_flag=True, help="Create unknown departments and units.")
@click.option(
    "--deactivate-missing",
    is_flag=True,
    help="Deactivate active people with an employee number who are not in the file.",
)
def import_people(file: Path, apply: bool, create_units: bool, deactivate_missing: bool) -> None:
    """Import people from an HR file (CSV). Exit status 0 when valid, 1 when it has errors."""
    if file.stat().st_size > hr_import.MAX_BYTES:
        click.echo(f"{file.name}: larger than 50 MB; nothing was read.", err=True)
        raise SystemExit(1)
    with file.open("rb") as stream:
        data = hr_import.read_limited(stream)
    parsed = hr_import.parse(data)
    try:
        report = run_import(
            parsed,
            actor=None,
            apply=apply,
            create_units=create_units,
            deactivate_missing=deactivate_missing,
            filename=file.name,
        )
    except Exception:
        db.session.rollback()
        raise
    if report.applied:
        db.session.commit()
    else:
        db.session.rollback()
    echo_report(report)
    raise SystemExit(1 if report.errors else 0)


@people_cli.command("run-imports")
def run_imports() -> None:
    """Run the HR imports confirmed in the browser that wait for a runner (none normally: the
    worker that took the confirm runs them; this is for one restarted meanwhile, or for cron)."""
    done = import_jobs.run_waiting()
    click.echo(f"Ran {counted(len(done), 'import job')}.")


@privacy_cli.command("purge")
@click.option("--months", type=int, help="Override PRIVACY_RETENTION_MONTHS.")
@click.option("--dry-run", is_flag=True, help="Only list who would be anonymised.")
def purge(months: int | None, dry_run: bool) -> None:
    """Anonymise people deactivated more than the retention period ago."""
    months = months if months is not None else current_app.config["PRIVACY_RETENTION_MONTHS"]
    people = privacy.due_for_purge(months)
    ago = counted(months, "month") + " ago"
    if dry_run:
        click.echo(f"{counted(len(people), 'person', 'people')} deactivated more than {ago}.")
        return
    for person in people:
        privacy.anonymise(person, actor=None, reason="retention")
    discard_stale_uploads()
    db.session.commit()
    click.echo(
        f"Anonymised {counted(len(people), 'person', 'people')} deactivated more than {ago}."
    )
