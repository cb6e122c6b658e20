"""Read and check course folders (`courses/<slug>/`). No database and no request.

Every problem is reported with its file, line and what is wrong, all at once; a folder with
any problem gives no course. The format is described for authors in `courses/README.md`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from learnapp.courses import frontmatter
from learnapp.courses.fields import MAX_TITLE, FieldChecker
from learnapp.courses.render import (
    COURSE_FILE,
    LESSON_FILE,
    RENDER_VERSION,
    Links,
    classify,
    render_markdown,
)
from learnapp.gift.model import Question
from learnapp.gift.parse import parse_gift

QUIZ_FILE = "quiz.gift"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 100

# Inline links and images: [text](target "title") and ![alt](target).
_INLINE_LINK = re.compile(
    r"(!?)\[(?:[^\[\]\\]|\\.|\[[^\]]*\])*\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?"
)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_H1 = re.compile(r"^ {0,3}#(?!#)(\s|$)")
# An image written as HTML: <img … src="target" …> (the address quoted either way, or not).
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


@dataclass(frozen=True)
class ContentError:
    """A problem in a course file. `file` is relative to the courses folder."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class LessonSource:
    position: int
    slug: str
    title: str
    body_html: str
    file: str


@dataclass
class CourseSource:
    """A course folder that passed every check, rendered and ready to store."""

    slug: str
    title: str
    version: int
    summary: str
    language: str
    minutes: int
    areas: list[str]
    pass_mark: float
    validity_months: int
    audience: str
    max_attempts: int
    attempt_wait_minutes: int
    published: bool
    intro_html: str
    lessons: list[LessonSource]
    questions: tuple[Question, ...]
    quiz_hash: str
    content_hash: str
    reviewed: date | None = None  # when the content was last checked against its sources
    draw: int = 0  # questions drawn per attempt (0: all), per category with draw_per_category
    draw_per_category: bool = False
    version_line: int = 1
    reviewed_line: int = 1


@dataclass
class LoadResult:
    courses: list[CourseSource] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_courses(
    root: Path, area_codes: Collection[str], url_prefix: str = "/courses"
) -> LoadResult:
    """Read every course folder under `root` (folders starting with '.' or '_' are skipped)."""
    result = LoadResult()
    if not root.is_dir():
        result.errors.append(ContentError(str(root), 0, "The courses folder does not exist."))
        return result
    folders = sorted(p for p in root.iterdir() if p.is_dir() and p.name[0] not in "._")
    if not folders:
        result.errors.append(ContentError(str(root), 0, "There are no course folders here."))
    for folder in folders:
        course, errors = load_course(folder, area_codes, url_prefix)
        result.errors.extend(errors)
        if course is not None:
            result.courses.append(course)
    return result


def load_course(
    folder: Path, area_codes: Collection[str], url_prefix: str = "/courses"
) -> tuple[CourseSource | None, list[ContentError]]:
    """Read one course folder; the course is None when there is any error."""
    reader = _CourseReader(folder, set(area_codes), url_prefix)
    course = reader.read()
    return (course if not reader.errors else None), reader.errors


class _NoLines:
    """Lines of a course.md that could not be read: every field on line 1."""

    def line_of(self, key: str) -> int:
        return 1


