"""A course draft as the text files of a course folder: read and change them. No database.

The draft keeps the files exactly as an author would write them in `courses/<slug>/`, so that
publishing, exporting and importing all go through the one loader (`courses.loader`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from learnapp.courses import frontmatter
from learnapp.courses.loader import QUIZ_FILE
from learnapp.courses.render import COURSE_FILE, LESSON_FILE

Files = dict[str, str]

#: The settings an editor changes in the form, in the order course.md lists them.
SETTINGS = (
    "title", "version", "summary", "language", "minutes", "areas", "pass_mark",
    "validity_months", "audience", "max_attempts", "attempt_wait_minutes", "published",
    "reviewed", "draw", "draw_per_category",
)  # fmt: skip


@dataclass(frozen=True)
class LessonFile:
    name: str
    position: int
    slug: str
    title: str
    body: str


def _dump(values: dict[str, Any]) -> str:
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=1000)


def lesson_text(title: str, body: str) -> str:
    return f"---\n{_dump({'title': title})}---\n\n{body.strip()}\n"


def split(text: str) -> tuple[dict[str, Any], str]:
    """Front matter values and body of a file; a file that cannot be read gives ({}, text)."""
    try:
        fm = frontmatter.split(text)
    except frontmatter.FrontMatterError:
        return {}, text
    return fm.values, fm.body.strip("\n")


def settings(files: Files) -> tuple[dict[str, Any], str]:
    """course.md's fields and its introduction."""
    return split(files.get(COURSE_FILE, ""))


def with_settings(files: Files, values: dict[str, Any], intro: str) -> Files:
    ordered = {key: values[key] for key in SETTINGS if values.get(key) is not None}
    ordered.update({k: v for k, v in values.items() if k not in SETTINGS and v is not None})
    changed = dict(files)
    changed[COURSE_FILE] = f"---\n{_dump(ordered)}---\n\n{intro.strip()}\n"
    return changed


def with_version(files: Files, version: int) -> Files:
    values, intro = settings(files)
    if not values:
        return files
    values["version"] = version
    return with_settings(files, values, intro)


def lessons(files: Files) -> list[LessonFile]:
    """The lesson files in their order."""
    found = []
    for name, text in files.items():
        match = LESSON_FILE.match(name)
        if match is None:
            continue
        values, body = split(text)
        title = values.get("title")
        found.append(
            LessonFile(
                name, int(match.group(1)), match.group(2), str(title or match.group(2)), body
            )
        )
    return sorted(found, key=lambda lesson: (lesson.position, lesson.name))


def lesson(files: Files, slug: str) -> LessonFile | None:
    return next((item for item in lessons(files) if item.slug == slug), None)


def _renumbered(files: Files, order: list[LessonFile]) -> Files:
    """The files with the lessons named 01-…, 02-… in `order` (their slugs and texts kept)."""
    width = max(2, len(str(len(order))))
    changed = {name: text for name, text in files.items() if not LESSON_FILE.match(name)}
    for position, item in enumerate(order, start=1):
        changed[f"{position:0{width}d}-{item.slug}.md"] = files[item.name]
    return changed


def with_lesson(files: Files, slug: str, title: str, body: str) -> Files:
    """Change a lesson's title and text, or add it last when there is no lesson with this slug."""
    current = lessons(files)
    existing = next((item for item in current if item.slug == slug), None)
    changed = dict(files)
    if existing is not None:
        changed[existing.name] = lesson_text(title, body)
        return changed
    name = f"{len(current) + 1:02d}-{slug}.md"
    changed[name] = lesson_text(title, body)
    return _renumbered(changed, [*current, LessonFile(name, len(current) + 1, slug, title, body)])


def without_lesson(files: Files, slug: str) -> Files:
    """Retire a lesson: its file goes; publishing keeps the stored lesson, inactive."""
    remaining = [item for item in lessons(files) if item.slug != slug]
    kept = {name: text for name, text in files.items() if lesson_name_slug(name) != slug}
    return _renumbered(kept, remaining)


def moved(files: Files, slug: str, step: int) -> Files:
    order = lessons(files)
    index = next((i for i, item in enumerate(order) if item.slug == slug), None)
    if index is None or not 0 <= index + step < len(order):
        return files
    order[index], order[index + step] = order[index + step], order[index]
    return _renumbered(files, order)


def lesson_name_slug(name: str) -> str | None:
    match = LESSON_FILE.match(name)
    return match.group(2) if match else None


def quiz(files: Files) -> str:
    return files.get(QUIZ_FILE, "")


def with_quiz(files: Files, text: str) -> Files:
    changed = dict(files)
    changed[QUIZ_FILE] = text.strip() + "\n"
    return changed


def slugify(title: str) -> str:
    """A lesson slug from a title: å, ä, ö become a, a, o; anything else not a-z0-9 becomes '-'."""
    ascii_title = unicodedata.normalize("NFKD", title.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60].strip("-")


def write(folder: Path, files: Files) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
