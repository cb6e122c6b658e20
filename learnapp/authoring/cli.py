"""`flask courses import FILE.zip [--slug NAME]`: a course package as a new course."""

from __future__ import annotations

from pathlib import Path

import click

from learnapp.authoring import packages
from learnapp.authoring.services import AuthoringError
from learnapp.extensions import db


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--slug", help="The new course's short name (default: the folder in the zip).")
def import_command(file: Path, slug: str | None) -> None:
    """Import a course package (a zip of one course folder) as a new, published course.

    The package is checked like `flask courses sync --check`; with any error nothing is written."""
    if file.stat().st_size > packages.MAX_PACKAGE:
        raise click.ClickException(f"{file}: the package is larger than 60 MB.")
    package = packages.read(file.read_bytes())
    if not package.ok:
        for problem in package.problems:
            click.echo(f"{file}: {packages.PROBLEMS.get(problem, problem)}", err=True)
        click.echo("Nothing was imported.", err=True)
        raise SystemExit(1)
    name = slug or package.slug
    try:
        course = packages.import_package(package, name, None)
    except AuthoringError as error:
        db.session.rollback()
        for error_line in error.errors:
            click.echo(str(error_line), err=True)
        if not error.errors:
            click.echo(f"{name}: {packages.PROBLEMS.get(error.code, error.code)}", err=True)
        click.echo("Nothing was imported.", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"Imported {course.slug} as a new course, published as version 1.")
