"""Images uploaded for a course in the browser: PNG or JPEG, checked by their content with Pillow,
at most 5 MB, stored under the instance folder with random names and served only through the
course's file route (`courses.file`). SVG is refused: it can carry scripts."""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError

from learnapp.courses.models import Course
from learnapp.courses.render import is_image_name
from learnapp.courses.services import uploads_dir

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a small file that opens as a huge picture is refused too
KINDS = {"PNG": ".png", "JPEG": ".jpg"}
EMPTY_ALT = re.compile(r"!\[\s*\]\(")


class ImageError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check(data: bytes) -> str:
    """The file ending for the image in `data`, or raise ImageError (too_large, svg, not_image)."""
    if len(data) > MAX_BYTES:
        raise ImageError("too_large")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head:
        raise ImageError("svg")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageError("not_image") from None
    if kind not in KINDS:
        raise ImageError("not_image")
    if width * height > MAX_PIXELS:
        raise ImageError("too_large")
    return KINDS[kind]


def store(course: Course, data: bytes) -> str:
    """Check and keep the image under a random name; return the name (for Markdown)."""
    ending = check(data)
    folder = uploads_dir(current_app, course)
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(12) + ending
    partial = folder / f".{name}.part"
    partial.write_bytes(data)
    os.replace(partial, folder / name)
    return name


def uploaded(course: Course) -> list[str]:
    folder = uploads_dir(current_app, course)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and is_image_name(p.name))


def copy_all(folders: list[Path], course: Course) -> None:
    """Copy the images of other folders (a copied course's) to this course's uploads."""
    target = uploads_dir(current_app, course)
    for folder in folders:
        for path in folder.iterdir() if folder.is_dir() else []:
            if path.is_file() and is_image_name(path.name) and not path.name.startswith("."):
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target / path.name)
