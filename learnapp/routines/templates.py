"""Starter templates: Markdown files with front matter in the project's `routines/` folder.

Each file (`<key>.md`) has `title`, `summary` and optionally `department` (a department code)
and `units` (names of units in it, to narrow the routine to them) in its front matter, and the routine's body after it. Loading makes each a draft once (the key is
remembered on the routine, so loading again changes nothing); from then on the browser is where
routines live, and `export` writes the current versions back out in the same format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import select

from learnapp.courses.frontmatter import FrontMatterError, split
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit
from learnapp.routines import services
from learnapp.routines.models import Routine, RoutineVersion
from learnapp.routines.services import Draft

KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class TemplateError(ValueError):
    """A template file cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    summary: str
    department_code: str | None
    unit_names: tuple[str, ...]
    body: str


def folder() -> Path:
    configured = current_app.config.get("ROUTINES_DIR")
    return Path(configured) if configured else Path(current_app.root_path).parent / "routines"


def read(path: Path) -> Template:
    key = path.stem
    if not KEY.match(key):
        raise TemplateError(f"{path.name}: the file name must be lower-case words and hyphens")
    try:
        matter = split(path.read_text(encoding="utf-8"))
    except (FrontMatterError, UnicodeDecodeError) as error:
        raise TemplateError(f"{path.name}: {error}") from error
    title = str(matter.values.get("title") or "").strip()
    if not title:
        raise TemplateError(f"{path.name}: line {matter.line_of('title')}: no title")
    department = matter.values.get("department")
    units = matter.values.get("units") or []
    if not isinstance(units, list):
        raise TemplateError(f"{path.name}: line {matter.line_of('units')}: units must be a list")
    return Template(
        key=key,
        title=title,
        summary=str(matter.values.get("summary") or "").strip() + "\n",
        department_code=str(department) if department else None,
        unit_names=tuple(str(u) for u in units),
        body=matter.body.strip() + "\n",
    )


def read_all(directory: Path) -> list[Template]:
    """Every template in the folder, all read before any is loaded (one bad file: none)."""
    if not directory.is_dir():
        raise TemplateError(f"no folder {directory.name}/")
    return [read(p) for p in sorted(directory.glob("*.md")) if p.name.lower() != "readme.md"]


@dataclass(frozen=True)
class Loaded:
    key: str
    routine: Routine | None  # None: it was loaded before
    department: Department | None
    department_missing: bool


def load(templates: list[Template], actor: Person | None = None) -> list[Loaded]:
    """Make each template a draft unless it was loaded before. Flushes; the caller commits."""
    result = []
    for template in templates:
        if db.session.scalar(select(Routine.id).where(Routine.template_key == template.key)):
            result.append(Loaded(template.key, None, None, False))
            continue
        department = (
            db.session.scalar(select(Department).where(Department.code == template.department_code))
            if template.department_code
            else None
        )
        units = (
            list(
                db.session.scalars(
                    select(Unit).where(
                        Unit.department_id == department.id, Unit.name.in_(template.unit_names)
                    )
                )
            )
            if department is not None and template.unit_names
            else []
        )
        routine = services.create_routine(
            Draft(template.title, template.summary, template.body),
            department,
            actor,
            units=units,
            template_key=template.key,
        )
        missing = template.department_code is not None and department is None
        result.append(Loaded(template.key, routine, department, missing))
    return result


def export_text(routine: Routine, version: RoutineVersion) -> str:
    """A published version as a template file (front matter and body)."""
    matter: dict[str, object] = {"title": version.title, "version": version.number}
    if routine.department is not None:
        matter["department"] = routine.department.code
    if routine.unit_rows:
        matter["units"] = sorted(r.unit.name for r in routine.unit_rows)
    matter["summary"] = version.summary.strip()
    head = yaml.safe_dump(matter, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{head}---\n{version.body.strip()}\n"


def export(directory: Path) -> list[Path]:
    """Write the current version of every published routine to `directory`; return the files."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for routine in db.session.scalars(select(Routine).where(Routine.published_version > 0)):
        version = services.current_version(routine)
        if version is None:
            continue
        path = directory / f"{routine.template_key or f'rutin-{routine.id}'}.md"
        path.write_text(export_text(routine, version), encoding="utf-8")
        written.append(path)
    return written
