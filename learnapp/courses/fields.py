"""The fields of course.md: each checked, each problem reported on the line of its field."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from learnapp.courses.frontmatter import FrontMatter

LANGUAGE = re.compile(r"^[a-z]{2}(?:-[A-Z]{2})?$")
REQUIRED = (
    "title", "version", "summary", "language", "minutes", "areas", "pass_mark",
    "validity_months", "audience",
)  # fmt: skip
OPTIONAL = (
    "max_attempts", "attempt_wait_minutes", "published", "reviewed", "draw", "draw_per_category",
)  # fmt: skip
MAX_LENGTH = {"title": 200, "audience": 300}
MAX_TITLE = MAX_LENGTH["title"]


class FieldChecker:
    """Checks course.md's fields, reporting each problem on the line of its field."""

    def __init__(self, fm: FrontMatter, report: Callable[[int, str], None]) -> None:
        self.fm = fm
        self.report = report

    def course_fields(self, area_codes: set[str]) -> dict[str, Any]:
        values = self.fm.values
        for key in values:
            if key not in REQUIRED and key not in OPTIONAL:
                self.report(self.fm.line_of(key), f"Unknown field {key!r}.")
        for key in REQUIRED:
            if key not in values or values[key] is None:
                self.report(1, f"The required field {key!r} is missing.")
        fields: dict[str, Any] = {
            "title": self.text("title"),
            "summary": self.text("summary"),
            "audience": self.text("audience"),
            "language": self.text("language"),
            "version": self.integer("version", minimum=1),
            "minutes": self.integer("minutes", minimum=1),
            "validity_months": self.integer("validity_months", minimum=0),
            "max_attempts": self.integer("max_attempts", minimum=0, default=0),
            "attempt_wait_minutes": self.integer("attempt_wait_minutes", minimum=0, default=0),
            "pass_mark": self.share("pass_mark"),
            "published": self.boolean("published", default=True),
            "draw": self.integer("draw", minimum=1, default=0),
            "draw_per_category": self.boolean("draw_per_category", default=False),
            "areas": self.areas(area_codes),
            "reviewed": self.day("reviewed"),
        }
        if fields["language"] and not LANGUAGE.match(fields["language"]):
            self.report(self.fm.line_of("language"), "The language is a code such as 'sv' or 'en'.")
        return fields

    def text(self, key: str) -> str:
        value = self.fm.values.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.report(self.fm.line_of(key), f"{key!r} must be text.")
            return ""
        if key in MAX_LENGTH and len(value) > MAX_LENGTH[key]:
            self.report(
                self.fm.line_of(key), f"{key!r} is longer than {MAX_LENGTH[key]} characters."
            )
        return value.strip()

    def integer(self, key: str, *, minimum: int, default: int = 0) -> int:
        value = self.fm.values.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.report(
                self.fm.line_of(key), f"{key!r} must be a whole number of {minimum} or more, "
                f"not {value!r}.",
            )  # fmt: skip
            return default
        return value

    def share(self, key: str) -> float:
        value = self.fm.values.get(key)
        if value is None:
            return 0.8
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            self.report(
                self.fm.line_of(key), f"{key!r} must be a decimal number above 0 and at most 1 "
                f"(0.8 means 80 percent), not {value!r}.",
            )  # fmt: skip
            return 0.8
        return float(value)

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.fm.values.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.report(self.fm.line_of(key), f"{key!r} must be true or false, not {value!r}.")
            return default
        return value

    def day(self, key: str) -> date | None:
        """A date written YYYY-MM-DD (YAML reads it as a date; quoted, it is text)."""
        value = self.fm.values.get(key)
        if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.report(
            self.fm.line_of(key), f"{key!r} must be a date written YYYY-MM-DD, not {value!r}."
        )
        return None

    def areas(self, area_codes: set[str]) -> list[str]:
        value = self.fm.values.get("areas")
        line = self.fm.line_of("areas")
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.report(line, "'areas' must be a list of competence area codes, e.g. [grunder].")
            return []
        codes: list[str] = []
        for code in value:
            if not isinstance(code, str) or code not in area_codes:
                known = ", ".join(sorted(area_codes))
                self.report(line, f"Unknown competence area code {code!r}; known codes: {known}.")
            elif code not in codes:
                codes.append(code)
        return codes
