"""YAML front matter between two `---` lines, read with the line of every key (for errors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

FENCE = "---"


class FrontMatterError(ValueError):
    """The front matter cannot be read; `line` is 1-based in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class FrontMatter:
    """The fields of the front matter, the line of each key, and the Markdown body after it."""

    values: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int  # the file line where the body starts
    duplicates: list[tuple[str, int]] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def split(text: str) -> FrontMatter:
    """Split a file into front matter and body; raise FrontMatterError when it is malformed."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise FrontMatterError(
            1, "The file must start with front matter: a line '---', the fields, then '---'."
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        raise FrontMatterError(1, "The front matter opened on line 1 is not closed with '---'.")
    source = "\n".join(lines[1:end])
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        values = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(
            line, f"The front matter is not valid YAML: {problem}. Put text with ': ' in quotes."
        ) from exc
    if values is None:
        values, node = {}, None
    if not isinstance(values, dict) or (
        node is not None and not isinstance(node, yaml.MappingNode)
    ):
        raise FrontMatterError(2, "The front matter must be fields written 'name: value'.")
    key_lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    for key_node, _value in node.value if node is not None else []:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2
        if key in key_lines:
            duplicates.append((key, line))
        else:
            key_lines[key] = line
    return FrontMatter(
        values={str(k): v for k, v in values.items()},
        lines=key_lines,
        body="\n".join(lines[end + 1 :]) + "\n",
        body_line=end + 2,
        duplicates=duplicates,
    )
