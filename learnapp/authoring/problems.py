"""The loader's problems (English, for authors of course folders) told in the editor's language,
with the file and line kept and, for a lesson, the line of the text as the editor sees it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from flask_babel import gettext as _
from flask_babel import ngettext

from learnapp.authoring import drafts
from learnapp.courses import frontmatter
from learnapp.courses.loader import QUIZ_FILE, ContentError
from learnapp.courses.render import COURSE_FILE, LESSON_FILE

Words = Callable[[re.Match[str]], str]

_KNOWN: list[tuple[re.Pattern[str], Words]] = [
    (
        re.compile(r"^Headings start at level 2"),
        lambda m: _(
            "Headings start at level 2 (##): the page shows the title as its only level-1 heading."
        ),
    ),
    (
        re.compile(r"^A link or image has no address"),
        lambda m: _("A link or image has no address."),
    ),
    (
        re.compile(r"^The address '(.*)' is not allowed"),
        lambda m: _(
            "The address %(target)s is not allowed: use http(s) or mailto.", target=m.group(1)
        ),
    ),
    (
        re.compile(r"^The image '(.*)' must be"),
        lambda m: _(
            "The image %(target)s must be a picture of the course (PNG or JPEG).", target=m.group(1)
        ),
    ),
    (
        re.compile(r"^Image not found: '(.*)'"),
        lambda m: _(
            "Image not found: %(target)s is not among the course's images.", target=m.group(1)
        ),
    ),
    (
        re.compile(r"^Broken link: there is no lesson file '(.*)'"),
        lambda m: _("Broken link: the course has no lesson file %(target)s.", target=m.group(1)),
    ),
    (
        re.compile(r"^Broken link '(.*)':"),
        lambda m: _(
            "Broken link %(target)s: link to a lesson (e.g. 02-name.md), an image of the "
            "course, or a full web address.",
            target=m.group(1),
        ),
    ),
    (
        re.compile(r"^draw: (\d+) is more than the (\d+) questions"),
        lambda m: ngettext(
            "%(num)d question is to be drawn per attempt, but the quiz has only %(count)s.",
            "%(num)d questions are to be drawn per attempt, but the quiz has only %(count)s.",
            int(m.group(1)),
            count=m.group(2),
        ),
    ),
    (
        re.compile(
            r"^draw: (\d+) per category is more than the (\d+) questions in the category "
            r"'(.*)'"
        ),
        lambda m: ngettext(
            "%(num)d question per category is to be drawn, but the category "
            "%(category)s has only %(count)s.",
            "%(num)d questions per category are to be drawn, but the category "
            "%(category)s has only %(count)s.",
            int(m.group(1)),
            count=m.group(2),
            category=m.group(3),
        ),
    ),
    (re.compile(r"^The course has no lessons"), lambda m: _("The course has no lessons.")),
    (
        re.compile(r"^(quiz\.gift is missing|The quiz has no questions)"),
        lambda m: _("The quiz has no questions."),
    ),
]


def _message(text: str) -> str:
    for pattern, words in _KNOWN:
        match = pattern.match(text)
        if match:
            return words(match)
    return text


def _place(name: str, line: int, files: drafts.Files) -> str:
    if name == COURSE_FILE:
        return _("Settings and introduction")
    if name == QUIZ_FILE:
        return _("Quiz, line %(line)d of the GIFT text", line=line) if line else _("Quiz")
    if LESSON_FILE.match(name) and name in files:
        values, _body = drafts.split(files[name])
        title = str(values.get("title") or name)
        try:
            fm = frontmatter.split(files[name])
        except frontmatter.FrontMatterError:
            return _("Lesson %(title)s", title=title)
        leading = len(fm.body) - len(fm.body.lstrip("\n"))
        text_line = line - fm.body_line + 1 - leading
        if text_line >= 1:
            return _("Lesson %(title)s, line %(line)d of the text", title=title, line=text_line)
        return _("Lesson %(title)s", title=title)
    return name


def file_label(name: str, files: drafts.Files) -> str:
    """A file of the course folder as the editor knows it: settings, a lesson, the quiz."""
    if name == COURSE_FILE:
        return _("Settings and introduction")
    if name == QUIZ_FILE:
        return _("Quiz")
    values, _body = drafts.split(files.get(name, ""))
    return _("Lesson %(title)s", title=str(values.get("title") or name))


def describe(problems: Sequence[ContentError], files: drafts.Files) -> list[str]:
    """Each problem as "file:line — where: what", in the editor's language."""
    told = []
    for problem in problems:
        name = problem.file.split("/", 1)[1] if "/" in problem.file else problem.file
        where = f"{name}:{problem.line}" if problem.line else name
        told.append(f"{where} – {_place(name, problem.line, files)}: {_message(problem.message)}")
    return told
