"""`flask routines load-templates | export | demo`: the starter templates in, the current
versions out, and a published routine for the demo."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from learnapp.extensions import db
from learnapp.formats import counted
from learnapp.org.models import Person
from learnapp.routines import services, templates
from learnapp.routines.blueprint import bp
from learnapp.routines.models import Routine

bp.cli.help = "Routines per department: starter templates, export, demo."

DEMO_PUBLISHED = "skola-och-forskola"
DEMO_COORDINATOR = "samordnare@example.org"


def _load(directory: Path, actor: Person | None) -> list[templates.Loaded]:
    try:
        found = templates.read_all(directory)
    except templates.TemplateError as error:
        raise click.ClickException(str(error)) from error
    loaded = templates.load(found, actor)
    for item in loaded:
        if item.routine is None:
            click.echo(f"  {item.key}: loaded before, left as it is")
        elif item.department_missing:
            click.echo(
                f"  {item.key}: draft for the whole organisation (no department with its code): "
                "choose who it applies to before publishing"
            )
        else:
            where = item.department.name if item.department else "the whole organisation"
            click.echo(f"  {item.key}: draft for {where}")
    return loaded


@bp.cli.command("load-templates")
@click.option(
    "--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="The templates' folder (default: routines/ in the project).",
)  # fmt: skip
def load_templates(directory: Path | None) -> None:
    """Load the starter templates as drafts (each once; safe to run again)."""
    directory = directory or templates.folder()
    click.echo(f"Templates from {directory.name}/:")
    loaded = _load(directory, None)
    db.session.commit()
    drafts = counted(sum(1 for i in loaded if i.routine), "new draft")
    click.echo(f"{drafts}. Adapt them in the browser.")


@bp.cli.command("export")
@click.option(
    "--to", "directory", type=click.Path(file_okay=False, path_type=Path), required=True,
    help="The folder to write the current versions to (one Markdown file per routine).",
)  # fmt: skip
def export(directory: Path) -> None:
    """Write the current version of every published routine out as Markdown files."""
    from learnapp.audit.services import record

    written = templates.export(directory)
    record("routines.exported_files", files=len(written), source="cli")
    db.session.commit()
    click.echo(f"Wrote {counted(len(written), 'routine')} to {directory}.")


def demo_part() -> str:
    """The routines part of `flask demo load`: the templates loaded, the school routine published."""
    coordinator = db.session.scalar(select(Person).where(Person.email == DEMO_COORDINATOR))
    _load(templates.folder(), coordinator)
    routine = db.session.scalar(select(Routine).where(Routine.template_key == DEMO_PUBLISHED))
    if routine is not None and not routine.is_published:
        services.publish(
            routine,
            routine.draft_revision,
            coordinator,
            major=True,
            change_note="Första versionen (demo)",
        )
        return f"Published {routine.draft_title}."
    return "Routines: the demo routine was published before."


@bp.cli.command("demo")
def demo() -> None:
    """Load the templates and publish the school routine as the demo coordinator (the routines
    part of `flask demo load`; idempotent)."""
    message = demo_part()
    db.session.commit()
    click.echo(message)
