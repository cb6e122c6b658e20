"""Course packages: a zip of one course folder (`<slug>/course.md`, the lessons, quiz.gift and the
images), exported from a course and imported as a new one.

An import is read with limits before anything is unpacked (number of files, each file's size,
the total, the compression ratio, paths that leave the folder), then checked by the courses
loader with file:line errors; a package with any problem writes nothing.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from flask import current_app

from learnapp.audit.services import record
from learnapp.authoring import images, services
from learnapp.authoring.drafts import Files
from learnapp.authoring.models import CourseDraft
from learnapp.courses.loader import QUIZ_FILE, ContentError
from learnapp.courses.models import Course
from learnapp.courses.render import COURSE_FILE, LESSON_FILE, is_image_name
from learnapp.courses.services import uploads_dir
from learnapp.extensions import db
from learnapp.org.models import Person

MAX_FILES = 500
MAX_TEXT = 1024 * 1024  # one course.md, lesson or quiz.gift
MAX_TOTAL = 60 * 1024 * 1024  # everything unpacked
MAX_RATIO = 100  # unpacked size / packed size of one file: more is a zip bomb
MAX_PACKAGE = 60 * 1024 * 1024


#: The problems in English, for the command line (the browser words them in its language).
PROBLEMS = {
    "not_zip": "The file is not a zip file.",
    "too_large": "The package is larger than 60 MB.",
    "too_many_files": f"The package has more than {MAX_FILES} files.",
    "bad_path": "A path leaves the course folder (starts with / or contains ..).",
    "huge_file": "A file is too large unpacked (1 MB of text, 5 MB an image) or packed too "
    "tightly.",
    "one_folder": "A package holds exactly one folder, named as the course.",
    "slug_format": "The short name may contain only a-z, 0-9 and '-'.",
    "slug_taken": "Another course already has this short name.",
}


@dataclass
class Package:
    """A package read and checked: the folder's name, its text files and images, or problems."""

    slug: str = ""
    files: Files = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # codes or "file:line: message"

    @property
    def ok(self) -> bool:
        return not self.problems


def export(course: Course, actor: Person | None) -> bytes:
    """The published course as a zip in the courses/<slug>/ format; the export is audited."""
    files = services.current_files(course)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(files.items()):
            archive.writestr(f"{course.slug}/{name}", text)
        written = set(files)
        for folder in services.image_folders(course):
            for path in sorted(folder.iterdir()) if folder.is_dir() else []:
                if path.is_file() and is_image_name(path.name) and path.name not in written:
                    archive.write(path, f"{course.slug}/{path.name}")
                    written.add(path.name)
    record("course.exported", actor=actor, target=course, version=course.version)
    return buffer.getvalue()


def read(data: bytes) -> Package:
    """Read a zip with every limit checked; nothing is unpacked to disk."""
    package = Package()
    if len(data) > MAX_PACKAGE:
        return Package(problems=["too_large"])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return Package(problems=["not_zip"])
    if len(entries) > MAX_FILES:
        return Package(problems=["too_many_files"])
    tops: set[str] = set()
    total = 0
    for info in entries:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if info.filename.startswith(("/", "\\")) or ".." in path.parts or len(path.parts) != 2:
            return Package(problems=["bad_path"])
        tops.add(path.parts[0])
        name = path.parts[1]
        limit = images.MAX_BYTES if is_image_name(name) else MAX_TEXT
        if info.file_size > limit or info.file_size > max(info.compress_size, 1) * MAX_RATIO:
            return Package(problems=["huge_file"])
        try:
            with archive.open(info) as handle:
                content = handle.read(limit + 1)  # never more, whatever the header says
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
            return Package(problems=["not_zip"])
        total += len(content)
        if len(content) > limit or total > MAX_TOTAL:
            return Package(problems=["huge_file"])
        if name in (COURSE_FILE, QUIZ_FILE) or LESSON_FILE.match(name):
            try:
                package.files[name] = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                package.problems.append(f"{path}: The file is not UTF-8 text; save it as UTF-8.")
        elif is_image_name(name) and not name.startswith("."):
            try:
                images.check(content)
            except images.ImageError:
                package.problems.append(f"{path}: The file is not a PNG or JPEG picture.")
            package.images[name] = content
        elif name != "README.md":
            package.problems.append(f"{path}: A course package holds only course.md, lessons "
                                    "(NN-slug.md), quiz.gift and images.")  # fmt: skip
    if len(tops) != 1:
        return Package(problems=["one_folder"])
    package.slug = tops.pop()
    return package


def check(package: Package, slug: str) -> list[ContentError]:
    """The loader's problems with the package as the course `slug` (nothing written)."""
    probe = Course(slug=slug, title="", version=0)
    probe.id = 0
    source, errors = services.check_files(probe, package.files, package.images)
    return errors if source is None else []


def import_package(
    package: Package, slug: str, actor: Person | None, *, client_address: str | None = None
) -> Course:
    """A new course from a checked package, published as its version 1; or AuthoringError."""
    problem = services.check_slug(slug)
    if problem:
        raise services.AuthoringError(problem)
    errors = check(package, slug)
    if errors:
        raise services.AuthoringError("invalid", errors)
    values_title = services.title_of(package.files) or slug
    course = Course(slug=slug, title=values_title, version=0, published=False)
    db.session.add(course)
    db.session.flush()
    draft = CourseDraft(course_id=course.id, files=package.files, revision=1, based_on=0)
    db.session.add(draft)
    db.session.flush()
    folder = uploads_dir(current_app, course)
    for name, content in package.images.items():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    try:
        services.publish(
            course,
            draft,
            draft.revision,
            actor,
            major=True,
            retake=False,
            change_note="Imported from a course package.",
            client_address=client_address,
            source="package",
        )
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)  # the caller rolls the rows back
        raise
    record("course.imported", actor=actor, target=course, slug=slug, folder=package.slug)
    return course