class _CourseReader:
    def __init__(self, folder: Path, area_codes: set[str], url_prefix: str) -> None:
        self.folder = folder
        self.slug = folder.name
        self.area_codes = area_codes
        self.url_prefix = url_prefix.rstrip("/")
        self.errors: list[ContentError] = []

    def error(self, name: str, line: int, message: str) -> None:
        self.errors.append(
            ContentError(f"{self.slug}/{name}" if name else self.slug, line, message)
        )

    def read(self) -> CourseSource | None:
        if not SLUG.match(self.slug) or len(self.slug) > MAX_SLUG:
            self.error(
                "",
                0,
                "The folder name is the course's slug: use only a-z, 0-9 and '-' (no å, ä, ö), "
                f"at most {MAX_SLUG} characters.",
            )
        lesson_files = self._lesson_files()
        links = Links(
            f"{self.url_prefix}/{self.slug}/",
            {name: LESSON_FILE.match(name).group(2) for name in lesson_files.values()},  # type: ignore[union-attr]
        )
        fields, intro_html, lines = self._course_file(links)
        lessons = [self._lesson(position, name, links) for position, name in lesson_files.items()]
        questions, quiz_hash = self._quiz()
        if fields is not None and fields["draw"] and questions:
            self._check_draw(fields["draw"], fields["draw_per_category"], questions, lines)
        if self.errors or fields is None:
            return None
        return CourseSource(
            slug=self.slug,
            intro_html=intro_html,
            lessons=[lesson for lesson in lessons if lesson is not None],
            questions=questions,
            quiz_hash=quiz_hash,
            content_hash=self._content_hash(),
            version_line=lines.line_of("version"),
            reviewed_line=lines.line_of("reviewed"),
            **fields,
        )

    # --- files ---------------------------------------------------------------------------

    def _lesson_files(self) -> dict[int, str]:
        """Lesson file names by position, checking names, numbers and slugs."""
        found: dict[int, str] = {}
        slugs: dict[str, str] = {}
        for path in sorted(self.folder.glob("*.md")):
            name = path.name
            if name in (COURSE_FILE, "README.md"):
                continue
            match = LESSON_FILE.match(name)
            if match is None:
                self.error(
                    name, 0, "A lesson file is named NN-slug.md (two digits, '-', then a-z, 0-9 "
                    "and '-'), e.g. 01-introduction.md.",
                )  # fmt: skip
                continue
            position, slug = int(match.group(1)), match.group(2)
            if len(slug) > MAX_SLUG:
                self.error(name, 0, f"The lesson slug is longer than {MAX_SLUG} characters.")
            elif position in found:
                self.error(name, 0, f"Lesson number {position} is also used by {found[position]}.")
            elif slug in slugs:
                self.error(name, 0, f"Duplicate lesson slug {slug!r}: also used by {slugs[slug]}.")
            else:
                found[position] = name
                slugs[slug] = name
        if not found and not self.errors:
            self.error("", 0, "The course has no lessons (files named 01-slug.md, 02-slug.md, …).")
        return dict(sorted(found.items()))

    def _text(self, name: str) -> str | None:
        path = self.folder / name
        if not path.is_file():
            return None
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            self.error(name, line, "The file is not UTF-8 text; save it as UTF-8.")
            return None

    def _front_matter(self, name: str) -> frontmatter.FrontMatter | None:
        text = self._text(name)
        if text is None:
            return None
        try:
            fm = frontmatter.split(text)
        except frontmatter.FrontMatterError as exc:
            self.error(name, exc.line, exc.message)
            return None
        for key, line in fm.duplicates:
            self.error(name, line, f"The field {key!r} is given twice.")
        return fm

    # --- course.md -----------------------------------------------------------------------

    def _course_file(
        self, links: Links
    ) -> tuple[dict[str, Any] | None, str, frontmatter.FrontMatter | _NoLines]:
        if not (self.folder / COURSE_FILE).is_file():
            self.error(COURSE_FILE, 0, "course.md is missing.")
            return None, "", _NoLines()
        fm = self._front_matter(COURSE_FILE)
        if fm is None:
            return None, "", _NoLines()
        checked = FieldChecker(fm, lambda line, msg: self.error(COURSE_FILE, line, msg))
        fields = checked.course_fields(self.area_codes)
        self._check_markdown(COURSE_FILE, fm, links)
        intro_html = render_markdown(fm.body, links)
        return fields, intro_html, fm

    # --- lessons ---------------------------------------------------------------------------

    def _lesson(self, position: int, name: str, links: Links) -> LessonSource | None:
        fm = self._front_matter(name)
        if fm is None:
            return None
        title = fm.values.get("title")
        for key in fm.values:
            if key != "title":
                self.error(
                    name, fm.line_of(key), f"Unknown field {key!r}: a lesson has only 'title'."
                )
        if title is None:
            self.error(name, 1, "The lesson has no title (add 'title: …' to the front matter).")
        elif not isinstance(title, str) or not title.strip():
            self.error(name, fm.line_of("title"), "The title must be text.")
        elif len(title) > MAX_TITLE:
            self.error(name, fm.line_of("title"), "The title is longer than 200 characters.")
        if not fm.body.strip():
            self.error(name, fm.body_line, "The lesson has no text after the front matter.")
        self._check_markdown(name, fm, links)
        return LessonSource(
            position=position,
            slug=links.lessons[name],
            title=str(title or "").strip(),
            body_html=render_markdown(fm.body, links),
            file=name,
        )

    def _check_markdown(self, name: str, fm: frontmatter.FrontMatter, links: Links) -> None:
        """Headings, links and images, each reported on its own line."""
        for line_no, line in _prose_lines(fm.body, fm.body_line):
            if _H1.match(line):
                self.error(
                    name, line_no, "Headings start at level 2 ('##'): the page shows the title "
                    "as its only level-1 heading.",
                )  # fmt: skip
            targets = [(m.group(1) == "!", m.group(2)) for m in _INLINE_LINK.finditer(line)]
            reference = _REFERENCE.match(line)
            if reference:
                targets.append((False, reference.group(1)))
            for tag in _HTML_IMG.finditer(line):
                src = _HTML_SRC.search(tag.group(0))
                targets.append(
                    (True, next((g for g in src.groups() if g is not None), "") if src else "")
                )
            for is_image, target in targets:
                self._check_target(name, line_no, target, is_image, links)

    def _check_target(
        self, name: str, line: int, target: str, is_image: bool, links: Links
    ) -> None:
        kind, path = classify(target)
        if not target:
            self.error(name, line, "A link or image has no address.")
        elif kind == "bad_scheme":
            self.error(name, line, f"The address {target!r} is not allowed: use http(s) or mailto.")
        elif is_image and kind != "image":
            self.error(
                name, line, f"The image {target!r} must be a .png, .jpg, .gif or .webp file in "
                "the course folder.",
            )  # fmt: skip
        elif kind == "image" and not (self.folder / path).is_file():
            self.error(name, line, f"Image not found: {path!r} is not in the course folder.")
        elif kind == "lesson" and path not in links.lessons:
            self.error(name, line, f"Broken link: there is no lesson file {path!r} in this course.")
        elif kind == "other":
            self.error(
                name, line, f"Broken link {target!r}: link to a lesson file (e.g. 02-slug.md), "
                "an image in the folder, or a full web address.",
            )  # fmt: skip

    # --- quiz ------------------------------------------------------------------------------

    def _quiz(self) -> tuple[tuple[Question, ...], str]:
        path = self.folder / QUIZ_FILE
        if not path.is_file():
            self.error(QUIZ_FILE, 0, "quiz.gift is missing: every course has a quiz.")
            return (), ""
        text = self._text(QUIZ_FILE)
        if text is None:
            return (), ""
        result = parse_gift(text)
        for issue in result.errors:
            self.error(QUIZ_FILE, issue.line, issue.message)
        for question in result.questions:
            if not question.gradable:
                self.error(
                    QUIZ_FILE, question.line, f"This {question.type} question cannot be scored; a "
                    "course quiz may use only questions with right answers.",
                )  # fmt: skip
        if not result.questions and not result.errors:
            self.error(QUIZ_FILE, 1, "The quiz has no questions.")
        return result.questions, hashlib.sha256(path.read_bytes()).hexdigest()

    def _check_draw(
        self,
        draw: int,
        per_category: bool,
        questions: tuple[Question, ...],
        lines: frontmatter.FrontMatter | _NoLines,
    ) -> None:
        """A pool may not draw more questions than the bank (or a category of it) holds."""
        line = lines.line_of("draw")
        if not per_category:
            if draw > len(questions):
                self.error(
                    COURSE_FILE, line, f"draw: {draw} is more than the {len(questions)} "
                    "questions in quiz.gift.",
                )  # fmt: skip
            return
        counts: dict[str, int] = {}
        for question in questions:
            key = question.category or ""
            counts[key] = counts.get(key, 0) + 1
        for category, count in sorted(counts.items()):
            if draw > count:
                self.error(
                    COURSE_FILE, line, f"draw: {draw} per category is more than the {count} "
                    f"questions in the category {category or '(none)'!r} of quiz.gift.",
                )  # fmt: skip

    def _content_hash(self) -> str:
        digest = hashlib.sha256(RENDER_VERSION.encode())
        for path in sorted(self.folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()


def _prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Lines outside fenced code blocks, with inline code removed, and their file line numbers."""
    fence: str | None = None
    for offset, line in enumerate(body.splitlines()):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        if line.startswith("    ") or line.startswith("\t"):
            continue  # indented code (or a continued list item: links there are rare)
        yield first_line + offset, _CODE_SPAN.sub("", line)
