"""Markdown to safe HTML, once at sync: links between lessons and images become course URLs.

The HTML is cleaned with an allow-list (nh3) whatever the file says: no script, no event
handlers, no `javascript:` or `data:` URLs, no inline styles (the CSP forbids them anyway).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

#: Raise when the rendering changes, so that the next sync renders every course again.
RENDER_VERSION = "2"  # 2: an <img> written as HTML is a course file too

LESSON_FILE = re.compile(r"^(\d{2,})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
COURSE_FILE = "course.md"
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"}}
ATTRIBUTE_VALUES = {
    "th": {"scope": {"col", "row"}, "align": {"left", "center", "right"}},
    "td": {"align": {"left", "center", "right"}},
    "ol": {"start": {str(n) for n in range(1, 100)}},
}

TargetKind = Literal["anchor", "external", "bad_scheme", "lesson", "course", "image", "other"]


def is_image_name(name: str) -> bool:
    return "." in name and "." + name.rsplit(".", 1)[1].lower() in IMAGE_TYPES


def classify(target: str) -> tuple[TargetKind, str]:
    """What a link or image target in a course file points at, and the path part of it."""
    target = target.strip()
    if target.startswith("#"):
        return "anchor", target
    parts = urlsplit(target)
    if parts.scheme or target.startswith("//"):
        return ("external" if parts.scheme.lower() in URL_SCHEMES else "bad_scheme"), target
    path = parts.path
    if LESSON_FILE.match(path):
        return "lesson", path
    if path == COURSE_FILE:
        return "course", path
    if "/" not in path and "\\" not in path and is_image_name(path):
        return "image", path
    return "other", path


@dataclass(frozen=True)
class Links:
    """Where the files of one course are served: `course_url` ends with a slash."""

    course_url: str
    lessons: Mapping[str, str]  # lesson file name -> lesson slug

    def lesson(self, slug: str) -> str:
        return self.course_url + slug

    def file(self, name: str) -> str:
        return self.course_url + "files/" + name


class _Rewrite(Treeprocessor):
    def __init__(self, md: markdown.Markdown, links: Links) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                kind, path = classify(element.get("src", ""))
                if kind == "image":
                    element.set("src", self.links.file(path))
                else:  # only the course's own files are shown (the CSP blocks others anyway)
                    element.attrib.pop("src", None)
            elif element.tag == "thead":
                for th in element.iter("th"):
                    th.set("scope", "col")
            elif element.tag == "h1":
                element.tag = "h2"  # the page's own title is its only h1

    def _link(self, element: ET.Element) -> None:
        href = element.get("href", "")
        kind, path = classify(href)
        fragment = urlsplit(href).fragment
        suffix = "#" + fragment if fragment else ""
        if kind == "lesson" and path in self.links.lessons:
            element.set("href", self.links.lesson(self.links.lessons[path]) + suffix)
        elif kind == "course":
            element.set("href", self.links.course_url + suffix)
        elif kind == "image":
            element.set("href", self.links.file(path))
        elif kind not in ("anchor", "external"):
            element.attrib.pop("href", None)


class _CourseLinks(Extension):
    def __init__(self, links: Links) -> None:
        super().__init__()
        self.links = links

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After "inline" (which makes the <a> and <img>), before "prettify".
        md.treeprocessors.register(_Rewrite(md, self.links), "course_links", 5)


def render_markdown(text: str, links: Links) -> str:
    """Render Markdown to HTML that is safe to show as it is."""
    md = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", _CourseLinks(links)],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    return sanitise(md.convert(text), image_src=lambda src: _image_src(src, links))


def _image_src(src: str, links: Links) -> str | None:
    """An image's address in the page: a course file's URL, or none at all. Markdown images were
    rewritten already; an <img> written as HTML in the lesson reaches only this."""
    if src.startswith(links.file("")):
        return src
    kind, path = classify(src)
    return links.file(path) if kind == "image" else None


def sanitise(html: str, image_src: Callable[[str], str | None] | None = None) -> str:
    """Keep only the allowed tags, attributes and URL schemes; `image_src` may rewrite (or drop,
    with None) the address of every image."""

    def attribute(tag: str, name: str, value: str) -> str | None:
        if image_src is not None and tag == "img" and name == "src":
            return image_src(value)
        return value

    return nh3.clean(
        html,
        attribute_filter=attribute,
        tags=TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=ATTRIBUTES,
        tag_attribute_values=ATTRIBUTE_VALUES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
