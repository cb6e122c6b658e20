"""A draft read through the courses loader, remembered in this process for the draft and preview
pages: reading a course (its Markdown and its GIFT quiz) cost some 40 ms of CPU on every view.

The key is everything the reading depends on: the draft's files, the images beside them (name,
size and time of change), the competence areas a course may name and the address prefix of its
links. Publishing reads the files anew (services.check_files): it never takes a remembered one.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict

from flask import current_app

from learnapp.authoring import services
from learnapp.authoring.drafts import Files
from learnapp.courses.loader import ContentError, CourseSource
from learnapp.courses.models import Course
from learnapp.courses.services import known_area_codes, url_prefix

KEPT = 32  # drafts remembered per process, the least recently read forgotten first
_kept: OrderedDict[str, tuple[CourseSource | None, list[ContentError]]] = OrderedDict()
_lock = threading.Lock()


def _key(course: Course, files: Files) -> str:
    images = sorted(
        (str(path), stat.st_size, stat.st_mtime_ns)
        for folder in services.image_folders(course)
        if folder.is_dir()
        for path in folder.iterdir()
        if path.is_file() and (stat := path.stat())
    )
    parts = [course.slug, url_prefix(current_app), sorted(known_area_codes()), files, images]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def draft(course: Course, files: Files) -> tuple[CourseSource | None, list[ContentError]]:
    """`services.check_files(course, files)` for reading: the loaded course (not to be changed)
    and its problems."""
    key = _key(course, files)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    found = services.check_files(course, files)
    with _lock:
        _kept[key] = found
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return found
