"""`flask courses sync [--check] [--path DIR]`: check the course folders and load them."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app

from learnapp.courses.blueprint import bp
from learnapp.courses.lint import lint_courses
from learnapp.courses.loader import ContentError
from learnapp.courses.services import check_courses, courses_dir, sync_courses, url_prefix
from learnapp.extensions import db
from learnapp.formats import counted

bp.cli.help = "Course content: check the course folders and load them."


def _echo_all(root: Path, problems: list[ContentError], prefix: str = "") -> None:
    shown = _shown(root)
    for problem in problems:
        where = f"{shown}/{problem}" if not problem.file.startswith(str(root)) else str(problem)
        click.echo(f"{prefix}{where}", err=True)


def _shown(path: Path) -> str:
    """The folder as the author would type it: relative to the working directory if inside."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@bp.cli.command("sync")
@click.option("--check", is_flag=True, help="Only check the folders; write nothing.")
@click.option(
    "--path",
    "path",
    type=click.Path(file_okay=False, path_type=Path),
    help="The courses folder (default: the COURSES_DIR setting, else courses/).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Also load the folders of courses edited in the browser, each as a new version.",
)
def sync(check: bool, path: Path | None, force: bool) -> None:
    """Check every course folder and, unless --check, load them all (or nothing on any error).

    A course edited in the browser is left as it is unless --force is given."""
    root = path or courses_dir(current_app)
    prefix = url_prefix(current_app)
    if check:
        result = check_courses(root, prefix)
        errors, count = result.errors, len(result.courses)
    else:
        report = sync_courses(root, prefix, force=force)
        errors = report.errors
        count = len(report.created) + len(report.changed) + len(report.unchanged)
        count += len(report.edited)
    if errors:
        db.session.rollback()
        _echo_all(root, errors)
        click.echo(f"{counted(len(errors), 'error')}; nothing was loaded.", err=True)
        raise SystemExit(1)
    findings = lint_courses(root, result.courses if check else report.sources)
    _echo_all(root, findings, prefix="warning: ")
    if check:
        if findings:
            click.echo(
                f"Checked {counted(count, 'course')} in {_shown(root)}: no errors, "
                f"{counted(len(findings), 'content warning')} (see courses/README.md, "
                "'Innehållskontroll').",
                err=True,
            )
            raise SystemExit(1)
        click.echo(f"Checked {counted(count, 'course')} in {_shown(root)}: no errors, no warnings.")
        return
    db.session.commit()
    click.echo(
        f"Synced {counted(count, 'course')} from {_shown(root)}: {len(report.created)} new, "
        f"{len(report.changed)} changed, {len(report.unchanged)} unchanged."
    )
    for slug, version in report.edited:
        click.echo(
            f"{slug}: edited in the browser since version {version}; left as it is "
            "(--force loads the folder as a new version)."
        )
    if report.quizzes:
        click.echo("Quiz stored for: " + ", ".join(report.quizzes))
    if report.unpublished:
        click.echo("Unpublished (folder gone, history kept): " + ", ".join(report.unpublished))
