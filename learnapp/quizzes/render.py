"""Question and answer texts as safe HTML, following the question's GIFT text format."""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup, escape

from learnapp.gift.model import TextFormat

_BLOCK_TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "blockquote"}
_INLINE_TAGS = {"br", "strong", "em", "b", "i", "code", "sub", "sup"}


def _plain(text: str) -> Markup:
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


def text_html(text: str, text_format: TextFormat, *, inline: bool = False) -> Markup:
    """Question text (block) or an answer/feedback text (inline) as HTML from an allow-list.

    Markdown and HTML are rendered and cleaned; "moodle" and "plain" text is shown as written.
    """
    if text_format in ("plain", "moodle"):
        return _plain(text)
    source = markdown.markdown(text) if text_format == "markdown" else text
    tags = _INLINE_TAGS if inline else _BLOCK_TAGS
    return Markup(nh3.clean(source, tags=tags, attributes={}))  # noqa: S704 - cleaned above
