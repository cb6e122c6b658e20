"""A routine's Markdown to safe HTML, rendered once when a version is published (and for preview).

The lessons' allow-list sanitiser (`learnapp.courses.render.sanitise`) cleans the result: no
script, no event handlers, no `javascript:` URLs. A routine has no files of its own, so images are
shown as their text and only links to the web, e-mail or within the page are kept.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from learnapp.courses.render import classify, sanitise


class _Tidy(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"  # the page's title is its only h1
            elif element.tag == "img":
                element.tag = "span"
                element.text = element.get("alt", "")
                element.attrib.clear()
            elif element.tag == "a" and classify(element.get("href", ""))[0] not in (
                "anchor",
                "external",
            ):
                element.attrib.pop("href", None)
            elif element.tag == "thead":
                for th in element.iter("th"):
                    th.set("scope", "col")


class _TidyExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Tidy(md), "routine_tidy", 5)


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show as it is."""
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", _TidyExtension()],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    return sanitise(md.convert(text))
